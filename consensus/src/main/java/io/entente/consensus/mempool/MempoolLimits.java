package io.entente.consensus.mempool;

/**
 * The bounds and forwarding pace of a {@link Mempool}; names end with their unit.
 *
 * @param txsMax transactions kept; more are refused (a node answers 503 with Retry-After)
 * @param bytesMax encoded transaction bytes kept; more are refused likewise
 * @param reforwardIntervalMs a waiting transaction is forwarded again this long after its last
 *     forward (or after it arrived from another validator), then twice as long each time
 * @param reforwardIntervalMsMax the longest wait between two forwards of one waiting transaction
 * @param forwardBatchTxsMax transactions in one forwarded batch (one message per validator)
 * @param forwardBatchBytesMax encoded bytes in one forwarded batch, unless a single transaction is
 *     larger
 */
public record MempoolLimits(
    int txsMax,
    long bytesMax,
    long reforwardIntervalMs,
    long reforwardIntervalMsMax,
    int forwardBatchTxsMax,
    int forwardBatchBytesMax) {

  public MempoolLimits {
    if (txsMax < 1 || bytesMax < 1 || forwardBatchTxsMax < 1 || forwardBatchBytesMax < 1) {
      throw new IllegalArgumentException("mempool bounds must be positive: " + this);
    }
    if (reforwardIntervalMs < 1 || reforwardIntervalMsMax < reforwardIntervalMs) {
      throw new IllegalArgumentException(
          "reforward intervals must satisfy 1 <= interval <= max: " + this);
    }
  }
}
