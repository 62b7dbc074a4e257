package io.entente.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Percentiles and per-second series of a run's completions. */
final class Stats {
  private Stats() {}

  /** Percentiles of {@code latenciesMs}, each weighted by its batch's records; -1s when empty. */
  static BenchResult.Latency latency(List<double[]> latencyAndWeight) {
    if (latencyAndWeight.isEmpty()) {
      return new BenchResult.Latency(-1, -1, -1, -1);
    }
    List<double[]> sorted = new ArrayList<>(latencyAndWeight);
    sorted.sort((a, b) -> Double.compare(a[0], b[0]));
    double total = sorted.stream().mapToDouble(pair -> pair[1]).sum();
    return new BenchResult.Latency(
        percentile(sorted, total, 0.50),
        percentile(sorted, total, 0.95),
        percentile(sorted, total, 0.99),
        sorted.get(sorted.size() - 1)[0]);
  }

  private static double percentile(List<double[]> sorted, double total, double fraction) {
    double seen = 0;
    for (double[] pair : sorted) {
      seen += pair[1];
      if (seen >= fraction * total) {
        return round(pair[0]);
      }
    }
    return round(sorted.get(sorted.size() - 1)[0]);
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** The latency of each completion, with its records as weight. */
  static List<double[]> latencies(List<LoadDriver.Completion> completions) {
    List<double[]> pairs = new ArrayList<>();
    for (LoadDriver.Completion c : completions) {
      pairs.add(new double[] {(c.doneNanos() - c.dueNanos()) / 1e6, c.records()});
    }
    return pairs;
  }

  /** Records committed in each whole second from the start, and the p99 of that second. */
  static List<BenchResult.Second> timeline(LoadDriver.Run run) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(run.endNanos() - run.startNanos()) + 1;
    List<List<LoadDriver.Completion>> buckets = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      buckets.add(new ArrayList<>());
    }
    for (LoadDriver.Completion c : run.completions()) {
      int s = (int) TimeUnit.NANOSECONDS.toSeconds(c.doneNanos() - run.startNanos());
      buckets.get(Math.min(s, buckets.size() - 1)).add(c);
    }
    List<BenchResult.Second> timeline = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      List<LoadDriver.Completion> bucket = buckets.get(s);
      long records = bucket.stream().mapToLong(LoadDriver.Completion::records).sum();
      timeline.add(new BenchResult.Second(s, records, latency(latencies(bucket)).p99()));
    }
    return timeline;
  }
}
