package io.entente.simulation.world;

import io.entente.core.check.Check;
import java.util.List;

/**
 * A rule checked after every event. It sees the event's observations in order and may read the
 * world; a rejection stops the run, which then reports the virtual time and the reason. An
 * invariant may keep state across events (for example, what was acknowledged so far).
 */
@FunctionalInterface
public interface Invariant {
  Check afterEvent(WorldView world, List<Observation> observations);
}
