package io.entente.node.runtime;

import io.entente.consensus.mempool.MempoolLimits;
import io.entente.consensus.shell.ShellLimits;
import io.entente.consensus.wire.ChannelWire;

/** Limits of a node's channel runtimes; names end with their unit. */
public final class RuntimeLimits {
  private RuntimeLimits() {}

  /**
   * Tasks waiting for one channel's thread (frames, submissions, timers). A full inbox drops
   * network frames (the protocol re-sends) and refuses submissions (503 with Retry-After).
   */
  public static final int INBOX_TASKS_MAX = 16_384;

  /** How long an API thread waits for a channel's thread to admit a submission. */
  public static final long SUBMIT_WAIT_MS = 5_000;

  /** How long an API thread waits for a channel's thread to answer a read request. */
  public static final long QUERY_WAIT_MS = 5_000;

  /** The Retry-After given when a mempool or an inbox is full. */
  public static final long RETRY_AFTER_MS = 1_000;

  /**
   * Idempotency keys kept per channel; past it the soonest to expire go first (a key is otherwise
   * kept until its transaction's expiry).
   */
  public static final int IDEMPOTENCY_KEYS_MAX = 1_000_000;

  /** Event-stream subscribers per channel. */
  public static final int SUBSCRIBERS_PER_CHANNEL_MAX = 256;

  /**
   * Client transactions whose admission time a channel keeps for the commit-latency metric; past
   * it, new ones are not timed (a transaction that never commits would otherwise stay forever).
   */
  public static final int LATENCIES_TRACKED_MAX = 100_000;

  /** How often channel gauges (height, round, mempool, peers) are published to the metrics. */
  public static final long METRICS_PUBLISH_INTERVAL_MS = 1_000;

  /** How long closing a channel waits for its thread to finish the task at hand. */
  public static final long CLOSE_WAIT_MS = 10_000;

  /** Threads that help the channels' threads check client signatures (one per core but one). */
  public static final int SIGNATURE_HELPERS_MAX = 16;

  /**
   * Helper tasks waiting for a signature helper thread; each channel's thread has at most one per
   * helper waiting, so the queue fills only with very many channels (and then they check alone).
   */
  public static final int SIGNATURE_QUEUE_TASKS_MAX = 1_024;

  /** Signature checks a thread takes at a time from a batch shared with the helpers. */
  public static final int SIGNATURE_CHUNK_CHECKS = 16;

  /**
   * The node's channel shell: up to 512 transactions a block, sync answers of 32 blocks, forwards
   * at most every 50 ms in batches of at most 64 transactions (the wire's limit) and 1 MiB, a
   * mempool of at most 50,000 transactions and 256 MiB.
   */
  public static final ShellLimits SHELL =
      new ShellLimits(
          512,
          32,
          64,
          50,
          2_000,
          new MempoolLimits(
              50_000,
              256L * 1024 * 1024,
              1_000,
              8_000,
              ChannelWire.FORWARD_BATCH_TXS_MAX,
              1024 * 1024));
}
