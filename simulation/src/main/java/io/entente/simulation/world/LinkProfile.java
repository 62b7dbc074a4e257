package io.entente.simulation.world;

/**
 * How one directed link treats messages: a delay drawn uniformly from {@code [delayMinMs,
 * delayMaxMs]} (reordering follows from the spread), a chance to drop, a chance to deliver twice,
 * and a bound on messages in flight or held, past which sends are dropped and counted.
 */
public record LinkProfile(
    long delayMinMs,
    long delayMaxMs,
    double dropProbability,
    double duplicateProbability,
    int inFlightMax) {

  public LinkProfile {
    if (delayMinMs < 0
        || delayMinMs > delayMaxMs
        || delayMaxMs > SimulationLimits.LINK_DELAY_MS_MAX) {
      throw new IllegalArgumentException(
          "link delay needs 0 <= min <= max <= "
              + SimulationLimits.LINK_DELAY_MS_MAX
              + " ms, got ["
              + delayMinMs
              + ", "
              + delayMaxMs
              + "]");
    }
    requireProbability("drop", dropProbability);
    requireProbability("duplicate", duplicateProbability);
    if (inFlightMax < 1 || inFlightMax > SimulationLimits.IN_FLIGHT_PER_LINK_MAX) {
      throw new IllegalArgumentException(
          "in-flight bound must be in [1, "
              + SimulationLimits.IN_FLIGHT_PER_LINK_MAX
              + "], got "
              + inFlightMax);
    }
  }

  /** Delivers everything once, after 1 to 10 ms. */
  public static LinkProfile reliable() {
    return new LinkProfile(1, 10, 0, 0, SimulationLimits.IN_FLIGHT_PER_LINK_MAX);
  }

  public LinkProfile withDelay(long minMs, long maxMs) {
    return new LinkProfile(minMs, maxMs, dropProbability, duplicateProbability, inFlightMax);
  }

  public LinkProfile withDrop(double probability) {
    return new LinkProfile(delayMinMs, delayMaxMs, probability, duplicateProbability, inFlightMax);
  }

  public LinkProfile withDuplicate(double probability) {
    return new LinkProfile(delayMinMs, delayMaxMs, dropProbability, probability, inFlightMax);
  }

  public LinkProfile withInFlightMax(int messages) {
    return new LinkProfile(delayMinMs, delayMaxMs, dropProbability, duplicateProbability, messages);
  }

  private static void requireProbability(String what, double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          what + " probability must be in [0, 1], got " + probability);
    }
  }
}
