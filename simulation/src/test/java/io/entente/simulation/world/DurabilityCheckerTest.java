package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.toy.CounterClient;
import io.entente.simulation.toy.CounterReplica;
import io.entente.simulation.toy.ToyScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kept broken variant: a replica that acknowledges before it syncs. The checkers must catch it
 * within the seed budget, and must pass the correct replica on the very same seeds.
 */
class DurabilityCheckerTest {
  static final int SEEDS = 40;

  @Test
  void theCrashCheckerCatchesTheBrokenReplicaAndPassesTheCorrectOne() {
    List<Long> caught = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      RunResult correct = ToyScenarios.COUNTER.run(new SplittableRandom(seed));
      assertThat(correct.passed())
          .as("correct replica, seed " + seed + ": " + correct.summary())
          .isTrue();
      RunResult broken = ToyScenarios.COUNTER_BROKEN.run(new SplittableRandom(seed));
      if (broken.outcome() instanceof Outcome.Failed failed) {
        assertThat(failed.reason()).as("seed " + seed).isEqualTo("counter.acknowledged_write_lost");
        caught.add(seed);
      }
    }
    assertThat(caught).as("seeds on which the broken replica was caught").isNotEmpty();
  }

  @Test
  void syncBeforeSendCatchesTheBrokenReplicaAtItsFirstAcknowledgement() {
    assertThat(runWithSyncBeforeSend(CounterReplica.broken()).outcome())
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            failed -> {
              assertThat(failed.reason()).isEqualTo("durability.send_before_sync");
              assertThat(failed.detail()).startsWith("replica->client");
            });
    RunResult correct = runWithSyncBeforeSend(CounterReplica.correct());
    assertThat(correct.passed()).as(correct.summary()).isTrue();
  }

  private static RunResult runWithSyncBeforeSend(CounterReplica replica) {
    World world = new World(new SplittableRandom(1), FaultPlan.calm());
    NodeId replicaId = NodeId.of("replica");
    world.addNode(replicaId, "counter", node -> replica);
    world.addNode(
        NodeId.of("client"), "counter", node -> new CounterClient(List.of(replicaId), 50));
    world.addInvariant(
        DurabilityInvariants.syncBeforeSend(sent -> sent.link().from().equals(replicaId)));
    return world.runUntil(2_000);
  }
}
