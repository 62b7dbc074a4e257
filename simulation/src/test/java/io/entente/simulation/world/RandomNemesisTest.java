package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomNemesisTest {
  static final List<NodeId> NODES =
      List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"), NodeId.of("n4"));
  static final NodeId BYSTANDER = NodeId.of("other-channel");

  static final TimerId TICK = TimerId.of("tick");

  /** Writes and syncs every 50 ms, so a crash armed at its next sync happens. */
  static final class Syncing implements Process {
    @Override
    public void start(Context context) {
      context.setTimer(TICK, context.nowMs() + 50);
    }

    @Override
    public void onMessage(Context context, NodeId from, Bytes message) {}

    @Override
    public void onTimer(Context context, TimerId timer) {
      context.disk().put(Bytes.fromHex("01"), Bytes.fromHex("02"));
      context.disk().sync();
      context.setTimer(TICK, context.nowMs() + 50);
    }
  }

  @Test
  void itStaysWithinItsBoundsAndHealsEverythingAtTheEnd() {
    long crashesAtSync = 0;
    for (long seed = 1; seed <= 20; seed++) {
      World world = new World(new SplittableRandom(seed), FaultPlan.calm());
      for (NodeId node : NODES) {
        world.addNode(node, "channel", id -> new Syncing());
      }
      world.addNode(BYSTANDER, "elsewhere", id -> new Scripted(context -> {}));
      world.addInvariant(
          (view, observations) -> {
            long down =
                NODES.stream().filter(node -> !view.isUp(node) || view.crashArmed(node)).count();
            return Check.require(
                    down <= 1, "nemesis.too_many_down", () -> down + " nodes down or armed")
                .and(
                    () ->
                        Check.require(
                            view.network().partitions().size() <= 3,
                            "nemesis.too_many_partitions",
                            () -> view.network().partitions().toString()))
                .and(
                    () ->
                        Check.require(
                            view.isUp(BYSTANDER),
                            "nemesis.touched_a_bystander",
                            () -> "crashed " + BYSTANDER));
          });
      NemesisPlan plan = new NemesisPlan(100, 5_000, 200, 1, 3);
      new RandomNemesis("chaos", NODES, plan).install(world);

      RunResult result = world.runUntil(5_000);

      assertThat(result.passed()).as("seed " + seed + ": " + result.summary()).isTrue();
      assertThat(result.count(Coverage.CRASHES) + result.count(Coverage.PARTITIONS))
          .as("seed " + seed + " did something")
          .isPositive();
      assertThat(NODES).allMatch(world::isUp);
      assertThat(NODES).noneMatch(world::crashArmed);
      assertThat(world.network().partitions()).isEmpty();
      assertThat(world.network().cloggedLinks()).isEmpty();
      crashesAtSync += result.count(Coverage.CRASHES_AT_SYNC);
    }
    assertThat(crashesAtSync).as("crashes armed at a sync that happened").isPositive();
  }

  @Test
  void aCrashArmedAtASyncThatNeverComesIsDisarmedAtTheEnd() {
    long armed = 0;
    for (long seed = 1; seed <= 20; seed++) {
      World world = new World(new SplittableRandom(seed), FaultPlan.calm());
      for (NodeId node : NODES) {
        world.addNode(node, "channel", id -> new Scripted(context -> {}));
      }
      new RandomNemesis("chaos", NODES, new NemesisPlan(100, 5_000, 200, 2, 3)).install(world);

      RunResult result = world.runUntil(5_000);

      assertThat(result.passed()).as("seed " + seed + ": " + result.summary()).isTrue();
      assertThat(result.count(Coverage.CRASHES_AT_SYNC)).isZero();
      assertThat(NODES).allMatch(world::isUp).noneMatch(world::crashArmed);
      armed += result.count(Coverage.CRASHES_ARMED);
    }
    assertThat(armed).isPositive();
  }
}
