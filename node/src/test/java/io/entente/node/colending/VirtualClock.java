package io.entente.node.colending;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock every node of a test cluster reads: the system clock plus an offset that only grows, so
 * business days pass in seconds. Moving it forward makes the next block carry the new time; nothing
 * is waited for.
 */
final class VirtualClock {
  private final AtomicLong offsetMs = new AtomicLong();

  long nowMs() {
    return System.currentTimeMillis() + offsetMs.get();
  }

  /** Moves the clock forward to {@code atMs}; a time already passed leaves it where it is. */
  void advanceTo(long atMs) {
    long ahead = atMs - nowMs();
    if (ahead > 0) {
      offsetMs.addAndGet(ahead);
    }
  }
}
