package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.check.Check;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomNemesisTest {
  static final List<NodeId> NODES =
      List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"), NodeId.of("n4"));
  static final NodeId BYSTANDER = NodeId.of("other-channel");

  @Test
  void itStaysWithinItsBoundsAndHealsEverythingAtTheEnd() {
    for (long seed = 1; seed <= 20; seed++) {
      World world = new World(new SplittableRandom(seed), FaultPlan.calm());
      for (NodeId node : NODES) {
        world.addNode(node, "channel", id -> new Scripted(context -> {}));
      }
      world.addNode(BYSTANDER, "elsewhere", id -> new Scripted(context -> {}));
      world.addInvariant(
          (view, observations) -> {
            long down = NODES.stream().filter(node -> !view.isUp(node)).count();
            return Check.require(down <= 1, "nemesis.too_many_down", () -> down + " nodes down")
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
      assertThat(world.network().partitions()).isEmpty();
      assertThat(world.network().cloggedLinks()).isEmpty();
    }
  }
}
