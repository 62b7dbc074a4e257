package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An auditor holding only genesis, two certified headers and one inclusion proof follows a
 * validator-set change: the change included in block 1 governs block 2.
 */
class OfflineAuditTest {
  private static final SuiteId ID = SuiteId.STANDARD;
  private static final CryptoSuite SUITE = CryptoSuite.of(ID);
  private static final String CHANNEL = "loans-bank-a-bank-b";

  private final List<Signer> signers = new ArrayList<>();

  private Signer signer(int number) {
    while (signers.size() <= number) {
      signers.add(TestKeys.signer(ID, signers.size()));
    }
    return signers.get(number);
  }

  private ValidatorSet set(int... numbers) {
    List<Validator> validators = new ArrayList<>();
    for (int number : numbers) {
      validators.add(TestKeys.validator(signer(number), number % 2 == 0 ? "bank-a" : "bank-b"));
    }
    return ValidatorSet.of(validators);
  }

  private BlockHeader header(
      long height, Hash parent, ValidatorSet set, List<Transaction> transactions) {
    return new BlockHeader(
        CHANNEL,
        height,
        parent,
        set.validators().get(0).fingerprint(),
        0,
        ChainSamples.TIME_MS + height * 1_000,
        1,
        set.hash(SUITE),
        Block.txRoot(SUITE, transactions),
        SUITE.hash(),
        SUITE.hash());
  }

  private BlockCertificate certify(BlockHeader header, int... sealers) {
    List<Seal> seals = new ArrayList<>();
    for (int sealer : sealers) {
      seals.add(Seal.sign(SUITE, signer(sealer), SealPayload.of(SUITE, header)));
    }
    return BlockCertificate.of(header.hash(SUITE), seals);
  }

  private Transaction change(ValidatorSet next) {
    TxBody body =
        new TxBody(
            CHANNEL,
            ValidatorSetChange.APPLICATION,
            ValidatorSetChange.TYPE,
            new ValidatorSetChange(next).toPayload(),
            ChainSamples.hash("governance certificate"),
            "set-change-1",
            ChainSamples.TIME_MS,
            ChainSamples.TIME_MS + 60_000);
    return Transaction.sign(SUITE, signer(0), body);
  }

  @Test
  void anAuditorFollowsASetChangeFromCertifiedHeadersAndOneProof() {
    ValidatorSet first = set(0, 1, 2, 3);
    ValidatorSet second = set(2, 3, 4, 5);
    Genesis genesis = new Genesis(CHANNEL, ID, ChainSamples.TIME_MS, 1, first, true);

    List<Transaction> block1Transactions = List.of(ChainSamples.transaction(), change(second));
    BlockHeader header1 = header(1, genesis.hash(), first, block1Transactions);
    BlockCertificate certificate1 = certify(header1, 0, 1, 2);
    Block block1 = new Block(header1, block1Transactions);
    assertThat(ValidatorSetChange.nextSet(first, block1Transactions)).isEqualTo(second);
    InclusionProof proof = InclusionProof.ofTransaction(SUITE, block1, 1);

    BlockHeader header2 = header(2, header1.hash(SUITE), second, List.of());
    BlockCertificate certificate2 = certify(header2, 3, 4, 5);

    // What the auditor does, with genesis, the two headers, their certificates and the proof.
    ValidatorSet set = genesis.validators();
    assertThat(header1.parentHash()).isEqualTo(genesis.hash());
    assertThat(header1.validatorSetHash()).isEqualTo(set.hash(SUITE));
    assertAccepted(BlockCertificates.verify(SUITE, header1, certificate1, set, true));

    assertAccepted(proof.verify(SUITE, header1));
    Transaction included = Transaction.CODEC.decode(proof.leaf());
    assertThat(ValidatorSetChange.isChange(included.body())).isTrue();
    set = ValidatorSetChange.CODEC.decode(included.body().payload()).next();

    assertThat(header2.parentHash()).isEqualTo(header1.hash(SUITE));
    assertThat(header2.validatorSetHash()).isEqualTo(set.hash(SUITE));
    assertAccepted(BlockCertificates.verify(SUITE, header2, certificate2, set, true));

    // The old set no longer certifies block 2.
    BlockCertificate byOldSet = certify(header2, 0, 1, 2);
    assertThat(BlockCertificates.verify(SUITE, header2, byOldSet, set, true))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(BlockCertificates.NOT_A_VALIDATOR));
  }

  private static void assertAccepted(Check check) {
    assertThat(check).isEqualTo(Check.accepted());
  }
}
