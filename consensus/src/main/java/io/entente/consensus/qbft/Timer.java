package io.entente.consensus.qbft;

import java.util.Objects;

/**
 * A timer the state machine asked for with {@link Action.ScheduleTimer}. The shell fires it back as
 * {@link Event.TimerFired} at {@code atMs}; a new timer of the same kind replaces the pending one.
 * The machine ignores a fired timer that is not the one it currently expects, so the shell never
 * needs to cancel anything.
 */
public record Timer(Kind kind, long height, int round, long atMs) {
  public enum Kind {
    /** The round timer: when it fires, the round is abandoned. */
    ROUND,
    /** Re-send what this validator signed in the current round while the round is undecided. */
    RESEND,
    /** Look again: a block interval, a transaction's age or an application deadline is due. */
    WAKE,
    /** Ask again for the blocks of a sync that has not brought this node to its target yet. */
    SYNC_RETRY
  }

  public Timer {
    Objects.requireNonNull(kind, "kind");
  }
}
