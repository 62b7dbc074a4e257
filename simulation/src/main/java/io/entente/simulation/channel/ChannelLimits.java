package io.entente.simulation.channel;

/** Every limit of the channel simulation, in one place; names end with their unit. */
final class ChannelLimits {
  private ChannelLimits() {}

  /** Transactions a proposer takes from its mempool for one block. */
  static final int BATCH_TXS_MAX = 64;

  /** Transactions a validator's mempool holds; more are refused (the client retries elsewhere). */
  static final int MEMPOOL_TXS_MAX = 10_000;

  /** Certified blocks one sync answer carries; the asker asks again for the rest. */
  static final int SYNC_BLOCKS_PER_ANSWER_MAX = 32;

  /** Sync-answer blocks above its height a validator keeps until the blocks below arrive. */
  static final int SYNC_BLOCKS_AHEAD_MAX = 2 * SYNC_BLOCKS_PER_ANSWER_MAX;

  /** How far back the send-after-persist check looks in the write-ahead log. */
  static final int WAL_LOOKBACK_RECORDS = 64;

  /**
   * A waiting transaction is forwarded again this long after its last forward (or after it arrived
   * from another validator), then twice as long each time, up to {@link
   * #REFORWARD_INTERVAL_MS_MAX}.
   */
  static final long REFORWARD_INTERVAL_MS = 1_000;

  /** The longest wait between two forwards of one waiting transaction. */
  static final long REFORWARD_INTERVAL_MS_MAX = 8_000;

  /**
   * The least time between two batches of transactions a validator forwards: what falls due in
   * between (a client's new transactions too) waits for the next batch.
   */
  static final long FORWARD_GAP_MS = 100;

  /** Transactions in one forwarded batch (one wire message per validator). */
  static final int FORWARD_BATCH_TXS_MAX =
      io.entente.consensus.wire.ChannelWire.FORWARD_BATCH_TXS_MAX;

  /** Encoded transaction bytes in one forwarded batch, unless a single transaction is larger. */
  static final int FORWARD_BATCH_BYTES_MAX = 256 * 1024;

  /** The mempool of every simulated validator: only the transaction count binds in the runs. */
  static final io.entente.consensus.mempool.MempoolLimits MEMPOOL =
      new io.entente.consensus.mempool.MempoolLimits(
          MEMPOOL_TXS_MAX,
          Long.MAX_VALUE,
          REFORWARD_INTERVAL_MS,
          REFORWARD_INTERVAL_MS_MAX,
          FORWARD_BATCH_TXS_MAX,
          FORWARD_BATCH_BYTES_MAX);

  /** How often a member outside the validator set asks a member for the blocks above its height. */
  static final long FOLLOW_POLL_INTERVAL_MS = 2_000;

  /** How often the administrator asks a member for the certified blocks above its view. */
  static final long ADMIN_POLL_INTERVAL_MS = 500;

  /** The administrator's gap between two validator-set changes, drawn in [min, max]. */
  static final long ADMIN_GAP_MS_MIN = 1_000;

  static final long ADMIN_GAP_MS_MAX = 3_000;

  /**
   * How far behind the administrator's view a spare's proof of holding the chain may be when the
   * growth administrator adds it (qbft.md: readiness before promotion).
   */
  static final long READY_LAG_BLOCKS_MAX = 2;

  /** Old messages a replaying Byzantine validator keeps. */
  static final int REPLAY_KEPT_MAX = 64;

  /**
   * Signature verifications one run remembers ({@link MemoizingSuite}): enough for every message,
   * seal and transaction of a few seconds of a 10-validator channel, which is when the same
   * signature is verified again (by every receiver, on every re-send, in every justification).
   */
  static final int VERIFICATIONS_REMEMBERED_MAX = 8_192;
}
