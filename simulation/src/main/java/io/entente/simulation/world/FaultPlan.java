package io.entente.simulation.world;

import java.util.random.RandomGenerator;

/**
 * The faults of one run that are not scheduled actions: the profile every link starts with, the
 * chance that a crash leaves a torn tail, and how late a timer may fire. {@link #draw} makes each
 * seed its own mix, so a sweep over seeds covers calm runs and harsh ones.
 */
public record FaultPlan(LinkProfile link, double tornTailProbability, long timerJitterMsMax) {

  public FaultPlan {
    if (!(tornTailProbability >= 0 && tornTailProbability <= 1)) {
      throw new IllegalArgumentException(
          "torn tail probability must be in [0, 1], got " + tornTailProbability);
    }
    if (timerJitterMsMax < 0 || timerJitterMsMax > SimulationLimits.TIMER_JITTER_MS_MAX) {
      throw new IllegalArgumentException(
          "timer jitter must be in [0, "
              + SimulationLimits.TIMER_JITTER_MS_MAX
              + "] ms, got "
              + timerJitterMsMax);
    }
  }

  /** Reliable links, no torn tails, punctual timers. */
  public static FaultPlan calm() {
    return new FaultPlan(LinkProfile.reliable(), 0, 0);
  }

  /**
   * A mix drawn from {@code random}, in a fixed order: delays from a few to a few hundred ms; in
   * three seeds of four some loss (up to 20%) and some duplication (up to 10%); in one seed of four
   * a tight in-flight bound; any torn-tail chance; up to 50 ms of timer jitter.
   */
  public static FaultPlan draw(RandomGenerator random) {
    long delayMinMs = random.nextLong(0, 20);
    long delayMaxMs = delayMinMs + random.nextLong(1, 300);
    double drop = random.nextInt(4) == 0 ? 0 : random.nextDouble(0, 0.2);
    double duplicate = random.nextInt(4) == 0 ? 0 : random.nextDouble(0, 0.1);
    int inFlightMax =
        random.nextInt(4) == 0 ? random.nextInt(4, 64) : SimulationLimits.IN_FLIGHT_PER_LINK_MAX;
    double tornTail = random.nextDouble();
    long jitterMs = random.nextLong(0, 51);
    return new FaultPlan(
        new LinkProfile(delayMinMs, delayMaxMs, drop, duplicate, inFlightMax), tornTail, jitterMs);
  }
}
