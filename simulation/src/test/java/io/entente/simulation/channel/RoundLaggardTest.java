package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.world.Outcome;
import io.entente.simulation.world.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The f + 1 round skip (qbft.md rule 7b) in the case it exists for: a validator rounds behind is
 * needed for the quorum ({@link RoundLaggard}). In every seed the laggard is several rounds behind
 * at the reconnection, and a new block is final on the three running validators within 20 virtual
 * seconds. The round gaps and recovery times are printed.
 */
class RoundLaggardTest {
  static final int SEEDS = 10;
  static final long ROUND_GAP_MIN = 5;

  @Test
  void aValidatorRoundsBehindCatchesUpInOneStepAndBlocksResume() {
    List<String> failures = new ArrayList<>();
    long[] gaps = new long[SEEDS];
    long[] recovery = new long[SEEDS];
    long[] jumps = new long[SEEDS];
    for (int i = 0; i < SEEDS; i++) {
      long seed = i + 1;
      RunResult result = RoundLaggard.SCENARIO.run(new SplittableRandom(seed));
      if (result.outcome() instanceof Outcome.Failed failed) {
        failures.add("seed " + seed + ": " + failed.reason() + " " + failed.detail());
      }
      gaps[i] = result.coverage().get(RoundLaggard.ROUND_GAP);
      jumps[i] = result.coverage().getOrDefault("process.validator.round_jump", 0L);
      recovery[i] = result.coverage().getOrDefault(RoundLaggard.RECOVERY_MS, Long.MAX_VALUE);
    }
    System.out.printf(
        "round-laggard seeds 1..%d: round gaps %s, f + 1 jumps %s, recovery virtual ms %s%n",
        SEEDS, Arrays.toString(gaps), Arrays.toString(jumps), Arrays.toString(recovery));
    assertThat(failures).isEmpty();
    assertThat(Arrays.stream(gaps).min().orElseThrow())
        .as("the laggard is rounds behind in every seed")
        .isGreaterThanOrEqualTo(ROUND_GAP_MIN);
    assertThat(Arrays.stream(jumps).min().orElseThrow())
        .as("f + 1 round jumps in every seed")
        .isPositive();
    assertThat(Arrays.stream(recovery).max().orElseThrow())
        .isLessThanOrEqualTo(RoundLaggard.RECOVERY_MS_MAX);
  }
}
