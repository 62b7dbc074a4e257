package io.entente.simulation.world;

/**
 * The run limits of one world. {@link #DEFAULT} holds the {@link SimulationLimits}; a test may set
 * lower ones to show what happens when a limit is reached.
 */
public record WorldLimits(int queueEventsMax, long runEventsMax, long runTimeMsMax) {
  public static final WorldLimits DEFAULT =
      new WorldLimits(
          SimulationLimits.QUEUE_EVENTS_MAX,
          SimulationLimits.RUN_EVENTS_MAX,
          SimulationLimits.RUN_TIME_MS_MAX);

  public WorldLimits {
    if (queueEventsMax < 1 || queueEventsMax > SimulationLimits.QUEUE_EVENTS_MAX) {
      throw new IllegalArgumentException("queue limit out of range: " + queueEventsMax);
    }
    if (runEventsMax < 1 || runEventsMax > SimulationLimits.RUN_EVENTS_MAX) {
      throw new IllegalArgumentException("event limit out of range: " + runEventsMax);
    }
    if (runTimeMsMax < 1 || runTimeMsMax > SimulationLimits.RUN_TIME_MS_MAX) {
      throw new IllegalArgumentException("run time limit out of range: " + runTimeMsMax);
    }
  }
}
