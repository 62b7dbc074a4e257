package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.world.Outcome;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mixed-size channel scenario over the same seeds as {@link ChannelSafetySweepTest}, with its
 * liveness check: after the faults heal every honest validator finalizes a new block and empties
 * its mempool within the budget. Any failure, safety or liveness, fails the test with the command
 * that replays its seed ({@code --sample-ms} and {@code --steps} print the validators' state).
 */
class ChannelLivenessSweepTest {
  static final int SEEDS = 60;

  @Test
  void everySeedIsSafeAndLive() {
    Scenario scenario =
        ChannelScenarios.all().stream()
            .filter(s -> s.name().equals("mixed"))
            .findFirst()
            .orElseThrow();
    List<String> failures = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      RunResult result = scenario.run(new SplittableRandom(seed));
      if (result.outcome() instanceof Outcome.Failed failed) {
        failures.add(
            "seed "
                + seed
                + ": "
                + failed.reason()
                + " "
                + failed.detail()
                + "\n  replay with ChannelMain --scenario mixed --seed "
                + seed
                + " --sample-ms 1000");
      }
    }
    assertThat(failures).isEmpty();
  }
}
