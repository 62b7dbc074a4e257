package io.entente.simulation.runner;

import io.entente.simulation.world.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Runs a scenario once per seed; the seed makes the run's only generator. */
public final class SeedSweep {
  private SeedSweep() {}

  public static SeedOutcome runSeed(Scenario scenario, long seed) {
    long startNs = System.nanoTime();
    var result = scenario.run(new SplittableRandom(seed));
    return new SeedOutcome(seed, result, (System.nanoTime() - startNs) / 1_000_000);
  }

  /** Seeds {@code firstSeed} to {@code firstSeed + count - 1}; each outcome is also passed on. */
  public static List<SeedOutcome> run(
      Scenario scenario, long firstSeed, int count, Consumer<SeedOutcome> each) {
    if (count < 0) {
      throw new IllegalArgumentException("seed count must not be negative, got " + count);
    }
    List<SeedOutcome> outcomes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SeedOutcome outcome = runSeed(scenario, firstSeed + i);
      each.accept(outcome);
      outcomes.add(outcome);
    }
    return outcomes;
  }
}
