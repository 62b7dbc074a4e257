package io.entente.core.crypto;

import static io.entente.core.crypto.CryptoTesting.order;
import static io.entente.core.crypto.CryptoTesting.outcome;
import static io.entente.core.crypto.CryptoTesting.signature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.math.ec.ECCurve;

/**
 * Properties of sign and verify in both suites over random keys and messages. Tries are modest
 * because every try costs a few elliptic-curve multiplications.
 */
class SignatureProperties {
  private static final int TRIES = 100;
  private static final BigInteger TWO_TO_256 = BigInteger.ONE.shiftLeft(256);

  @Property(tries = TRIES)
  void aSignatureVerifiesForItsKeyAndMessage(
      @ForAll("privateKeys") PrivateKey key, @ForAll("messages") Bytes message) {
    CryptoSuite suite = CryptoSuite.of(key.suite());
    Signature signature = suite.sign(key, message);

    assertThat(outcome(suite.verify(key.publicKey(), message, signature))).isEqualTo("accepted");
    assertThat(suite.signer(key).sign(message)).isEqualTo(signature);
  }

  @Property(tries = TRIES)
  void everyStandardSignatureHasALowS(
      @ForAll("standardKeys") PrivateKey key, @ForAll("messages") Bytes message) {
    Signature signature = CryptoSuite.of(SuiteId.STANDARD).sign(key, message);
    BigInteger s = Signatures.s(signature);

    assertThat(s).isPositive().isLessThanOrEqualTo(order(SuiteId.STANDARD).shiftRight(1));
    assertThat(Signatures.r(signature)).isPositive().isLessThan(order(SuiteId.STANDARD));
  }

  @Property(tries = TRIES)
  void flippingAnyBitOfTheMessageIsRejected(
      @ForAll("privateKeys") PrivateKey key,
      @ForAll("messages") Bytes message,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitChoice) {
    Assume.that(message.length() > 0);
    CryptoSuite suite = CryptoSuite.of(key.suite());
    Signature signature = suite.sign(key, message);
    Bytes altered = flipBit(message, bitChoice % (message.length() * 8));

    assertThat(outcome(suite.verify(key.publicKey(), altered, signature)))
        .isEqualTo("signature-invalid");
  }

  @Property(tries = TRIES)
  void flippingAnyBitOfTheSignatureIsRejected(
      @ForAll("privateKeys") PrivateKey key,
      @ForAll("messages") Bytes message,
      @ForAll @IntRange(min = 0, max = Signature.LENGTH_BYTES * 8 - 1) int bit) {
    CryptoSuite suite = CryptoSuite.of(key.suite());
    Signature signature = suite.sign(key, message);
    Signature altered = new Signature(flipBit(signature.value(), bit));

    // A flip in a high bit can also push r or s out of range, or (for ECDSA) s above n/2.
    assertThat(outcome(suite.verify(key.publicKey(), message, altered)))
        .isIn("signature-invalid", "signature-out-of-range", "signature-high-s");
  }

  @Property(tries = TRIES)
  void anotherKeysSignatureIsRejected(
      @ForAll("privateKeys") PrivateKey key,
      @ForAll("scalars") BigInteger otherScalar,
      @ForAll("messages") Bytes message) {
    Assume.that(isKey(key.suite(), otherScalar) && !otherScalar.equals(key.scalar()));
    CryptoSuite suite = CryptoSuite.of(key.suite());
    PrivateKey other = PrivateKey.of(key.suite(), otherScalar);

    assertThat(outcome(suite.verify(key.publicKey(), message, suite.sign(other, message))))
        .isEqualTo("signature-invalid");
  }

  @Property(tries = TRIES)
  void rOrSOfZeroOrAtLeastTheOrderIsOutOfRange(
      @ForAll("privateKeys") PrivateKey key,
      @ForAll("messages") Bytes message,
      @ForAll("excessOverTheOrder") BigInteger excess,
      @ForAll boolean zero,
      @ForAll boolean replaceR) {
    CryptoSuite suite = CryptoSuite.of(key.suite());
    Signature valid = suite.sign(key, message);
    BigInteger bad = zero ? BigInteger.ZERO : order(key.suite()).add(excess);
    Signature altered =
        replaceR ? signature(bad, Signatures.s(valid)) : signature(Signatures.r(valid), bad);

    assertThat(outcome(suite.verify(key.publicKey(), message, altered)))
        .isEqualTo("signature-out-of-range");
  }

