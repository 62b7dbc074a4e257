package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.signers.DSAKCalculator;

/** Small helpers shared by the crypto tests. */
final class CryptoTesting {
  private CryptoTesting() {}

  static BigInteger hex(String value) {
    return new BigInteger(value, 16);
  }

  static Bytes ascii(String value) {
    return Bytes.of(value.getBytes(StandardCharsets.US_ASCII));
  }

  /** The reason of a rejection, or "accepted". */
  static String outcome(Check check) {
    if (check instanceof Check.Rejected rejected) {
      return rejected.reason();
    }
    return "accepted";
  }

  static BigInteger order(SuiteId suite) {
    return Curves.domain(suite).getN();
  }

  /**
   * The SEC 1 §2.3.3 compressed encoding of the affine point (x, y), built by hand rather than by
   * BouncyCastle so that a published (x, y) is compared with our key independently of the library.
   */
  static PublicKey compressed(SuiteId suite, BigInteger x, BigInteger y) {
    byte[] encoded = new byte[PublicKey.ENCODED_BYTES];
    encoded[0] = (byte) (y.testBit(0) ? 0x03 : 0x02);
    System.arraycopy(Curves.toFixed32(x), 0, encoded, 1, 32);
    return new PublicKey(suite, Bytes.wrapUnsafe(encoded));
  }

  /** r ‖ s from two integers below 2^256 (no range check: tests build invalid ones on purpose). */
  static Signature signature(BigInteger r, BigInteger s) {
    return Signatures.encode(r, s);
  }

  /** A nonce source that always returns {@code k}: reproduces a standard's worked example. */
  static DSAKCalculator fixedNonce(BigInteger k) {
    return new DSAKCalculator() {
      @Override
      public boolean isDeterministic() {
        return true;
      }

      @Override
      public void init(BigInteger n, SecureRandom random) {
        throw new IllegalStateException("a fixed nonce needs no randomness");
      }

      @Override
      public void init(BigInteger n, BigInteger d, byte[] message) {}

      @Override
      public BigInteger nextK() {
        return k;
      }
    };
  }
}
