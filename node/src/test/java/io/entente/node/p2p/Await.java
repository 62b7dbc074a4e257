package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting on a condition. The deadline only guards against a hang; it is generous and never part of
 * what a test asserts.
 */
final class Await {
  private static final long DEADLINE_MS = 30_000;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("still waiting after " + DEADLINE_MS + " ms for " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
