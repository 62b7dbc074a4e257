package io.entente.simulation.world;

/**
 * Every limit of the simulated world, in one place. Names end with their unit. A run that reaches
 * one of the run limits stops with a failure that names the limit; a process that breaks one of the
 * per-node limits fails the run with an exception that names it.
 */
public final class SimulationLimits {
  private SimulationLimits() {}

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  // The run
  /** Events waiting in the queue at once (messages in flight, timers, control actions). */
  public static final int QUEUE_EVENTS_MAX = 1_000_000;

  /** Events processed in one run, counted from the start of the world. */
  public static final long RUN_EVENTS_MAX = 20_000_000;

  /** Virtual length of one run: seven days. */
  public static final long RUN_TIME_MS_MAX = 7L * 24 * 60 * 60 * 1000;

  /** Nodes in one world, across all its groups. */
  public static final int NODES_MAX = 256;

  /** Characters in a node, group, timer, partition or counter name. */
  public static final int NAME_CHARS_MAX = 96;

  // The network
  /** One message; large enough for a certified block of the core (32 MiB and its seals). */
  public static final int MESSAGE_BYTES_MAX = 40 * MIB;

  /** Messages in flight or held on one directed link; a link profile may set fewer. */
  public static final int IN_FLIGHT_PER_LINK_MAX = 10_000;

  /** The longest delay a link profile may give a message. */
  public static final long LINK_DELAY_MS_MAX = 60_000;

  /** Partitions active at once. */
  public static final int PARTITIONS_MAX = 64;

  // Timers
  /** Timers pending at once for one node. */
  public static final int TIMERS_PER_NODE_MAX = 1_024;

  /** The most a timer may fire late on purpose (a fault plan draws its jitter below this). */
  public static final long TIMER_JITTER_MS_MAX = 1_000;

  // Disks
  /** Records in one node's log. */
  public static final int DISK_LOG_RECORDS_MAX = 1_000_000;

  /** One log record or one value. */
  public static final int DISK_RECORD_BYTES_MAX = MESSAGE_BYTES_MAX;

  /** One key of the key-value part. */
  public static final int DISK_KEY_BYTES_MAX = KIB;

  /** Keys in one node's key-value part. */
  public static final int DISK_KEYS_MAX = 100_000;

  /** Writes since the last sync: a process that never syncs fails here rather than grows. */
  public static final int DISK_UNSYNCED_WRITES_MAX = 100_000;

  // Observability
  /** Coverage counters in one world. */
  public static final int COVERAGE_COUNTERS_MAX = 1_024;

  /** Trace lines kept (the most recent) to print with a failure. */
  public static final int TRACE_TAIL_LINES_MAX = 64;

  /** Message digests the trace remembers (the most recently used), and their messages' bytes. */
  public static final int TRACE_DIGESTS_KEPT_MAX = 4_096;

  public static final long TRACE_DIGESTS_BYTES_MAX = 8L * MIB;
}
