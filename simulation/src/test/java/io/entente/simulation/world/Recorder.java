package io.entente.simulation.world;

import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;

/** An invariant that accepts everything and keeps every observation, for assertions. */
final class Recorder implements Invariant {
  private final List<Observation> observations = new ArrayList<>();

  @Override
  public Check afterEvent(WorldView world, List<Observation> seen) {
    observations.addAll(seen);
    return Check.accepted();
  }

  <T extends Observation> List<T> all(Class<T> kind) {
    return observations.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
