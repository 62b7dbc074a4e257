package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.toy.ToyScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Over the tests' seed budget, every kind of fault the world can inject actually happened. */
class CoverageTest {
  static final int SEEDS = 30;

  @Test
  void everyFaultKindRunsWithinTheSeedBudget() {
    List<SortedMap<String, Long>> snapshots = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      for (Scenario scenario : List.of(ToyScenarios.COUNTER, ToyScenarios.PING_PONG)) {
        RunResult result = scenario.run(new SplittableRandom(seed));
        assertThat(result.passed())
            .as(scenario.name() + " seed " + seed + ": " + result.summary())
            .isTrue();
        snapshots.add(result.coverage());
      }
    }
    SortedMap<String, Long> total = Coverage.sum(snapshots);
    for (String fault : Coverage.FAULT_KINDS) {
      assertThat(total.getOrDefault(fault, 0L)).as(fault + " in " + total).isPositive();
    }
    assertThat(total.getOrDefault("process.counter.torn_tail_truncated", 0L))
        .as("torn tails detected by recovery")
        .isPositive();
  }

  @Test
  void eachSeedDrawsItsOwnFaultMix() {
    List<FaultPlan> plans = new ArrayList<>();
    for (long seed = 1; seed <= 20; seed++) {
      plans.add(FaultPlan.draw(new SplittableRandom(seed)));
    }
    assertThat(plans).doesNotHaveDuplicates();
    assertThat(plans).anyMatch(plan -> plan.link().dropProbability() == 0);
    assertThat(plans).anyMatch(plan -> plan.link().dropProbability() > 0);
    assertThat(plans)
        .anyMatch(plan -> plan.link().inFlightMax() < SimulationLimits.IN_FLIGHT_PER_LINK_MAX);
  }
}
