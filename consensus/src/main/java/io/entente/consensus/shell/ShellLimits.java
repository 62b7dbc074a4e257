package io.entente.consensus.shell;

import io.entente.consensus.mempool.MempoolLimits;

/**
 * The bounds and pace of a {@link ChannelShell}; names end with their unit.
 *
 * @param batchTxsMax transactions a proposer takes from its mempool for one block
 * @param syncBlocksPerAnswerMax certified blocks one sync answer carries; the asker asks again
 * @param syncBlocksAheadMax sync-answer blocks above its height a node keeps until those below
 *     arrive
 * @param forwardGapMsMin the least time between two batches of forwarded transactions
 * @param followPollIntervalMs how often a member outside the validator set asks a member for the
 *     blocks above its height
 * @param mempool the mempool's bounds and forwarding pace
 */
public record ShellLimits(
    int batchTxsMax,
    int syncBlocksPerAnswerMax,
    int syncBlocksAheadMax,
    long forwardGapMsMin,
    long followPollIntervalMs,
    MempoolLimits mempool) {

  public ShellLimits {
    if (batchTxsMax < 1
        || syncBlocksPerAnswerMax < 1
        || syncBlocksAheadMax < syncBlocksPerAnswerMax
        || forwardGapMsMin < 0
        || followPollIntervalMs < 1) {
      throw new IllegalArgumentException("shell limits out of range: " + this);
    }
    java.util.Objects.requireNonNull(mempool, "mempool");
  }
}
