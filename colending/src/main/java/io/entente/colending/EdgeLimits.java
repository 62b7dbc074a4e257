package io.entente.colending;

/**
 * Every size and count limit of the co-lending edges (day files, camt.053 statements, the
 * generator), in one place. Names end with their unit. A file that breaks a limit is refused as a
 * whole with a message naming the limit, so an operator never sees a half-read file.
 */
public final class EdgeLimits {
  private EdgeLimits() {}

  private static final long MIB = 1024L * 1024L;

  // Day files
  /** A day file on disk or on the wire. A busy agreement has tens of thousands of events a day. */
  public static final long DAY_FILE_BYTES_MAX = 64 * MIB;

  /** One physical line of a day file; a well-formed event line is a few hundred characters. */
  public static final int DAY_FILE_LINE_CHARS_MAX = 4_096;

  /** Event lines in one day file (the header not counted). */
  public static final int DAY_FILE_RECORDS_MAX = 200_000;

  /** Identifiers and references in a day file: event_ref, agreement, loan_ref, payment refs. */
  public static final int DAY_FILE_IDENTIFIER_CHARS_MAX = 64;

  /** The free-text reason of a correction or reversal. */
  public static final int DAY_FILE_REASON_CHARS_MAX = 512;

  /**
   * The largest amount in a day file, in fen (10^15 fen = 10 trillion yuan): far above any real
   * event, and far enough below {@code Long.MAX_VALUE} that sums of a day's amounts cannot
   * overflow.
   */
  public static final long AMOUNT_FEN_MAX = 1_000_000_000_000_000L;

  /** Records in one submitted batch; a batch becomes one ledger transaction. */
  public static final int BATCH_RECORDS_MAX = 5_000;

  /** How often (in records) the day file reader reports progress. */
  public static final int PROGRESS_EVERY_RECORDS = 1_000;

  // camt.053 statements
  /** One camt.053 document. */
  public static final long CAMT_FILE_BYTES_MAX = 32 * MIB;

  /** Entries (Ntry) across all statements of one camt.053 document. */
  public static final int CAMT_ENTRIES_MAX = 200_000;

  // Generator
  /** Partner banks in one generated scenario. */
  public static final int GENERATOR_PARTNERS_MAX = 64;

  /** Days in one generated scenario. */
  public static final int GENERATOR_DAYS_MAX = 3_660;

  /** Loans disbursed per partner per day in a generated scenario. */
  public static final int GENERATOR_LOANS_PER_DAY_MAX = 10_000;
}
