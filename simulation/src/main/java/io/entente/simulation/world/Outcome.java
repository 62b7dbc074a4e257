package io.entente.simulation.world;

import java.util.Optional;

/** How a run ended: it passed, or it failed with a stable reason and a detail. */
public sealed interface Outcome {

  record Passed() implements Outcome {}

  /**
   * A failure. {@code reason} is stable and machine-readable: an invariant's rejection reason,
   * {@code limit.*} for a run limit, or {@code exception} for a throw from a process, a control
   * action or a broken world invariant (then {@code cause} holds it).
   */
  record Failed(String reason, String detail, Optional<Throwable> cause) implements Outcome {
    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }
}
