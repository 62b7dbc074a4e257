package io.entente.simulation.world;

import java.util.random.RandomGenerator;

/**
 * How hard {@link RandomNemesis} hits: it acts between {@code startMs} and {@code endMs}, waits up
 * to {@code stepMsMax} between actions, keeps at most {@code crashedMax} nodes down or armed to
 * crash at their next sync, and at most {@code partitionsMax} partitions active. At {@code endMs}
 * it heals everything.
 */
public record NemesisPlan(
    long startMs, long endMs, long stepMsMax, int crashedMax, int partitionsMax) {

  public NemesisPlan {
    if (startMs < 0 || endMs < startMs || stepMsMax < 1) {
      throw new IllegalArgumentException(
          "a nemesis plan needs 0 <= start <= end and a positive step, got " + this);
    }
    if (crashedMax < 0 || partitionsMax < 0 || partitionsMax > SimulationLimits.PARTITIONS_MAX) {
      throw new IllegalArgumentException("nemesis bounds out of range: " + this);
    }
  }

  /** A plan whose pace (a step every 20 ms to 2 s at most) is drawn from {@code random}. */
  public static NemesisPlan draw(RandomGenerator random, long startMs, long endMs, int crashedMax) {
    long stepMsMax = random.nextLong(20, 2_001);
    int partitionsMax = random.nextInt(1, 4);
    return new NemesisPlan(startMs, endMs, stepMsMax, crashedMax, partitionsMax);
  }
}
