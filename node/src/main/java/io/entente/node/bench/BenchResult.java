package io.entente.node.bench;

import java.util.List;

/**
 * Everything one run measured, as written to {@code bench-result.json}. Times are in the unit their
 * name ends with; a figure that could not be measured is -1.
 */
record BenchResult(
    String startedAt,
    Machine machine,
    Setup setup,
    Throughput entente,
    List<NodeUsage> nodes,
    double cpuSecondsPer1000Records,
    Ceiling signatureCeiling,
    List<Second> timeline,
    List<Baseline> baselines) {

  /** The machine the run shared with whatever else was running. */
  record Machine(int cores, double loadAverageAtStart, double loadAverageAtEnd, String os) {}

  /** What was run. */
  record Setup(
      String workload,
      String suite,
      int nodes,
      int nodesPerOrg,
      long records,
      int batch,
      int recordsPerTransaction,
      String loop,
      int outstanding,
      long rateRecordsPerSecond,
      long warmupSeconds,
      long durationSeconds) {}

  /**
   * Committed records per second and submit-to-commit latency, over the measured window; and the
   * reconciliation latency of the measured records (second bank's submission to the match visible
   * through a node of each bank), with how many committed records were never seen matched.
   */
  record Throughput(
      long recordsCommitted,
      long recordsMeasured,
      double measuredSeconds,
      double recordsPerSecond,
      Latency latencyMs,
      Latency reconciliationLatencyMs,
      long recordsNotSeenMatched) {}

  /** Percentiles of one batch's latency (every record in it shares it). */
  record Latency(double p50, double p95, double p99, double max) {}

  /** One node process: CPU over the measured window and its peak resident memory. */
  record NodeUsage(String nodeId, double cpuSeconds, double peakRssMiB) {}

  /**
   * The machine's signature-check ceiling and the individually signed throughput as a fraction of
   * the record rate it allows ({@code verificationsPerSecond / checksPerRecord}).
   */
  record Ceiling(
      String suite,
      int threads,
      double verificationsPerSecond,
      double checksPerRecord,
      double recordsPerSecondAtCeiling,
      double individuallySignedFraction) {}

  /** One second of the run: records committed in it and the p99 latency of batches done in it. */
  record Second(long second, long records, double p99LatencyMs) {}

  /** A baseline on the same records: its figures, or why it was skipped. */
  record Baseline(
      String name,
      String status,
      long records,
      double recordsPerSecond,
      Latency latencyMs,
      double ententeRatio) {}
}
