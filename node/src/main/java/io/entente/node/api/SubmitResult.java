package io.entente.node.api;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import java.time.Duration;
import java.util.Objects;

/** What became of one submitted transaction. */
public sealed interface SubmitResult
    permits SubmitResult.Admitted,
        SubmitResult.Duplicate,
        SubmitResult.Conflict,
        SubmitResult.Rejected,
        SubmitResult.MempoolFull {

  /** The id of the submitted transaction. */
  Hash txId();

  /** A result a later duplicate submission gets back: the transaction was taken. */
  sealed interface Admitted extends SubmitResult permits Accepted, Committed {}

  /** In the mempool, not yet committed (not durable). */
  record Accepted(Hash txId) implements Admitted {
    public Accepted {
      Objects.requireNonNull(txId, "txId");
    }
  }

  /**
   * Committed at {@code height}, at {@code index} among the block's transactions, with the receipt
   * executing that block gave it. Committed is not done: a receipt with status {@link
   * Receipt.Status#REJECTED} means the application refused the transaction when its block executed
   * (a hold over the available balance, say) and it changed nothing.
   */
  record Committed(Hash txId, long height, int index, Receipt receipt) implements Admitted {
    public Committed {
      Objects.requireNonNull(txId, "txId");
      Objects.requireNonNull(receipt, "receipt");
      if (height < 1 || index < 0) {
        throw new IllegalArgumentException("height " + height + ", index " + index);
      }
      if (!receipt.txId().equals(txId) || receipt.index() != index) {
        throw new IllegalArgumentException(
            "the receipt of "
                + receipt.txId().shortHex()
                + " at "
                + receipt.index()
                + " is not that of "
                + txId.shortHex()
                + " at "
                + index);
      }
    }

    /** Whether executing the block refused the transaction. */
    public boolean refusedAtExecution() {
      return receipt.status() == Receipt.Status.REJECTED;
    }
  }

  /**
   * The same idempotency key with the same payload was submitted before: {@code original} is what
   * that submission got (or has become since), and nothing new was taken.
   */
  record Duplicate(Hash txId, Admitted original) implements SubmitResult {
    public Duplicate {
      Objects.requireNonNull(txId, "txId");
      Objects.requireNonNull(original, "original");
    }
  }

  /** The idempotency key was used before with a different payload, by {@code originalTxId}. */
  record Conflict(Hash txId, String idempotencyKey, Hash originalTxId) implements SubmitResult {
    public Conflict {
      Objects.requireNonNull(txId, "txId");
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(originalTxId, "originalTxId");
    }
  }

  /** An admission check rejected the transaction; {@code reason} is stable and counted. */
  record Rejected(Hash txId, String reason, String detail) implements SubmitResult {
    public Rejected {
      Objects.requireNonNull(txId, "txId");
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("a rejection needs a reason");
      }
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The mempool is full (by count or bytes); nothing was taken. Retry after {@code retryAfter}. */
  record MempoolFull(Hash txId, Duration retryAfter) implements SubmitResult {
    public MempoolFull {
      Objects.requireNonNull(txId, "txId");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("negative retry-after");
      }
    }
  }
}
