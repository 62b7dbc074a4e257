package io.entente.consensus.qbft;

import io.entente.consensus.message.Message;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything that can happen to a validator's consensus, each with the shell's clock reading at the
 * moment it is handed in ({@code nowMs}): the machine has no clock of its own.
 */
public sealed interface Event {
  long nowMs();

  /** A message from the network (or replayed); its author is known from its signature only. */
  record MessageReceived(Message message, long nowMs) implements Event {
    public MessageReceived {
      Objects.requireNonNull(message, "message");
    }
  }

  /** A timer asked for with {@link Action.ScheduleTimer} is due. */
  record TimerFired(Timer timer, long nowMs) implements Event {
    public TimerFired {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /**
   * The transactions the shell assembled for a {@link Action.BuildBlock} (possibly none, for a
   * time-advancing block); the machine makes the header.
   */
  record BlockBuilt(long height, int round, List<Transaction> transactions, long nowMs)
      implements Event {
    public BlockBuilt {
      transactions = List.copyOf(transactions);
    }
  }

  /** The application's verdict on a block's transactions, for a {@link Action.ValidateBlock}. */
  record BlockValidated(long height, Hash digest, Check verdict, long nowMs) implements Event {
    public BlockValidated {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(verdict, "verdict");
    }
  }

  /**
   * The results of executing block {@code height} (committed earlier): its receipt root and the
   * state digest after it, and the application's next deadline (block time), if any. Block height +
   * 1 carries the two hashes.
   */
  record BlockExecuted(
      long height, Hash receiptRoot, Hash stateDigest, OptionalLong nextDeadlineMs, long nowMs)
      implements Event {
    public BlockExecuted {
      Objects.requireNonNull(receiptRoot, "receiptRoot");
      Objects.requireNonNull(stateDigest, "stateDigest");
      Objects.requireNonNull(nextDeadlineMs, "nextDeadlineMs");
    }
  }

  /** Certified blocks fetched for a {@link Action.RequestSync}, in any order. */
  record SyncResult(List<CertifiedBlock> blocks, long nowMs) implements Event {
    public SyncResult {
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * What the mempool holds for this channel: how many transactions wait and when the oldest one
   * arrived here (a forwarded transaction's arrival is when it reached this node). The mempool
   * reports after every change and after every {@link Action.CommitBlock}: a commit makes the
   * machine forget the count until the next report.
   */
  record TransactionsWaiting(int count, long oldestArrivalMs, long nowMs) implements Event {
    public TransactionsWaiting {
      if (count < 0) {
        throw new IllegalArgumentException("count = " + count);
      }
    }
  }

  /** A final block announced by another member node. */
  record CertifiedBlockReceived(CertifiedBlock block, long nowMs) implements Event {
    public CertifiedBlockReceived {
      Objects.requireNonNull(block, "block");
    }
  }
}
