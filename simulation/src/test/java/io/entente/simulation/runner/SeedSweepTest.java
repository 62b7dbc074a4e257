package io.entente.simulation.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.simulation.channel.ChannelScenarios;
import io.entente.simulation.toy.ToyScenarios;
import io.entente.simulation.world.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedSweepTest {

  /** What a seed's run must reproduce whatever thread it ran on. */
  private static List<String> runs(List<SeedOutcome> outcomes) {
    return outcomes.stream()
        .map(
            o ->
                o.seed()
                    + " "
                    + o.result().outcome()
                    + " events="
                    + o.result().events()
                    + " trace="
                    + o.result().traceHash().toHex()
                    + " coverage="
                    + o.result().coverage())
        .toList();
  }

  private static Scenario channel(String name) {
    return ChannelScenarios.all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Seeds 1..8 of n4, seed 2 with real P-256 keys: each world builds its own suite, caches and
   * generators, so two threads give every seed the run and trace hash of one thread.
   */
  @Test
  void twoThreadsGiveEverySeedTheTraceHashOfOneThread() {
    Scenario scenario = channel("n4");
    List<Long> reported = new ArrayList<>();

    List<SeedOutcome> oneThread = SeedSweep.run(scenario, 1, 8, 1, o -> {});
    List<SeedOutcome> twoThreads = SeedSweep.run(scenario, 1, 8, 2, o -> reported.add(o.seed()));

    assertThat(runs(twoThreads)).isEqualTo(runs(oneThread));
    assertThat(reported).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(oneThread.get(1).result().count(ChannelScenarios.REAL_CRYPTO)).isEqualTo(1);
  }

  @Test
  void outcomesComeInSeedOrderWithMoreThreadsThanSeedsAhead() {
    List<Long> reported = new ArrayList<>();

    List<SeedOutcome> outcomes =
        SeedSweep.run(ToyScenarios.COUNTER_BROKEN, 1, 40, 4, o -> reported.add(o.seed()));

    assertThat(outcomes).extracting(SeedOutcome::seed).isEqualTo(reported);
    assertThat(reported).hasSize(40).isSorted().startsWith(1L).endsWith(40L);
    assertThat(runs(outcomes))
        .isEqualTo(runs(SeedSweep.run(ToyScenarios.COUNTER_BROKEN, 1, 40, 1, o -> {})));
  }

  @Test
  void aSweepNeedsAThread() {
    assertThatThrownBy(() -> SeedSweep.run(ToyScenarios.COUNTER, 1, 1, 0, o -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
