package io.entente.consensus.qbft;

import io.entente.consensus.message.DurableRecord;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Message;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import java.util.Objects;

/**
 * What the state machine asks the shell to do. The shell carries out one step's actions in list
 * order, and every {@link Persist} and {@link CommitBlock} is durable (fsync) before any later
 * {@link Send} or {@link Multicast} of the same list leaves the node: sign, persist, fsync, send.
 */
public sealed interface Action {

  /** Append to the write-ahead log and make it durable before any later send. */
  record Persist(DurableRecord record) implements Action {
    public Persist {
      Objects.requireNonNull(record, "record");
    }
  }

  /** Send to one validator (by key fingerprint). */
  record Send(Hash validator, Message message) implements Action {
    public Send {
      Objects.requireNonNull(validator, "validator");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Send to every other validator of the height being decided. */
  record Multicast(Message message) implements Action {
    public Multicast {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Fire {@link Event.TimerFired} at the timer's time; replaces a pending timer of its kind. */
  record ScheduleTimer(Timer timer) implements Action {
    public ScheduleTimer {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /**
   * The block is final: store it with its certificate, the cleared prepared state and the
   * write-ahead log's end for its height in one synced batch, answer clients, announce it to every
   * member node, execute it and report {@link Event.BlockExecuted}.
   */
  record CommitBlock(CertifiedBlock block) implements Action {
    public CommitBlock {
      Objects.requireNonNull(block, "block");
    }
  }

  /** Fetch the certified blocks from {@code fromHeight} up to at least {@code toHeight}. */
  record RequestSync(long fromHeight, long toHeight) implements Action {}

  /** Assemble waiting transactions for a proposal and answer with {@link Event.BlockBuilt}. */
  record BuildBlock(long height, int round) implements Action {}

  /**
   * Ask the application for its verdict on the block's transactions ({@link Event.BlockValidated}).
   */
  record ValidateBlock(Block block) implements Action {
    public ValidateBlock {
      Objects.requireNonNull(block, "block");
    }
  }

  /** Store the evidence and raise a critical alert. */
  record ReportEvidence(Equivocation evidence) implements Action {
    public ReportEvidence {
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  /**
   * Stop the channel: the machine found its own execution disagreeing with a certified header. It
   * takes no further events.
   */
  record Halt(String reason, String detail) implements Action {}
}
