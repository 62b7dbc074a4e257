package io.entente.consensus;

/**
 * The timing of one channel's consensus. Defaults are the {@link ConsensusLimits} values; a channel
 * may tune them (a test or the simulator usually shortens them).
 */
public record ConsensusConfig(
    long roundTimeoutMsBase,
    int roundTimeoutDoublingsMax,
    long roundTimeoutMsMax,
    long roundChangeResendMs,
    long blockIntervalMsMin,
    long tickIntervalMs,
    long blockTimeDriftMsMax) {

  public static final ConsensusConfig DEFAULT =
      new ConsensusConfig(
          ConsensusLimits.ROUND_TIMEOUT_MS_BASE,
          ConsensusLimits.ROUND_TIMEOUT_DOUBLINGS_MAX,
          ConsensusLimits.ROUND_TIMEOUT_MS_MAX,
          ConsensusLimits.ROUND_CHANGE_RESEND_MS,
          ConsensusLimits.BLOCK_INTERVAL_MS_MIN,
          ConsensusLimits.TICK_INTERVAL_MS,
          ConsensusLimits.BLOCK_TIME_DRIFT_MS_MAX);

  public ConsensusConfig {
    positive(roundTimeoutMsBase, "roundTimeoutMsBase");
    if (roundTimeoutDoublingsMax < 0 || roundTimeoutDoublingsMax > 30) {
      throw new IllegalArgumentException("roundTimeoutDoublingsMax must be in [0, 30]");
    }
    if (roundTimeoutMsMax < roundTimeoutMsBase) {
      throw new IllegalArgumentException("roundTimeoutMsMax is below roundTimeoutMsBase");
    }
    positive(roundChangeResendMs, "roundChangeResendMs");
    positive(blockIntervalMsMin, "blockIntervalMsMin");
    positive(tickIntervalMs, "tickIntervalMs");
    positive(blockTimeDriftMsMax, "blockTimeDriftMsMax");
  }

  private static void positive(long value, String field) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " = " + value + ", must be positive");
    }
  }

  /**
   * The round timer of {@code round}: base · 2^min(round, doublingsMax), capped at the maximum.
   * Overflow-safe for every round: the exponent is bounded before it is used.
   */
  public long roundTimeoutMs(int round) {
    int doublings = Math.min(Math.max(round, 0), roundTimeoutDoublingsMax);
    long grown = roundTimeoutMsBase;
    for (int i = 0; i < doublings && grown < roundTimeoutMsMax; i++) {
      grown *= 2;
    }
    return Math.min(grown, roundTimeoutMsMax);
  }

  /**
   * How often a validator re-sends what it signed in {@code round} while the round is undecided:
   * the configured interval, or less if that would not fit {@link
   * ConsensusLimits#RESENDS_PER_ROUND_MIN} re-sends into the round's timer (at least 1 ms).
   */
  public long resendIntervalMs(int round) {
    long fitting = roundTimeoutMs(round) / (ConsensusLimits.RESENDS_PER_ROUND_MIN + 1);
    return Math.max(1, Math.min(roundChangeResendMs, fitting));
  }
}
