package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;

/**
 * A signing key held in memory: the 32-byte big-endian scalar on the suite's curve. It never prints
 * its value. Keys at rest are password-encrypted PKCS#8 files handled by the node.
 */
public final class PrivateKey {
  public static final int SCALAR_BYTES = 32;

  private final SuiteId suite;
  private final BigInteger scalar;

  private PrivateKey(SuiteId suite, BigInteger scalar) {
    this.suite = suite;
    this.scalar = scalar;
  }

  /**
   * Validates the scalar: [1, n − 1] on P-256, but [1, n − 2] on SM2 (GB/T 32918.1 §6.1), whose
   * signing divides by 1 + d, which is 0 mod n for d = n − 1.
   */
  public static PrivateKey of(SuiteId suite, BigInteger scalar) {
    if (!inRange(suite, scalar)) {
      throw new IllegalArgumentException(
          "private scalar out of range for the " + suite.label() + " curve");
    }
    return new PrivateKey(suite, scalar);
  }

  static boolean inRange(SuiteId suite, BigInteger scalar) {
    BigInteger order = Curves.domain(suite).getN();
    BigInteger largest = order.subtract(suite == SuiteId.GUOMI ? BigInteger.TWO : BigInteger.ONE);
    return scalar.signum() > 0 && scalar.compareTo(largest) <= 0;
  }

  public static PrivateKey of(SuiteId suite, Bytes scalar32) {
    if (scalar32.length() != SCALAR_BYTES) {
      throw new IllegalArgumentException("a private scalar is " + SCALAR_BYTES + " bytes");
    }
    return of(suite, new BigInteger(1, scalar32.unsafeArray()));
  }

  public SuiteId suite() {
    return suite;
  }

  /** The scalar; only key-file and HSM-import code should need it. */
  public BigInteger scalar() {
    return scalar;
  }

  public PublicKey publicKey() {
    return Curves.publicKeyOf(suite, scalar);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PrivateKey key && key.suite == suite && key.scalar.equals(scalar);
  }

  @Override
  public int hashCode() {
    return suite.hashCode() * 31 + scalar.hashCode();
  }

  @Override
  public String toString() {
    return "PrivateKey[" + suite.label() + ", redacted]";
  }
}
