package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** The curve of each suite and conversions between our key values and BouncyCastle's. */
public final class Curves {
  // The custom curve implementations have specialised field arithmetic: several times faster
  // than the generic prime-field curves of SECNamedCurves/GMNamedCurves, same points.
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final X9ECParameters SM2P256V1 = CustomNamedCurves.getByName("sm2p256v1");
  private static final ECDomainParameters P256_DOMAIN = new ECDomainParameters(P256);
  private static final ECDomainParameters SM2_DOMAIN = new ECDomainParameters(SM2P256V1);

  private Curves() {}

  public static ECDomainParameters domain(SuiteId suite) {
    return switch (suite) {
      case STANDARD -> P256_DOMAIN;
      case GUOMI -> SM2_DOMAIN;
    };
  }

  /** The curve's standard name: secp256r1 (P-256) or sm2p256v1. */
  public static String curveName(SuiteId suite) {
    return switch (suite) {
      case STANDARD -> "secp256r1";
      case GUOMI -> "sm2p256v1";
    };
  }

  static PublicKey publicKeyOf(SuiteId suite, BigInteger scalar) {
    ECPoint point =
        new FixedPointCombMultiplier().multiply(domain(suite).getG(), scalar).normalize();
    return new PublicKey(suite, Bytes.wrapUnsafe(point.getEncoded(true)));
  }

  /**
   * Decodes and validates the compressed point of {@code key}.
   *
   * @throws IllegalArgumentException if the bytes are not a point on the suite's curve
   */
  public static ECPublicKeyParameters toParameters(PublicKey key) {
    ECDomainParameters domain = domain(key.suite());
    ECPoint point = domain.getCurve().decodePoint(key.encoded().unsafeArray());
    return new ECPublicKeyParameters(point, domain);
  }

  /** Our value of a BouncyCastle public key point on the suite's curve. */
  public static PublicKey fromPoint(SuiteId suite, ECPoint point) {
    return new PublicKey(suite, Bytes.wrapUnsafe(point.normalize().getEncoded(true)));
  }

  /** The scalar as exactly 32 big-endian bytes. */
  static byte[] toFixed32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }
}
