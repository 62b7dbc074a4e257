package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The application inside a channel ledger, as a validator runs it: blocks pass the ledger's
 * admission ({@link BlockChecks#admit}) before they are appended, and the ledger's validator set
 * follows the governance channel's own approved set change.
 */
class LedgerIntegrationTest {
  private final GovernanceFixture fixture = new GovernanceFixture(new int[] {1, 1, 1, 1});
  private final List<Signer> signers = new ArrayList<>();
  private final ChainBuilder builder;
  private final ChannelLedger ledger;

  LedgerIntegrationTest() {
    List<Validator> validators = new ArrayList<>();
    for (int bank = 0; bank < 4; bank++) {
      Signer signer = GovernanceFixture.validatorSigner(200 + 10 * bank + 1);
      signers.add(signer);
      validators.add(new Validator(fixture.banks.get(bank), signer.publicKey()));
    }
    Genesis genesis =
        new Genesis(
            GovernanceFixture.GOVERNANCE,
            GovernanceFixture.SUITE_ID,
            GovernanceFixture.START_MS,
            1,
            ValidatorSet.of(validators),
            false);
    builder = new ChainBuilder(genesis, signers);
    ledger = new ChannelLedger(genesis, GovernanceFixture.SUITE, fixture.app);
  }

  private Check admit(Transaction... transactions) {
    // Admission judges a proposed block; build one without keeping it.
    ChainBuilder scratch = new ChainBuilder(builder.genesis(), signers);
    for (CertifiedBlock block : builder.blocks()) {
      scratch.append(block.block().transactions());
    }
    CertifiedBlock candidate = scratch.append(List.of(transactions));
    return BlockChecks.admit(
        GovernanceFixture.SUITE,
        id -> Optional.of(GovernanceFixture.clientSigner().publicKey()),
        ledger,
        candidate.block());
  }

  private BlockResult append(Transaction... transactions) {
    assertThat(admit(transactions)).isEqualTo(Check.accepted());
    return ledger.appendReporting(builder.append(List.of(transactions))).result();
  }

  private ChannelRecord governance() {
    return ChannelRecord.decode(
        fixture
            .app
            .query(
                ledger.state(),
                new Application.Caller("bank-a", "viewer"),
                GovernanceQueries.request(
                    GovernanceQueries.Kind.CHANNEL, GovernanceFixture.GOVERNANCE))
            .result());
  }

  @Test
  void theLedgersSetFollowsTheApprovedGovernanceSetChangeAndNoOther() {
    ValidatorSet genesisSet = ledger.setOf(1);
    List<Validator> rest = new ArrayList<>(genesisSet.validators());
    rest.remove(3); // bank-d's node, d1
    ValidatorSet withoutD = ValidatorSet.of(rest);
    assertThat(admit(fixture.setChange(withoutD))).isInstanceOf(Check.Rejected.class);

    BlockResult proposing =
        append(
            fixture.propose("bank-a", new Change.DemoteNode("d1", GovernanceFixture.GOVERNANCE)));
    long id = GovernanceRequests.decodeOutcome(proposing.receipts().get(0).result()).proposalId();
    append(fixture.vote("bank-a", id, true), fixture.vote("bank-b", id, true));
    append(fixture.vote("bank-c", id, true));

    append(fixture.setChange(withoutD));
    assertThat(ledger.setOf(ledger.height() + 1)).isEqualTo(withoutD);
    assertThat(governance().validators()).containsExactly("a1", "b1", "c1");
    assertThat(governance().observers()).containsExactly("d1");
    assertThat(admit(fixture.setChange(genesisSet))).isInstanceOf(Check.Rejected.class);
  }
}
