package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/** Shared pieces of the two signature schemes: r ‖ s encoding, range checks, key generation. */
final class Signatures {
  private Signatures() {}

  static Signature encode(BigInteger r, BigInteger s) {
    byte[] out = new byte[Signature.LENGTH_BYTES];
    System.arraycopy(Curves.toFixed32(r), 0, out, 0, 32);
    System.arraycopy(Curves.toFixed32(s), 0, out, 32, 32);
    return new Signature(Bytes.wrapUnsafe(out));
  }

  static BigInteger r(Signature signature) {
    return new BigInteger(1, signature.value().unsafeArray(), 0, 32);
  }

  static BigInteger s(Signature signature) {
    return new BigInteger(1, signature.value().unsafeArray(), 32, 32);
  }

  /** r and s in [1, n − 1]. */
  static Check inRange(BigInteger r, BigInteger s, BigInteger order) {
    boolean ok =
        r.signum() > 0 && r.compareTo(order) < 0 && s.signum() > 0 && s.compareTo(order) < 0;
    return Check.require(ok, "signature-out-of-range", () -> "r or s is not in [1, n-1]");
  }

  static Check sameSuite(SuiteId expected, PublicKey key) {
    return Check.require(
        key.suite() == expected,
        "suite-mismatch",
        () -> "a " + key.suite().label() + " key in the " + expected.label() + " suite");
  }

  /** Decodes the key's point, or null when it is not a point on the curve. */
  static ECPublicKeyParameters decodeOrNull(PublicKey key) {
    try {
      return Curves.toParameters(key);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static KeyPair generate(SuiteId suite, SecureRandom random) {
    ECDomainParameters domain = Curves.domain(suite);
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(domain, random));
    // SM2 excludes d = n - 1, which the generic generator may draw (probability about 2^-256):
    // draw again rather than fail.
    while (true) {
      AsymmetricCipherKeyPair pair = generator.generateKeyPair();
      BigInteger scalar = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
      if (PrivateKey.inRange(suite, scalar)) {
        PrivateKey privateKey = PrivateKey.of(suite, scalar);
        PublicKey publicKey =
            Curves.fromPoint(suite, ((ECPublicKeyParameters) pair.getPublic()).getQ());
        return new KeyPair(privateKey, publicKey);
      }
    }
  }
}
