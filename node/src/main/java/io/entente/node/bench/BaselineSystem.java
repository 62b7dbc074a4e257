package io.entente.node.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** A system the cluster is compared with, run on the same records in batches of the same size. */
interface BaselineSystem {
  String name();

  /**
   * Starts the system in {@code folder}, stores every batch (the same number in flight as the
   * cluster had), stops it and reports; a missing program is a skipped baseline, not an error.
   */
  BenchResult.Baseline run(
      List<Workload.Batch> batches, BenchSettings settings, Path folder, PrintWriter progress)
      throws Exception;

  /** The result of a baseline that did not run, with the reason. */
  static BenchResult.Baseline skipped(String name, String reason) {
    return new BenchResult.Baseline(
        name, "skipped: " + reason, 0, -1, new BenchResult.Latency(-1, -1, -1, -1), -1);
  }
}
