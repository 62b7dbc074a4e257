package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Valid seals certify a block exactly when there are at least a quorum of them. */
class BlockCertificateProperties {
  private static final int VALIDATORS_AT_MOST = 7;
  private static final List<Signer> SIGNERS = new ArrayList<>();

  static {
    for (int i = 0; i < VALIDATORS_AT_MOST; i++) {
      SIGNERS.add(TestKeys.signer(SuiteId.STANDARD, i));
    }
  }

  @Provide
  Arbitrary<List<Boolean>> sealers() {
    return Arbitraries.of(true, false).list().ofSize(VALIDATORS_AT_MOST);
  }

  @Property(tries = 100)
  void validSealsCertifyExactlyFromAQuorumOn(
      @ForAll @IntRange(min = 1, max = VALIDATORS_AT_MOST) int size,
      @ForAll("sealers") List<Boolean> seals) {
    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      validators.add(TestKeys.validator(SIGNERS.get(i), "bank-" + (i % 2)));
    }
    ValidatorSet set = ValidatorSet.of(validators);
    BlockHeader header = ChainSamples.blockHeader();
    List<Seal> chosen = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (seals.get(i)) {
        chosen.add(Seal.sign(suite, SIGNERS.get(i), SealPayload.of(suite, header)));
      }
    }
    Assume.that(!chosen.isEmpty()); // a certificate has at least one seal
    Check check =
        BlockCertificates.verify(
            suite, header, BlockCertificate.of(header.hash(suite), chosen), set, false);
    assertThat(check.isAccepted()).isEqualTo(chosen.size() >= set.quorum());
    if (!check.isAccepted()) {
      assertThat(((Check.Rejected) check).reason()).isEqualTo(BlockCertificates.NO_QUORUM);
    }
  }
}
