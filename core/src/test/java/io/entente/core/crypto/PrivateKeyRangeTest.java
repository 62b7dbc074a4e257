package io.entente.core.crypto;

import static io.entente.core.crypto.CryptoTesting.ascii;
import static io.entente.core.crypto.CryptoTesting.order;
import static io.entente.core.crypto.CryptoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ends of each suite's private-key range, where signing arithmetic breaks if they are off. */
class PrivateKeyRangeTest {
  private static final Bytes MESSAGE = ascii("edge");

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void zeroAndTheOrderAreNotKeys(SuiteId suite) {
    assertThatThrownBy(() -> PrivateKey.of(suite, BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateKey.of(suite, order(suite)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateKey.of(suite, BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void oneIsAKeyThatSignsAndVerifies(SuiteId suite) {
    assertSignsAndVerifies(PrivateKey.of(suite, BigInteger.ONE));
  }

  @Test
  void onP256TheLargestKeyIsTheOrderMinusOne() {
    assertSignsAndVerifies(
        PrivateKey.of(SuiteId.STANDARD, order(SuiteId.STANDARD).subtract(BigInteger.ONE)));
  }

  /**
   * GB/T 32918.1 §6.1 draws d from [1, n − 2]: SM2's s = (1 + d)⁻¹ (k − rd) mod n, and for d = n −
   * 1 the inverse does not exist. Such a key used to be accepted, and signing with it threw an
   * ArithmeticException ("BigInteger not invertible") instead of producing a signature.
   */
  @Test
  void onSm2TheOrderMinusOneIsNotAKey() {
    BigInteger n = order(SuiteId.GUOMI);
    assertThatThrownBy(() -> PrivateKey.of(SuiteId.GUOMI, n.subtract(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertSignsAndVerifies(PrivateKey.of(SuiteId.GUOMI, n.subtract(BigInteger.TWO)));
  }

  @Test
  void theRangeAlsoAppliesToThe32ByteForm() {
    byte[] nMinusOne = Curves.toFixed32(order(SuiteId.GUOMI).subtract(BigInteger.ONE));
    assertThatThrownBy(() -> PrivateKey.of(SuiteId.GUOMI, Bytes.of(nMinusOne)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSignsAndVerifies(PrivateKey key) {
    CryptoSuite suite = CryptoSuite.of(key.suite());
    Signature signature = suite.sign(key, MESSAGE);
    assertThat(outcome(suite.verify(key.publicKey(), MESSAGE, signature))).isEqualTo("accepted");
  }
}
