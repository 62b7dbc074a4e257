package io.entente.node.demo;

/** The limits and fixed choices of {@code entente demo}, in one place. */
final class DemoLimits {
  private DemoLimits() {}

  /** PBKDF2 iterations of the demo's key files and passwords: fast, for one machine only. */
  static final int KEY_ITERATIONS = 1_000;

  /** The seed of the activity generator on a new demo home unless {@code --seed} says otherwise. */
  static final long DEFAULT_SEED = 2016;

  /** Loans a day per partner in the generated activity. */
  static final int LOANS_PER_DAY = 20;

  /** The chance that a generated event gets an injected break: a few per generated day. */
  static final double BREAK_RATE = 0.01;

  /** How often the driver sends what has come due. */
  static final long TICK_MS = 250;

  /** The backlog, in seconds of the rate, beyond which the driver stops catching up. */
  static final long BACKLOG_SECONDS = 5;

  /** At most this many records in one attestation request. */
  static final int RECORDS_PER_REQUEST_MAX = 1_000;

  /** How often the driver prints a progress line. */
  static final long PROGRESS_INTERVAL_MS = 5_000;

  /** One API request, commit wait included. */
  static final long REQUEST_TIMEOUT_MS = 60_000;

  /** Waiting for an agreement to show a status on a node. */
  static final long AGREEMENT_DEADLINE_MS = 120_000;

  /** A failed request is tried again after this long (the node said busy, or was restarting). */
  static final long RETRY_PAUSE_MS = 1_000;

  /** Consecutive failed ticks after which the driver gives up and the demo stops. */
  static final int FAILED_TICKS_MAX = 120;

  /** How long the shutdown hook waits for the demo to stop its nodes. */
  static final long SHUTDOWN_WAIT_MS = 90_000;

  /** Records the reconciliation query answers at most (docs/api.md). */
  static final int RECORDS_QUERY_MAX = 1_000;
}
