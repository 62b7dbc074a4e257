package io.entente.app.governance;

import io.entente.core.CoreLimits;

/**
 * The limits of the governance application, in one place. Names end with their unit. Counts of
 * members, nodes and channels are those of {@link io.entente.core.governance.GovernanceLimits}; the
 * limits here bound what a proposal and a vote may grow.
 */
public final class GovernanceAppLimits {
  private GovernanceAppLimits() {}

  /**
   * Open proposals one member may have at a time. Bounds the open-proposal index (and so the work
   * of expiring proposals and finding the next deadline) to members × this, and stops one member
   * from crowding out the others' proposals.
   */
  public static final int OPEN_PROPOSALS_PER_MEMBER_MAX = 4;

  /**
   * Client (API signing) certificates an admission may carry for the new member. They are what the
   * member signs its transactions with from the block that admits it.
   */
  public static final int CLIENTS_PER_MEMBER_MAX = 4;

  /** Parameters one proposal may set together (applied at once, checked as a whole). */
  public static final int PARAMETERS_PER_CHANGE_MAX = 8;

  /** A parameter's name (UTF-8 bytes). */
  public static final int PARAMETER_NAME_BYTES_MAX = CoreLimits.IDENTIFIER_BYTES_MAX;

  /** The role label a user acted as, as carried by a user request. */
  public static final int ROLE_BYTES_MAX = 32;

  /** The shortest proposal lifetime a parameter change may set (one minute of block time). */
  public static final long PROPOSAL_LIFETIME_MS_MIN = 60_000L;

  /** The longest proposal lifetime a parameter change may set (90 days of block time). */
  public static final long PROPOSAL_LIFETIME_MS_MAX = 90L * 24 * 60 * 60 * 1000;

  /** The default proposal lifetime (7 days of block time). */
  public static final long PROPOSAL_LIFETIME_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

  /** The largest denominator of the vote threshold fraction. */
  public static final long THRESHOLD_DENOMINATOR_MAX = 1_000;

  /** The default minimum block interval announced to the channels, a plain value. */
  public static final long BLOCK_INTERVAL_MS_DEFAULT = 200;

  /** The longest minimum block interval a parameter change may set. */
  public static final long BLOCK_INTERVAL_MS_MAX = 60_000;

  /** Receipt details are cut to this many UTF-8 bytes. */
  static final int DETAIL_BYTES_MAX = CoreLimits.TEXT_BYTES_MAX;
}
