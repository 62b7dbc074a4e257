package io.entente.node.api;

import java.util.List;

/**
 * Whether the node can serve traffic: storage open, channels loaded and not halted, not syncing far
 * behind. {@code reasons} says what is missing when not ready.
 */
public record Readiness(boolean ready, List<String> reasons) {
  public Readiness {
    reasons = List.copyOf(reasons);
    if (ready != reasons.isEmpty()) {
      throw new IllegalArgumentException("ready exactly when there is no reason against it");
    }
  }

  public static Readiness isReady() {
    return new Readiness(true, List.of());
  }

  public static Readiness notReady(String reason) {
    return new Readiness(false, List.of(reason));
  }
}
