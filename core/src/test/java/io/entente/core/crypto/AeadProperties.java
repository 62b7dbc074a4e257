package io.entente.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import java.util.Arrays;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of CryptoSuite.aead() in both suites over random keys, nonces, data and text. */
class AeadProperties {
  private static final int TRIES = 200;

  @Property(tries = TRIES)
  void openUndoesSeal(
      @ForAll SuiteId suite,
      @ForAll @Size(32) byte[] keyMaterial,
      @ForAll @Size(12) byte[] nonce,
      @ForAll @Size(max = 100) byte[] associatedData,
      @ForAll @Size(max = 300) byte[] plaintext) {
    CryptoSuite.Aead aead = CryptoSuite.of(suite).aead();
    Bytes key = Bytes.of(keyMaterial, 0, aead.keyBytes());

    Bytes sealed = aead.seal(key, Bytes.of(nonce), Bytes.of(associatedData), Bytes.of(plaintext));

    assertThat(sealed.length()).isEqualTo(plaintext.length + CryptoSuite.Aead.TAG_BYTES);
    assertThat(aead.open(key, Bytes.of(nonce), Bytes.of(associatedData), sealed))
        .contains(Bytes.of(plaintext));
  }

  @Property(tries = TRIES)
  void flippingAnyBitOfTheSealedTextMakesOpenFail(
      @ForAll SuiteId suite,
      @ForAll @Size(32) byte[] keyMaterial,
      @ForAll @Size(12) byte[] nonce,
      @ForAll @Size(max = 100) byte[] associatedData,
      @ForAll @Size(max = 300) byte[] plaintext,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitChoice) {
    CryptoSuite.Aead aead = CryptoSuite.of(suite).aead();
    Bytes key = Bytes.of(keyMaterial, 0, aead.keyBytes());
    Bytes sealed = aead.seal(key, Bytes.of(nonce), Bytes.of(associatedData), Bytes.of(plaintext));

    byte[] altered = sealed.toByteArray();
    int bit = bitChoice % (altered.length * 8);
    altered[bit / 8] ^= (byte) (1 << (bit % 8));

    assertThat(aead.open(key, Bytes.of(nonce), Bytes.of(associatedData), Bytes.of(altered)))
        .isEmpty();
  }

  @Property(tries = TRIES)
  void otherAssociatedDataMakesOpenFail(
      @ForAll SuiteId suite,
      @ForAll @Size(32) byte[] keyMaterial,
      @ForAll @Size(12) byte[] nonce,
      @ForAll @Size(max = 100) byte[] associatedData,
      @ForAll @Size(max = 100) byte[] otherAssociatedData,
      @ForAll @Size(max = 300) byte[] plaintext) {
    Assume.that(!Arrays.equals(associatedData, otherAssociatedData));
    CryptoSuite.Aead aead = CryptoSuite.of(suite).aead();
    Bytes key = Bytes.of(keyMaterial, 0, aead.keyBytes());
    Bytes sealed = aead.seal(key, Bytes.of(nonce), Bytes.of(associatedData), Bytes.of(plaintext));

    assertThat(aead.open(key, Bytes.of(nonce), Bytes.of(otherAssociatedData), sealed)).isEmpty();
  }
}
