package io.entente.node.bench;

import io.entente.core.crypto.SuiteId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One benchmark run's settings, as the command line gives them.
 *
 * @param nodesPerOrg nodes of the lead and of the one partner; the channel has twice as many
 * @param records records sent in all (the run also ends after {@code durationSeconds})
 * @param batch records per batch (each bank's attestations of them go at once, in lists of at most
 *     the API's limit)
 * @param recordsPerTransaction records one attestation transaction carries under one signature
 * @param outstanding lists in flight at once in the closed loop
 * @param rate records per second in the open loop; 0 for the closed loop
 * @param baselines whether PostgreSQL and etcd run on the same records after the cluster
 * @param jfr a folder for a Java Flight Recorder profile of each node process, or null for none
 */
public record BenchSettings(
    int nodesPerOrg,
    SuiteId suite,
    long records,
    int batch,
    int recordsPerTransaction,
    long durationSeconds,
    long warmupSeconds,
    int outstanding,
    long rate,
    Path out,
    boolean baselines,
    Path jfr) {

  public BenchSettings {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(out, "out");
    requirePositive(nodesPerOrg, "--nodes-per-org");
    requirePositive(records, "--records");
    requirePositive(batch, "--batch");
    if (recordsPerTransaction < 1
        || recordsPerTransaction > io.entente.app.colending.ColendingLimits.RECORDS_PER_BATCH_MAX) {
      throw new IllegalArgumentException(
          "--records-per-tx must be 1 to "
              + io.entente.app.colending.ColendingLimits.RECORDS_PER_BATCH_MAX
              + ", not "
              + recordsPerTransaction);
    }
    requirePositive(durationSeconds, "--duration");
    requirePositive(outstanding, "--outstanding");
    if (warmupSeconds < 0 || warmupSeconds >= durationSeconds) {
      throw new IllegalArgumentException(
          "--warmup must be at least 0 and less than --duration, not " + warmupSeconds);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be 0 (closed loop) or positive");
    }
    if (records < batch) {
      throw new IllegalArgumentException("--records must be at least one --batch");
    }
  }

  /** Settings without profiling. */
  public BenchSettings(
      int nodesPerOrg,
      SuiteId suite,
      long records,
      int batch,
      int recordsPerTransaction,
      long durationSeconds,
      long warmupSeconds,
      int outstanding,
      long rate,
      Path out,
      boolean baselines) {
    this(
        nodesPerOrg,
        suite,
        records,
        batch,
        recordsPerTransaction,
        durationSeconds,
        warmupSeconds,
        outstanding,
        rate,
        out,
        baselines,
        null);
  }

  /**
   * The node processes' extra JVM options: with {@link #jfr}, a flight recording with the JDK's
   * {@code profile} settings, written to {@code JFR/NODE.jfr} when the node stops.
   */
  java.util.List<String> nodeJvmOptions(String nodeId) {
    if (jfr == null) {
      return java.util.List.of();
    }
    return java.util.List.of(
        "-XX:StartFlightRecording=settings=profile,filename="
            + jfr.toAbsolutePath().resolve(nodeId + ".jfr"));
  }

  private static void requirePositive(long value, String option) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be positive, not " + value);
    }
  }

  boolean openLoop() {
    return rate > 0;
  }

  /** Every node of the channel on this machine. */
  int nodes() {
    return 2 * nodesPerOrg;
  }
}
