package io.entente.core.crypto;

import static io.entente.core.crypto.CryptoTesting.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CryptoSuite.hash against the examples printed in the hash standards. */
class DigestKnownAnswerTest {
  private static final CryptoSuite STANDARD = CryptoSuite.of(SuiteId.STANDARD);
  private static final CryptoSuite GUOMI = CryptoSuite.of(SuiteId.GUOMI);

  @Test
  void sha256OfAbcIsTheFips180OneBlockExample() {
    // FIPS 180-4 example "SHA256.pdf" (formerly FIPS 180-2 Appendix B.1): SHA-256("abc").
    assertThat(STANDARD.hash(ascii("abc")))
        .isEqualTo(
            Hash.fromHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  }

  @Test
  void sha256OfTheTwoBlockMessageIsTheFips180Example() {
    // FIPS 180-4 example (formerly FIPS 180-2 Appendix B.2): a 448-bit message that pads to two
    // blocks.
    Bytes message = ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    assertThat(STANDARD.hash(message))
        .isEqualTo(
            Hash.fromHex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  }

  @Test
  void sm3OfAbcIsTheGbt32905Example1() {
    // GB/T 32905-2016 (= GM/T 0004-2012) Appendix A, example 1: SM3("abc").
    assertThat(GUOMI.hash(ascii("abc")))
        .isEqualTo(
            Hash.fromHex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"));
  }

  @Test
  void sm3OfAbcdSixteenTimesIsTheGbt32905Example2() {
    // GB/T 32905-2016 (= GM/T 0004-2012) Appendix A, example 2: the 512-bit message "abcd" × 16,
    // exactly one block, so its padding fills a second block.
    Bytes message = ascii("abcd".repeat(16));
    assertThat(message.length()).isEqualTo(64);
    assertThat(GUOMI.hash(message))
        .isEqualTo(
            Hash.fromHex("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void hashingPartsIsHashingTheirConcatenation(SuiteId id) {
    CryptoSuite suite = CryptoSuite.of(id);
    assertThat(suite.hash(ascii("a"), Bytes.EMPTY, ascii("bc")))
        .isEqualTo(suite.hash(ascii("abc")));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aFingerprintIsTheSuiteHashOfTheCompressedKey(SuiteId id) {
    CryptoSuite suite = CryptoSuite.of(id);
    PublicKey key = PrivateKey.of(id, BigInteger.TWO).publicKey();
    assertThat(suite.fingerprint(key)).isEqualTo(suite.hash(key.encoded()));
  }

  @Test
  void sha256IsBouncyCastlesDigestForEveryLengthAcrossTheBlockBoundaries() {
    // The standard suite hashes through the JDK (hardware SHA instructions); BouncyCastle's digest
    // is the independent reference, for every padding case of the first blocks and a large input.
    byte[] data = new byte[64 * 1024 + 7];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    for (int length :
        java.util.stream.IntStream.concat(
                java.util.stream.IntStream.rangeClosed(0, 200),
                java.util.stream.IntStream.of(data.length))
            .toArray()) {
      byte[] part = java.util.Arrays.copyOf(data, length);
      org.bouncycastle.crypto.digests.SHA256Digest reference =
          new org.bouncycastle.crypto.digests.SHA256Digest();
      reference.update(part, 0, part.length);
      byte[] expected = new byte[32];
      reference.doFinal(expected, 0);
      assertThat(STANDARD.hash(Bytes.of(part)).value().unsafeArray()).isEqualTo(expected);
    }
  }
}
