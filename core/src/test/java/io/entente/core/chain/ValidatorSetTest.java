package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidatorSetTest {

  private static List<Validator> validators(int count) {
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      validators.add(new Validator("bank-" + (i % 3), ChainSamples.key(i)));
    }
    return validators;
  }

  @ParameterizedTest
  @CsvSource({"1,1,0", "2,2,0", "3,2,0", "4,3,1", "5,4,1", "6,4,1", "7,5,2", "10,7,3", "64,43,21"})
  void quorumIsTheCeilingOfTwoThirdsAndFaultsTheFloorOfAThird(int n, int quorum, int faulty) {
    ValidatorSet set = ValidatorSet.of(validators(n));
    assertThat(set.quorum()).isEqualTo(quorum);
    assertThat(set.maxFaulty()).isEqualTo(faulty);
  }

  @Test
  void ofSortsByInstitutionThenFingerprint() {
    ValidatorSet set = ChainSamples.validatorSet();
    List<Validator> validators = set.validators();
    for (int i = 1; i < validators.size(); i++) {
      Validator previous = validators.get(i - 1);
      Validator current = validators.get(i);
      int byInstitution = previous.institution().compareTo(current.institution());
      assertThat(
              byInstitution < 0
                  || (byInstitution == 0
                      && previous.fingerprint().compareTo(current.fingerprint()) < 0))
          .isTrue();
    }
    assertThat(set.institutions()).containsExactly("bank-a", "bank-b");
  }

  @Test
  void institutionsSortByUtf8BytesNotByJavaChars() {
    // U+FF21 (a BMP character above the surrogates) sorts before U+1F600 in UTF-8 but after it in
    // UTF-16.
    Validator fullWidth = new Validator("\uFF21", ChainSamples.key(1));
    Validator emoji = new Validator("\uD83D\uDE00", ChainSamples.key(2));
    assertThat(ValidatorSet.of(List.of(emoji, fullWidth)).validators())
        .containsExactly(fullWidth, emoji);
  }

  @Test
  void theConstructorRejectsUnsortedDuplicateEmptyOversizedAndMixedSets() {
    List<Validator> sorted = ChainSamples.validatorSet().validators();
    List<Validator> reversed = new ArrayList<>(sorted);
    java.util.Collections.reverse(reversed);
    assertThatThrownBy(() -> new ValidatorSet(reversed)).hasMessageContaining("canonical order");

    Validator a = new Validator("bank-a", ChainSamples.key(1));
    Validator sameKeyOtherBank = new Validator("bank-b", ChainSamples.key(1));
    assertThatThrownBy(() -> ValidatorSet.of(List.of(a, sameKeyOtherBank)))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> ValidatorSet.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidatorSet.of(validators(CoreLimits.VALIDATORS_MAX + 1)))
        .isInstanceOf(IllegalArgumentException.class);

    Validator guomi = TestKeys.validator(TestKeys.signer(SuiteId.GUOMI, 1), "bank-c");
    assertThatThrownBy(() -> ValidatorSet.of(List.of(a, guomi)))
        .hasMessageContaining("mix crypto suites");
  }

  @Test
  void theCodecRejectsAnUnsortedList() {
    List<Validator> sorted = ChainSamples.validatorSet().validators();
    Writer writer = new Writer();
    writer.u8(ValidatorSet.CODEC.tag()).u8(ValidatorSet.CODEC.version());
    writer.list(List.of(sorted.get(1), sorted.get(0)), 64, Validator.CODEC::writeTo);
    assertReason(writer.toBytes(), CodecException.NOT_SORTED);
  }

  @Test
  void theCodecRejectsARepeatedValidatorAndARepeatedKey() {
    Validator a = new Validator("bank-a", ChainSamples.key(1));
    Writer repeated = new Writer();
    repeated.u8(ValidatorSet.CODEC.tag()).u8(ValidatorSet.CODEC.version());
    repeated.list(List.of(a, a), 64, Validator.CODEC::writeTo);
    assertReason(repeated.toBytes(), CodecException.NOT_SORTED);

    Writer sameKey = new Writer();
    sameKey.u8(ValidatorSet.CODEC.tag()).u8(ValidatorSet.CODEC.version());
    sameKey.list(
        List.of(a, new Validator("bank-b", ChainSamples.key(1))), 64, Validator.CODEC::writeTo);
    assertReason(sameKey.toBytes(), CodecException.INVALID_VALUE);

    Writer empty = new Writer();
    empty.u8(ValidatorSet.CODEC.tag()).u8(ValidatorSet.CODEC.version()).u32(0);
    assertReason(empty.toBytes(), CodecException.INVALID_VALUE);
  }

  @Test
  void lookupByFingerprintAndHash() {
    ValidatorSet set = ChainSamples.validatorSet();
    Validator second = set.validators().get(1);
    assertThat(set.byFingerprint(second.fingerprint())).contains(second);
    assertThat(set.byFingerprint(ChainSamples.hash("nobody"))).isEmpty();
    assertThat(set.fingerprintIndex()).hasSize(4).containsEntry(second.fingerprint(), second);

    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    assertThat(set.hash(suite)).isEqualTo(suite.hash(ValidatorSet.CODEC.encode(set)));
    assertThat(ChainSamples.validatorSetChange().next().hash(suite)).isNotEqualTo(set.hash(suite));
    assertThatThrownBy(() -> set.hash(CryptoSuite.of(SuiteId.GUOMI)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertReason(Bytes encoded, String reason) {
    assertThatThrownBy(() -> ValidatorSet.CODEC.decode(encoded))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
