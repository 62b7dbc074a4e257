package io.entente.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The block ciphers and CryptoSuite.aead() against published examples, plus tampering. */
class AeadKnownAnswerTest {

  /** One GCM example: seal must give ciphertext ‖ tag, and open must give the plaintext back. */
  record GcmVector(
      String source,
      SuiteId suite,
      String key,
      String nonce,
      String associatedData,
      String plaintext,
      String ciphertext,
      String tag) {
    CryptoSuite.Aead aead() {
      return CryptoSuite.of(suite).aead();
    }

    Bytes bytes(String hex) {
      return Bytes.fromHex(hex);
    }

    @Override
    public String toString() {
      return source;
    }
  }

  static Stream<GcmVector> gcmVectors() {
    return Stream.of(
        // RFC 8998 Appendix A.1 (SM4-GCM test vector).
        new GcmVector(
            "RFC 8998 A.1 SM4-GCM",
            SuiteId.GUOMI,
            "0123456789abcdeffedcba9876543210",
            "00001234567800000000abcd",
            "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
                + "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
            "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
                + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
            "83de3541e4c2b58177e065a9bf7b62ec"),
        // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)" (the NIST GCM submission),
        // Appendix B, Test Case 13: AES-256, all-zero key and nonce, empty plaintext and AAD.
        new GcmVector(
            "GCM spec test case 13 (AES-256)",
            SuiteId.STANDARD,
            "00".repeat(32),
            "00".repeat(12),
            "",
            "",
            "",
            "530f8afbc74536b9a963b4f1c4cb738b"),
        // Same document, Test Case 14: AES-256, zero key and nonce, one zero block.
        new GcmVector(
            "GCM spec test case 14 (AES-256)",
            SuiteId.STANDARD,
            "00".repeat(32),
            "00".repeat(12),
            "",
            "00".repeat(16),
            "cea7403d4d606b6e074ec5d3baf39d18",
            "d0d1c8a799996bf0265b98b5d48ab919"),
        // Same document, Test Case 16: AES-256, 60-byte plaintext (a partial last block), 20-byte
        // AAD, 96-bit nonce.
        new GcmVector(
            "GCM spec test case 16 (AES-256)",
            SuiteId.STANDARD,
            "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
            "cafebabefacedbaddecaf888",
            "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gcmVectors")
  void sealGivesThePublishedCiphertextAndTag(GcmVector v) {
    Bytes sealed =
        v.aead()
            .seal(
                v.bytes(v.key()),
                v.bytes(v.nonce()),
                v.bytes(v.associatedData()),
                v.bytes(v.plaintext()));
    assertThat(sealed).isEqualTo(Bytes.fromHex(v.ciphertext() + v.tag()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gcmVectors")
  void openRecoversThePublishedPlaintext(GcmVector v) {
    assertThat(
            v.aead()
                .open(
                    v.bytes(v.key()),
                    v.bytes(v.nonce()),
                    v.bytes(v.associatedData()),
                    Bytes.fromHex(v.ciphertext() + v.tag())))
        .contains(v.bytes(v.plaintext()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gcmVectors")
  void tamperingWithAnyInputMakesOpenFail(GcmVector v) {
    CryptoSuite.Aead aead = v.aead();
    Bytes key = v.bytes(v.key());
    Bytes nonce = v.bytes(v.nonce());
    Bytes data = v.bytes(v.associatedData());
    Bytes sealed = Bytes.fromHex(v.ciphertext() + v.tag());
    int tagStart = sealed.length() - CryptoSuite.Aead.TAG_BYTES;

    if (tagStart > 0) {
      assertThat(aead.open(key, nonce, data, flipBit(sealed, 0))).as("ciphertext").isEmpty();
    }
    assertThat(aead.open(key, nonce, data, flipBit(sealed, tagStart))).as("tag first").isEmpty();
    assertThat(aead.open(key, nonce, data, flipBit(sealed, sealed.length() - 1)))
        .as("tag last")
        .isEmpty();
    assertThat(aead.open(key, flipBit(nonce, 11), data, sealed)).as("nonce").isEmpty();
    assertThat(aead.open(key, nonce, data.concat(Bytes.of(new byte[1])), sealed))
        .as("associated data extended")
        .isEmpty();
    if (data.length() > 0) {
      assertThat(aead.open(key, nonce, flipBit(data, 0), sealed)).as("associated data").isEmpty();
    }
    assertThat(aead.open(flipBit(key, 0), nonce, data, sealed)).as("key").isEmpty();
    assertThat(aead.open(key, nonce, data, Bytes.of(sealed.unsafeArray(), 0, tagStart)))
        .as("tag cut off")
        .isEmpty();
  }

  @Test
  void sm4BlockCipherMatchesGbt32907Example1() {
    // GB/T 32907-2016 (= GM/T 0002-2012) Appendix A, example 1: key = plaintext.
    byte[] key = Bytes.fromHex("0123456789abcdeffedcba9876543210").toByteArray();
    SM4Engine engine = new SM4Engine();
    engine.init(true, new KeyParameter(key));
    byte[] block = key.clone();
    engine.processBlock(block, 0, block, 0);
    assertThat(Bytes.of(block)).isEqualTo(Bytes.fromHex("681edf34d206965e86b3e94f536e4246"));

    engine.init(false, new KeyParameter(key));
    engine.processBlock(block, 0, block, 0);
    assertThat(block).isEqualTo(key);
  }

  @Test
  void sm4BlockCipherMatchesGbt32907Example2() {
    // GB/T 32907-2016 Appendix A, example 2: the same key and plaintext encrypted 1,000,000 times.
    byte[] key = Bytes.fromHex("0123456789abcdeffedcba9876543210").toByteArray();
    SM4Engine engine = new SM4Engine();
    engine.init(true, new KeyParameter(key));
    byte[] block = key.clone();
    for (int i = 0; i < 1_000_000; i++) {
      engine.processBlock(block, 0, block, 0);
    }
    assertThat(Bytes.of(block)).isEqualTo(Bytes.fromHex("595298c7c6fd271f0402f804c33d3f66"));
  }

  @Test
  void keySizesAreTheSuites() {
    assertThat(CryptoSuite.of(SuiteId.STANDARD).aead().keyBytes()).isEqualTo(32);
    assertThat(CryptoSuite.of(SuiteId.GUOMI).aead().keyBytes()).isEqualTo(16);
  }

  @Test
  void wrongKeyOrNonceSizesAreRejected() {
    for (SuiteId id : SuiteId.values()) {
      CryptoSuite.Aead aead = CryptoSuite.of(id).aead();
      Bytes key = Bytes.of(new byte[aead.keyBytes()]);
      Bytes nonce = Bytes.of(new byte[CryptoSuite.Aead.NONCE_BYTES]);
      // 16 bytes would be a valid AES-128 key and 32 bytes is too long for SM4: both must fail.
      Bytes otherKey = Bytes.of(new byte[aead.keyBytes() == 32 ? 16 : 32]);
      Bytes sealed = aead.seal(key, nonce, Bytes.EMPTY, Bytes.EMPTY);

      assertThatThrownBy(() -> aead.seal(otherKey, nonce, Bytes.EMPTY, Bytes.EMPTY))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> aead.open(otherKey, nonce, Bytes.EMPTY, sealed))
          .isInstanceOf(IllegalArgumentException.class);
      for (int nonceBytes : new int[] {0, 8, 11, 13, 16}) {
        Bytes badNonce = Bytes.of(new byte[nonceBytes]);
        assertThatThrownBy(() -> aead.seal(key, badNonce, Bytes.EMPTY, Bytes.EMPTY))
            .as("seal, %d-byte nonce", nonceBytes)
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aead.open(key, badNonce, Bytes.EMPTY, sealed))
            .as("open, %d-byte nonce", nonceBytes)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void inputShorterThanATagDoesNotOpen() {
    for (SuiteId id : SuiteId.values()) {
      CryptoSuite.Aead aead = CryptoSuite.of(id).aead();
      Bytes key = Bytes.of(new byte[aead.keyBytes()]);
      Bytes nonce = Bytes.of(new byte[CryptoSuite.Aead.NONCE_BYTES]);
      assertThat(aead.open(key, nonce, Bytes.EMPTY, Bytes.EMPTY)).isEmpty();
      assertThat(aead.open(key, nonce, Bytes.EMPTY, Bytes.of(new byte[15]))).isEmpty();
    }
  }

  static Bytes flipBit(Bytes value, int byteIndex) {
    byte[] copy = value.toByteArray();
    copy[byteIndex] ^= 0x01;
    return Bytes.wrapUnsafe(copy);
  }
}
