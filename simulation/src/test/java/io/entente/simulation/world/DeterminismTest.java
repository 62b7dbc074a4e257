package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Hash;
import io.entente.simulation.toy.ToyScenarios;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  @Test
  void theSameSeedGivesTheSameRunEventForEvent() {
    for (Scenario scenario : ToyScenarios.all()) {
      for (long seed = 1; seed <= 5; seed++) {
        RunResult first = scenario.run(new SplittableRandom(seed));
        RunResult second = scenario.run(new SplittableRandom(seed));
        assertThat(second.traceHash())
            .as(scenario.name() + " seed " + seed)
            .isEqualTo(first.traceHash());
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.timeMs()).isEqualTo(first.timeMs());
        assertThat(second.coverage()).isEqualTo(first.coverage());
        assertThat(second.outcome().getClass()).isEqualTo(first.outcome().getClass());
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentTraces() {
    TreeSet<Hash> traces = new TreeSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      traces.add(ToyScenarios.COUNTER.run(new SplittableRandom(seed)).traceHash());
    }
    assertThat(traces).hasSize(20);
  }

  @Property(tries = 25)
  void anySeedReplaysExactly(@ForAll long seed) {
    RunResult first = ToyScenarios.PING_PONG.run(new SplittableRandom(seed));
    RunResult second = ToyScenarios.PING_PONG.run(new SplittableRandom(seed));
    assertThat(second.traceHash()).isEqualTo(first.traceHash());
    assertThat(second.coverage()).isEqualTo(first.coverage());
  }

  @Test
  void aProcessDrawingFromItsOwnGeneratorDoesNotShiftTheNetwork() {
    // Two worlds differ only in how much the receiver draws from its node generator; the network's
    // draws (delays, drops) come from the run's generator and must not move.
    RunResult quiet = floodWithReceiverDrawing(0);
    RunResult busy = floodWithReceiverDrawing(1_000);
    assertThat(busy.traceHash()).isEqualTo(quiet.traceHash());
  }

  private static RunResult floodWithReceiverDrawing(int draws) {
    FaultPlan lossy = new FaultPlan(LinkProfile.reliable().withDelay(1, 50).withDrop(0.2), 0, 0);
    World world = new World(new SplittableRandom(9), lossy);
    NodeId sender = NodeId.of("sender");
    NodeId receiver = NodeId.of("receiver");
    world.addNode(
        receiver,
        "g",
        node ->
            new Scripted(
                context -> {
                  for (int i = 0; i < draws; i++) {
                    context.random().nextLong();
                  }
                }));
    world.addNode(sender, "g", node -> Flood.sender(receiver, 100, 3, 10));
    return world.runUntil(1_000);
  }
}
