package io.entente.node.p2p;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential in the number of failed attempts, capped, with "equal jitter" (a
 * random point in the upper half of the step), so peers that lost a node at the same moment do not
 * all knock again at the same moment, and no delay is ever near zero.
 */
final class Backoff {
  private Backoff() {}

  /**
   * The delay before the next attempt after {@code failures} failed ones in a row (0 after a
   * connection that worked): a value in [step / 2, step], where step = min(max, base × 2^failures).
   */
  static long delayMs(int failures, long baseMs, long maxMs, RandomGenerator random) {
    if (failures < 0 || baseMs <= 0 || maxMs < baseMs) {
      throw new IllegalArgumentException(
          "backoff needs failures >= 0 and 0 < base <= max, got "
              + failures
              + ", "
              + baseMs
              + ", "
              + maxMs);
    }
    long step = baseMs;
    for (int i = 0; i < failures && step < maxMs; i++) {
      step = step > maxMs / 2 ? maxMs : step * 2;
    }
    step = Math.min(step, maxMs);
    long half = step / 2;
    return step - half + random.nextLong(half + 1);
  }
}