  @Property(tries = TRIES)
  void aKeyOfTheOtherSuiteIsASuiteMismatch(
      @ForAll("privateKeys") PrivateKey key, @ForAll("messages") Bytes message) {
    SuiteId other = key.suite() == SuiteId.STANDARD ? SuiteId.GUOMI : SuiteId.STANDARD;
    Assume.that(isKey(other, key.scalar()));
    CryptoSuite suite = CryptoSuite.of(key.suite());
    Signature signature = suite.sign(key, message);
    PublicKey otherSuitesKey = PrivateKey.of(other, key.scalar()).publicKey();

    assertThat(outcome(suite.verify(otherSuitesKey, message, signature)))
        .isEqualTo("suite-mismatch");
    assertThatThrownBy(() -> CryptoSuite.of(other).sign(key, message))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CryptoSuite.of(other).signer(key))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = TRIES)
  void thirtyThreeBytesThatAreNotACurvePointAreAnInvalidKey(
      @ForAll("notCurvePoints") PublicKey key, @ForAll("messages") Bytes message) {
    // (1, 1) is in range and low, so only the key can be what verify rejects.
    Signature inRange = signature(BigInteger.ONE, BigInteger.ONE);
    assertThat(outcome(CryptoSuite.of(key.suite()).verify(key, message, inRange)))
        .isEqualTo("public-key-invalid");
  }

  @Provide
  Arbitrary<PrivateKey> privateKeys() {
    return Arbitraries.of(SuiteId.class).flatMap(SignatureProperties::keysOf);
  }

  @Provide
  Arbitrary<PrivateKey> standardKeys() {
    return keysOf(SuiteId.STANDARD);
  }

  /** Keys over the whole range, whose ends jqwik tries as edge cases. */
  private static Arbitrary<PrivateKey> keysOf(SuiteId suite) {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ONE, largestKey(suite))
        .map(scalar -> PrivateKey.of(suite, scalar));
  }

  /** n − 1 on P-256 and n − 2 on SM2 (GB/T 32918.1 §6.1); see PrivateKeyRangeTest. */
  private static BigInteger largestKey(SuiteId suite) {
    return order(suite).subtract(suite == SuiteId.GUOMI ? BigInteger.TWO : BigInteger.ONE);
  }

  private static boolean isKey(SuiteId suite, BigInteger scalar) {
    return scalar.signum() > 0 && scalar.compareTo(largestKey(suite)) <= 0;
  }

  @Provide
  Arbitrary<BigInteger> scalars() {
    return Arbitraries.bigIntegers().between(BigInteger.ONE, TWO_TO_256.subtract(BigInteger.ONE));
  }

  @Provide
  Arbitrary<Bytes> messages() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Bytes::of);
  }

  /** Added to n, stays below 2^256 (so it still fits in 32 bytes) for both curves' n. */
  @Provide
  Arbitrary<BigInteger> excessOverTheOrder() {
    BigInteger largestOrder = order(SuiteId.STANDARD).max(order(SuiteId.GUOMI));
    return Arbitraries.bigIntegers()
        .between(BigInteger.ZERO, TWO_TO_256.subtract(BigInteger.ONE).subtract(largestOrder));
  }

  /**
   * 33 bytes that do not decode to a point of the suite's curve: a prefix other than 02 or 03, an x
   * at or above the field prime, or an x for which x³ + ax + b has no square root mod p (Euler's
   * criterion, computed here rather than asked of the library under test).
   */
  @Provide
  Arbitrary<PublicKey> notCurvePoints() {
    return Arbitraries.of(SuiteId.class)
        .flatMap(
            suite -> {
              ECCurve curve = Curves.domain(suite).getCurve();
              BigInteger p = curve.getField().getCharacteristic();
              BigInteger a = curve.getA().toBigInteger();
              BigInteger b = curve.getB().toBigInteger();
              Arbitrary<Integer> pointPrefix = Arbitraries.of(0x02, 0x03);
              Arbitrary<PublicKey> badPrefix =
                  Arbitraries.integers()
                      .between(0, 255)
                      .filter(prefix -> prefix != 0x02 && prefix != 0x03)
                      .flatMap(
                          prefix ->
                              Arbitraries.bigIntegers()
                                  .between(BigInteger.ZERO, TWO_TO_256.subtract(BigInteger.ONE))
                                  .map(x -> encode(suite, prefix, x)));
              Arbitrary<PublicKey> xTooLarge =
                  pointPrefix.flatMap(
                      prefix ->
                          Arbitraries.bigIntegers()
                              .between(p, TWO_TO_256.subtract(BigInteger.ONE))
                              .map(x -> encode(suite, prefix, x)));
              Arbitrary<PublicKey> noSquareRoot =
                  pointPrefix.flatMap(
                      prefix ->
                          Arbitraries.bigIntegers()
                              .between(BigInteger.ZERO, p.subtract(BigInteger.ONE))
                              .filter(x -> !isSquare(x.pow(3).add(a.multiply(x)).add(b).mod(p), p))
                              .map(x -> encode(suite, prefix, x)));
              return Arbitraries.oneOf(badPrefix, xTooLarge, noSquareRoot);
            });
  }

  private static boolean isSquare(BigInteger value, BigInteger p) {
    return value.signum() == 0
        || value.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
  }

  private static PublicKey encode(SuiteId suite, int prefix, BigInteger x) {
    byte[] encoded = new byte[PublicKey.ENCODED_BYTES];
    encoded[0] = (byte) prefix;
    System.arraycopy(Curves.toFixed32(x), 0, encoded, 1, 32);
    return new PublicKey(suite, Bytes.wrapUnsafe(encoded));
  }

  private static Bytes flipBit(Bytes value, int bit) {
    byte[] copy = value.toByteArray();
    copy[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
    return Bytes.wrapUnsafe(copy);
  }
}
