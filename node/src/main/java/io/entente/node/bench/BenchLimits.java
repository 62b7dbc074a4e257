package io.entente.node.bench;

/** Every limit and default of the cluster benchmark, with units last. */
final class BenchLimits {
  private BenchLimits() {}

  /** How long a node process may take from start to its {@code ready} line. */
  static final long READY_DEADLINE_MS = 120_000;

  /** How long a node process may take to stop after SIGTERM before it is killed. */
  static final long STOP_DEADLINE_MS = 30_000;

  /** How long one request to the API may take before it is sent again. */
  static final long SUBMIT_TIMEOUT_MS = 60_000;

  /** How long one batch may take, retries included, before the run fails. */
  static final long BATCH_COMMIT_DEADLINE_MS = 300_000;

  /** How often CPU and RSS of each process are sampled. */
  static final long SAMPLE_INTERVAL_MS = 1_000;

  /** How long the signature ceiling's threads run before they are counted. */
  static final long CEILING_WARMUP_MS = 2_000;

  /** How long the signature ceiling is measured on all cores. */
  static final long CEILING_DURATION_MS = 3_000;

  /** PBKDF2 work factor of the bench's throw-away key files: fast to start, never for real use. */
  static final int KEY_ITERATIONS = 1_000;

  /** Heap of each node process. */
  static final String NODE_HEAP = "-Xmx512m";

  /** Validity window of a generated transaction around the submit time. */
  static final long TX_VALID_BEFORE_MS = 60_000;

  static final long TX_VALID_AFTER_MS = 3_600_000;

  /** Pause before a list that has not all committed yet (busy node, commit wait over) is resent. */
  static final long BUSY_RETRY_MS = 50;

  /** Lines of a node's log shown when it fails. */
  static final int LOG_TAIL_LINES = 40;

  /**
   * How long after the last commit answer the bench waits to see every committed record matched
   * through both banks' nodes.
   */
  static final long MATCH_SEEN_DEADLINE_MS = 30_000;
}
