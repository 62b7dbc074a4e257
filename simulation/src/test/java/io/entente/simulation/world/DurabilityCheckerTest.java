package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.simulation.toy.AcknowledgedWritesSurvive;
import io.entente.simulation.toy.CounterClient;
import io.entente.simulation.toy.CounterReplica;
import io.entente.simulation.toy.ToyScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
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
    List<SortedMap<String, Long>> correctCoverage = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      RunResult correct = ToyScenarios.COUNTER.run(new SplittableRandom(seed));
      assertThat(correct.passed())
          .as("correct replica, seed " + seed + ": " + correct.summary())
          .isTrue();
      correctCoverage.add(correct.coverage());
      RunResult broken = ToyScenarios.COUNTER_BROKEN.run(new SplittableRandom(seed));
      if (broken.outcome() instanceof Outcome.Failed failed) {
        assertThat(failed.reason()).as("seed " + seed).isEqualTo("counter.acknowledged_write_lost");
        caught.add(seed);
      }
    }
    assertThat(caught).as("seeds on which the broken replica was caught").isNotEmpty();
    SortedMap<String, Long> total = Coverage.sum(correctCoverage);
    assertThat(total.getOrDefault(Coverage.CRASHES_AT_SYNC, 0L))
        .as("the correct replica passed crashes at its flush: " + total)
        .isPositive();
    assertThat(total.getOrDefault(Coverage.CRASHES_LOSING_WRITES, 0L)).isPositive();
  }

  @Test
  void theCorrectReplicaKeepsWhatItAcknowledgedWhenItDiesAtItsFlush() {
    World world = counterDyingAtItsFlush(false);
    RunResult result = world.runUntil(10_000);

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(result.count(Coverage.CRASHES_AT_SYNC)).isEqualTo(1);
    assertThat(result.count(Coverage.CRASHES_LOSING_WRITES)).isEqualTo(1);
    assertThat(((CounterClient) world.process(CLIENT).orElseThrow()).done())
        .as("the replica finishes the count after its restart")
        .isTrue();
  }

  @Test
  void theBrokenReplicaIsCaughtWhenItDiesAtItsFlush() {
    World world = counterDyingAtItsFlush(true);
    RunResult result = world.runUntil(10_000);

    assertThat(result.outcome())
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            failed -> assertThat(failed.reason()).isEqualTo("counter.acknowledged_write_lost"));
    assertThat(result.count(Coverage.CRASHES_AT_SYNC)).isEqualTo(1);
    assertThat(result.traceTail()).last().asString().contains("crash replica").endsWith("at-sync");
  }

  @Test
  void syncBeforeSendCatchesASendInTheEventThatDiesAtItsSync() {
    World world = new World(new SplittableRandom(1), FaultPlan.calm());
    world.addNode(NodeId.of("b"), "g", node -> Flood.receiver());
    world.addNode(
        NodeId.of("a"),
        "g",
        node ->
            new CrashAtSyncTest.Worker(
                (context, reached) -> {
                  context.disk().put(Bytes.fromHex("01"), Bytes.fromHex("02"));
                  context.send(NodeId.of("b"), Bytes.fromHex("aa"));
                  context.disk().sync();
                }));
    world.addInvariant(DurabilityInvariants.syncBeforeSend());
    world.at(10, "arm", w -> w.crashAtNextSync(NodeId.of("a")));

    RunResult result = world.runUntil(100);

    assertThat(result.outcome())
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            failed -> {
              assertThat(failed.reason()).isEqualTo("durability.send_before_sync");
              assertThat(failed.detail()).startsWith("a->b at 20 ms");
            });
    assertThat(result.count(Coverage.CRASHES_AT_SYNC)).isEqualTo(1);
  }

  private static final NodeId REPLICA = NodeId.of("replica");
  private static final NodeId CLIENT = NodeId.of("client");

  /**
   * One replica and its client; the replica dies at the first flush after 100 ms, then restarts.
   */
  private static World counterDyingAtItsFlush(boolean broken) {
    World world = new World(new SplittableRandom(1), FaultPlan.calm());
    world.addNode(
        REPLICA, "counter", node -> broken ? CounterReplica.broken() : CounterReplica.correct());
    world.addNode(CLIENT, "counter", node -> new CounterClient(List.of(REPLICA), 50));
    world.addInvariant(new AcknowledgedWritesSurvive());
    world.at(100, "arm", w -> w.crashAtNextSync(REPLICA));
    world.at(200, "restart", w -> w.restart(REPLICA));
    return world;
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
