package io.entente.consensus;

import io.entente.core.CoreLimits;

/**
 * Every limit of the consensus module, in one place. Names end with their unit. The {@code *_MS_*}
 * timing values are the defaults of {@link ConsensusConfig}, which a channel may tune; the size and
 * count limits belong to the canonical encoding or to memory bounds and are fixed.
 */
public final class ConsensusLimits {
  private ConsensusLimits() {}

  // Timing defaults (ConsensusConfig)
  /** The round timer of round 0; round r waits BASE · 2^min(r, DOUBLINGS_MAX), capped at MAX. */
  public static final long ROUND_TIMEOUT_MS_BASE = 2_000;

  /** After this many doublings the round timer stops growing (pitfall 3: besu#7642). */
  public static final int ROUND_TIMEOUT_DOUBLINGS_MAX = 5;

  /** The longest round timer (a cap on BASE · 2^DOUBLINGS_MAX). */
  public static final long ROUND_TIMEOUT_MS_MAX = 60_000;

  /**
   * How often a validator sends again what it signed in its current round while the round is
   * undecided (ROUND-CHANGE, PROPOSAL, PREPARE, COMMIT), at most; a round with a shorter timer
   * re-sends more often (see {@link #RESENDS_PER_ROUND_MIN}). Also how often an unfinished block
   * sync is asked for again.
   */
  public static final long ROUND_CHANGE_RESEND_MS = 5_000;

  /**
   * Every round re-sends its messages at least this many times before its timer ends: the re-send
   * interval of round r is at most roundTimeout(r) / (this + 1). A re-send due after the round's
   * timer never helps that round, so with early rounds shorter than the configured interval a bare
   * quorum would need every message to arrive on the first try.
   */
  public static final int RESENDS_PER_ROUND_MIN = 2;

  /** The least time between a parent's timestamp and a block with transactions. */
  public static final long BLOCK_INTERVAL_MS_MIN = 500;

  /** The least time between time-advancing (deadline) blocks. */
  public static final long TICK_INTERVAL_MS = 1_000;

  /** How far a proposed block's timestamp may be ahead of a validator's clock. */
  public static final long BLOCK_TIME_DRIFT_MS_MAX = 5_000;

  // Memory bounds
  /** Messages for heights further than this above the height being decided are dropped. */
  public static final int HEIGHTS_AHEAD_MAX = 10;

  /** Equivocation evidence kept in memory (the shell stores what it is given). */
  public static final int EVIDENCE_KEPT_MAX = 64;

  /** Application verdicts on blocks remembered for the height being decided. */
  public static final int VERDICTS_PER_HEIGHT_MAX = 4 * CoreLimits.VALIDATORS_MAX;

  /**
   * Final blocks a channel ledger holds in memory, the newest ones: older blocks are read from its
   * {@link io.entente.consensus.ledger.BlockSource} (the node's store). The machine, the checks and
   * announcements read only the newest block or two; sync answers and readers of old heights go to
   * the source.
   */
  public static final int LEDGER_RECENT_BLOCKS = 32;

  /** Committed blocks whose predecessor's execution result has not been reported yet. */
  public static final int EXECUTION_LAG_BLOCKS_MAX = 256;

  /** Iterations of the internal "until nothing changes" loop of one step; a bug guard. */
  public static final int STEP_ITERATIONS_MAX = 10_000;

  // Validator promotion (governance)
  /** A node becomes a validator only with a readiness message from at most this far behind. */
  public static final int READY_LAG_BLOCKS_MAX = 100;

  // Encoding sizes
  /** An unsigned payload: channel, height, round, digest, and for COMMIT a seal. */
  public static final int PAYLOAD_BYTES_MAX = 512;

  /** A payload with its author's fingerprint and signature. */
  public static final int SIGNED_BYTES_MAX = PAYLOAD_BYTES_MAX + 128;

  /** The justification lists hold at most one message per validator. */
  public static final int JUSTIFICATION_BYTES_MAX =
      8 + CoreLimits.VALIDATORS_MAX * SIGNED_BYTES_MAX;

  public static final int PROPOSAL_BYTES_MAX =
      64 + SIGNED_BYTES_MAX + CoreLimits.BLOCK_BYTES_MAX + 2 * JUSTIFICATION_BYTES_MAX;

  public static final int ROUND_CHANGE_BYTES_MAX =
      64 + SIGNED_BYTES_MAX + CoreLimits.BLOCK_BYTES_MAX + JUSTIFICATION_BYTES_MAX;

  public static final int EQUIVOCATION_BYTES_MAX = 16 + 2 * SIGNED_BYTES_MAX;

  public static final int PREPARED_STATE_BYTES_MAX =
      64 + CoreLimits.BLOCK_BYTES_MAX + JUSTIFICATION_BYTES_MAX;
}
