package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.qbft.Rules;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Admission of validator-set changes in the simulated channel: only a change one step from the
 * current set fits, and a proposer takes at most one change per block.
 */
class BlockChecksTest {
  private final ChannelScenarios.Built channel =
      ChannelScenarios.build(
          new World(new SplittableRandom(1), FaultPlan.calm()),
          new SplittableRandom(2),
          ChannelScenarios.Keys.simulatedSignatures(),
          "ch0",
          4,
          3,
          Rules.CORRECT,
          1_000,
          List.of(),
          ChannelDiagnostics.NONE);
  private final ValidatorSet genesis = channel.spec().genesis().validators();
  private final List<Validator> spares = channel.spares();
  private int number;

  private Transaction change(ValidatorSet next) {
    return sign(
        ValidatorSetChange.APPLICATION,
        ValidatorSetChange.TYPE,
        new ValidatorSetChange(next).toPayload());
  }

  private Transaction counter() {
    return sign(
        CounterApplication.NAME, CounterApplication.ADD, CounterApplication.payload("k", 1));
  }

  private Transaction sign(String application, String type, Bytes payload) {
    var admin = channel.admin().orElseThrow();
    TxBody body =
        new TxBody(
            channel.spec().name(),
            application,
            type,
            payload,
            channel.spec().suite().fingerprint(admin.publicKey()),
            "test-" + number++,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    return Transaction.sign(channel.spec().suite(), admin, body);
  }

  private ValidatorSet with(List<Validator> in, List<Validator> out) {
    List<Validator> validators = new ArrayList<>(genesis.validators());
    validators.removeAll(out);
    validators.addAll(in);
    return ValidatorSet.of(validators);
  }

  private boolean fits(Transaction transaction) {
    return BlockChecks.changeFits(genesis, transaction).isAccepted();
  }

  @Test
  void aChangeFitsOnlyOneStepFromTheCurrentSet() {
    Validator first = genesis.validators().get(0);
    assertThat(fits(counter())).isTrue();
    assertThat(fits(change(with(List.of(spares.get(0)), List.of())))).as("one in").isTrue();
    assertThat(fits(change(with(List.of(), List.of(first))))).as("one out").isTrue();
    assertThat(fits(change(with(List.of(spares.get(0)), List.of(first))))).as("a swap").isTrue();
    assertThat(fits(change(genesis))).as("no change").isFalse();
    Check twoIn = BlockChecks.changeFits(genesis, change(with(spares.subList(0, 2), List.of())));
    assertThat(twoIn).isInstanceOf(Check.Rejected.class);
    assertThat(((Check.Rejected) twoIn).reason()).isEqualTo(BlockChecks.NOT_ONE_STEP);
  }

  @Test
  void aProposerTakesTheOldestFittingChangeOnlyAndEveryOtherTransaction() {
    ChannelLedger ledger =
        new ChannelLedger(
            channel.spec().genesis(),
            channel.spec().suite(),
            new CounterApplication(channel.spec().suite()));
    Transaction counter = counter();
    Transaction stale = change(with(spares.subList(0, 2), List.of()));
    Transaction add = change(with(List.of(spares.get(0)), List.of()));
    Transaction swap = change(with(List.of(spares.get(1)), List.of(genesis.validators().get(1))));
    Transaction later = counter();

    List<Transaction> built =
        BlockChecks.buildable(ledger, List.of(counter, stale, add, swap, later), 1_000);

    assertThat(built).containsExactly(counter, add, later);
    assertThat(ValidatorSetChange.check(genesis, built).isAccepted()).isTrue();
  }
}
