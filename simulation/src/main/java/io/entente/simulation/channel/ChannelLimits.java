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

  /** How often a validator forwards its waiting transactions again, and how old they must be. */
  static final long REFORWARD_INTERVAL_MS = 1_000;

  /** Old messages a replaying Byzantine validator keeps. */
  static final int REPLAY_KEPT_MAX = 64;
}
