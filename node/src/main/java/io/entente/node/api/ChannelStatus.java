package io.entente.node.api;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A channel's live status as the runtime publishes it.
 *
 * @param height the last committed height (0 before the first block)
 * @param lastBlockTimeMs the timestamp of that block, empty before the first block
 * @param round the current consensus round at height + 1
 * @param validators the size of the validator set
 * @param validatorsUp validators this node currently hears from (itself included if a validator)
 * @param peersConnected connected peers serving this channel
 * @param mempoolTransactions transactions waiting in the mempool
 * @param mempoolBytes their encoded size
 * @param lagBlocks how far the committed height is behind the highest height peers announced
 */
public record ChannelStatus(
    String channel,
    long height,
    OptionalLong lastBlockTimeMs,
    int round,
    int validators,
    int validatorsUp,
    int peersConnected,
    int mempoolTransactions,
    long mempoolBytes,
    long lagBlocks) {
  public ChannelStatus {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(lastBlockTimeMs, "lastBlockTimeMs");
    if (height < 0
        || round < 0
        || validators < 0
        || validatorsUp < 0
        || validatorsUp > validators
        || peersConnected < 0
        || mempoolTransactions < 0
        || mempoolBytes < 0
        || lagBlocks < 0) {
      throw new IllegalArgumentException("negative or inconsistent status of " + channel);
    }
  }

  public int validatorsDown() {
    return validators - validatorsUp;
  }
}
