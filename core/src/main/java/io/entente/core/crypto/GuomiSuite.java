package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * SM2 signatures with the default user id of GB/T 32918 ("1234567812345678"), SM3, SM4-GCM.
 *
 * <p>Verification is BouncyCastle's {@link SM2Signer}. Signing is done here because BouncyCastle's
 * SM2 signer only draws its nonce from a random source; deriving it as in RFC 6979 (HMAC-SM3 over
 * key and digest) keeps signing deterministic, like the standard suite. The signature equations are
 * those of GB/T 32918.2 §6.1.
 */
final class GuomiSuite implements CryptoSuite {
  static final GuomiSuite INSTANCE = new GuomiSuite();

  /** The default user identity of GB/T 32918.2 (and RFC 8998). */
  static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  private static final ECDomainParameters DOMAIN = Curves.domain(SuiteId.GUOMI);
  private static final CryptoSuite.Aead AEAD = new GcmAead(SM4Engine::new, 16);

  private GuomiSuite() {}

  @Override
  public SuiteId id() {
    return SuiteId.GUOMI;
  }

  @Override
  public Hash hash(Bytes... parts) {
    return Digests.digest(new SM3Digest(), parts);
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    return Signatures.generate(SuiteId.GUOMI, random);
  }

  @Override
  public Signature sign(PrivateKey key, Bytes message) {
    if (key.suite() != SuiteId.GUOMI) {
      throw new IllegalArgumentException("not an SM2 key");
    }
    return sign(key, message, new HMacDSAKCalculator(new SM3Digest()));
  }

  /** Signs with nonces from {@code nonces}; tests pass the nonce of a standard's example. */
  static Signature sign(PrivateKey key, Bytes message, DSAKCalculator nonces) {
    BigInteger n = DOMAIN.getN();
    BigInteger d = key.scalar();
    byte[] digest = messageDigest(key.publicKey(), message);
    BigInteger e = new BigInteger(1, digest);
    nonces.init(n, d, digest);
    BigInteger inverseOfOnePlusD = d.add(BigInteger.ONE).modInverse(n);
    FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint point = multiplier.multiply(DOMAIN.getG(), k).normalize();
      BigInteger r = e.add(point.getAffineXCoord().toBigInteger()).mod(n);
      if (r.signum() == 0 || r.add(k).equals(n)) {
        continue;
      }
      BigInteger s = inverseOfOnePlusD.multiply(k.subtract(r.multiply(d))).mod(n);
      if (s.signum() != 0) {
        return Signatures.encode(r, s);
      }
    }
  }

  /** e = SM3(Z_A ‖ M): the value SM2 signs and verifies. */
  static byte[] messageDigest(PublicKey key, Bytes message) {
    byte[] zA = userHash(key);
    SM3Digest e = new SM3Digest();
    e.update(zA, 0, zA.length);
    e.update(message.unsafeArray(), 0, message.length());
    byte[] out = new byte[32];
    e.doFinal(out, 0);
    return out;
  }

  /**
   * Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) with the default user id; a separate
   * step so tests can compare it with the Z_A a standard's example lists.
   */
  static byte[] userHash(PublicKey key) {
    ECPoint q = Curves.toParameters(key).getQ().normalize();
    SM3Digest z = new SM3Digest();
    int idBits = DEFAULT_USER_ID.length * 8;
    z.update((byte) (idBits >>> 8));
    z.update((byte) idBits);
    z.update(DEFAULT_USER_ID, 0, DEFAULT_USER_ID.length);
    for (BigInteger value :
        new BigInteger[] {
          DOMAIN.getCurve().getA().toBigInteger(),
          DOMAIN.getCurve().getB().toBigInteger(),
          DOMAIN.getG().getAffineXCoord().toBigInteger(),
          DOMAIN.getG().getAffineYCoord().toBigInteger(),
          q.getAffineXCoord().toBigInteger(),
          q.getAffineYCoord().toBigInteger()
        }) {
      z.update(Curves.toFixed32(value), 0, 32);
    }
    byte[] zA = new byte[32];
    z.doFinal(zA, 0);
    return zA;
  }

  @Override
  public Check verify(PublicKey key, Bytes message, Signature signature) {
    Check shape =
        Signatures.sameSuite(SuiteId.GUOMI, key)
            .and(
                () ->
                    Signatures.inRange(
                        Signatures.r(signature), Signatures.s(signature), DOMAIN.getN()));
    if (!shape.isAccepted()) {
      return shape;
    }
    ECPublicKeyParameters publicKey = Signatures.decodeOrNull(key);
    if (publicKey == null) {
      return Check.rejected("public-key-invalid", "not a point on sm2p256v1");
    }
    SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
    verifier.init(false, new ParametersWithID(publicKey, DEFAULT_USER_ID));
    byte[] data = message.unsafeArray();
    verifier.update(data, 0, data.length);
    return Check.require(
        verifier.verifySignature(signature.value().unsafeArray()),
        "signature-invalid",
        () -> "SM2 signature does not match key and message");
  }

  @Override
  public CryptoSuite.Aead aead() {
    return AEAD;
  }

  @Override
  public String toString() {
    return "guomi (SM2, SM3, SM4-GCM)";
  }
}
