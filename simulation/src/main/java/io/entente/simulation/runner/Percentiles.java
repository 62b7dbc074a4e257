package io.entente.simulation.runner;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, for the sweep summary. */
record Percentiles(long p50, long p90, long p99, long max) {

  static Percentiles of(long[] sample) {
    if (sample.length == 0) {
      return new Percentiles(0, 0, 0, 0);
    }
    long[] sorted = sample.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  @Override
  public String toString() {
    return "p50=" + p50 + " p90=" + p90 + " p99=" + p99 + " max=" + max;
  }
}
