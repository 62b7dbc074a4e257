package io.entente.app.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.util.List;

/**
 * The consortium's governance parameters. The vote threshold is the fraction {@code numerator /
 * denominator} that the yes votes must exceed strictly: a proposal passes when yes × denominator >
 * eligible × numerator (default 2/3: more than two thirds). The proposal lifetime runs on block
 * time. The block interval and the block transaction limit are plain values the governance channel
 * only records for the nodes to read.
 *
 * <p>Each parameter has a name by which a {@link Change.SetParameters} proposal sets it; a proposal
 * sets several at once and the result is checked as a whole, so the two halves of the threshold
 * never pass through a meaningless combination.
 */
public record Parameters(
    long thresholdNumerator,
    long thresholdDenominator,
    long proposalLifetimeMs,
    long blockIntervalMs,
    long blockTransactionsMax) {

  public static final String THRESHOLD_NUMERATOR = "vote-threshold-numerator";
  public static final String THRESHOLD_DENOMINATOR = "vote-threshold-denominator";
  public static final String PROPOSAL_LIFETIME_MS = "proposal-lifetime-ms";
  public static final String BLOCK_INTERVAL_MS = "block-interval-ms";
  public static final String BLOCK_TRANSACTIONS_MAX = "block-transactions-max";

  /** Every parameter name, sorted by UTF-8 bytes (all ASCII). */
  public static final List<String> NAMES =
      List.of(
          BLOCK_INTERVAL_MS,
          BLOCK_TRANSACTIONS_MAX,
          PROPOSAL_LIFETIME_MS,
          THRESHOLD_DENOMINATOR,
          THRESHOLD_NUMERATOR);

  private static final int FORMAT_VERSION = 1;

  /**
   * @throws IllegalArgumentException naming the parameter whose value is out of range
   */
  public Parameters {
    if (thresholdDenominator < 1
        || thresholdDenominator > GovernanceAppLimits.THRESHOLD_DENOMINATOR_MAX) {
      throw new IllegalArgumentException(
          THRESHOLD_DENOMINATOR
              + " is "
              + thresholdDenominator
              + ", expected 1 to "
              + GovernanceAppLimits.THRESHOLD_DENOMINATOR_MAX);
    }
    // At least one half: two disjoint groups of members can never both pass a proposal.
    if (thresholdNumerator * 2 < thresholdDenominator
        || thresholdNumerator >= thresholdDenominator) {
      throw new IllegalArgumentException(
          "the vote threshold "
              + thresholdNumerator
              + "/"
              + thresholdDenominator
              + " is not at least 1/2 and below 1");
    }
    requireRange(
        PROPOSAL_LIFETIME_MS,
        proposalLifetimeMs,
        GovernanceAppLimits.PROPOSAL_LIFETIME_MS_MIN,
        GovernanceAppLimits.PROPOSAL_LIFETIME_MS_MAX);
    requireRange(BLOCK_INTERVAL_MS, blockIntervalMs, 1, GovernanceAppLimits.BLOCK_INTERVAL_MS_MAX);
    requireRange(BLOCK_TRANSACTIONS_MAX, blockTransactionsMax, 1, CoreLimits.TXS_PER_BLOCK_MAX);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " is " + value + ", expected " + min + " to " + max);
    }
  }

  /** More than two thirds, a week of block time, 200 ms blocks, the core's block limit. */
  public static Parameters defaults() {
    return new Parameters(
        2,
        3,
        GovernanceAppLimits.PROPOSAL_LIFETIME_MS_DEFAULT,
        GovernanceAppLimits.BLOCK_INTERVAL_MS_DEFAULT,
        CoreLimits.TXS_PER_BLOCK_MAX);
  }

  /** Whether {@code yes} votes out of {@code eligible} pass the threshold. */
  public boolean passes(int yes, int eligible) {
    return yes * thresholdDenominator > eligible * thresholdNumerator;
  }

  /**
   * The parameters with every setting applied at once and the result checked as a whole; fails on
   * an unknown name or a value out of range.
   */
  public Parameters with(List<Change.Setting> settings) {
    long[] values = {
      thresholdNumerator,
      thresholdDenominator,
      proposalLifetimeMs,
      blockIntervalMs,
      blockTransactionsMax
    };
    for (Change.Setting setting : settings) {
      values[index(setting.name())] = setting.value();
    }
    return new Parameters(values[0], values[1], values[2], values[3], values[4]);
  }

  private static int index(String name) {
    return switch (name) {
      case THRESHOLD_NUMERATOR -> 0;
      case THRESHOLD_DENOMINATOR -> 1;
      case PROPOSAL_LIFETIME_MS -> 2;
      case BLOCK_INTERVAL_MS -> 3;
      case BLOCK_TRANSACTIONS_MAX -> 4;
      default -> throw new IllegalArgumentException("unknown parameter " + name);
    };
  }

  Bytes encode() {
    Writer writer = new Writer(64);
    writer.u8(FORMAT_VERSION);
    writer.i64(thresholdNumerator).i64(thresholdDenominator).i64(proposalLifetimeMs);
    writer.i64(blockIntervalMs).i64(blockTransactionsMax);
    return writer.toBytes();
  }

  public static Parameters decode(Bytes encoded) {
    Reader reader = Reader.of(encoded);
    Encodings.version(reader, FORMAT_VERSION, "parameters");
    Parameters parameters =
        new Parameters(
            reader.i64("threshold numerator"),
            reader.i64("threshold denominator"),
            reader.i64("proposal lifetime"),
            reader.i64("block interval"),
            reader.i64("block transactions"));
    reader.expectEnd("parameters");
    return parameters;
  }
}
