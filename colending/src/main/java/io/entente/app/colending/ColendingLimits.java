package io.entente.app.colending;

/**
 * Every limit of the co-lending application, in one place, units last. A limit that bounds an
 * encoding belongs to the codec: changing it is a codec version change.
 */
public final class ColendingLimits {
  private ColendingLimits() {}

  /** Agreement, institution, event, loan, payment, settlement, hold and break references. */
  public static final int REF_BYTES_MAX = 64;

  /** A reason for a correction, a reversal, a proposal or a rejection (UTF-8 bytes). */
  public static final int REASON_BYTES_MAX = 512;

  /** A user name as carried by the user-request wrapper. */
  public static final int USER_BYTES_MAX = 64;

  /**
   * The largest amount of one event, in fen: 10^15 fen is ten trillion yuan, far above any loan or
   * reserve, and sums of many such amounts stay far from overflowing a long.
   */
  public static final long AMOUNT_FEN_MAX = 1_000_000_000_000_000L;

  /** Records in one attestation batch (one signature). */
  public static final int RECORDS_PER_BATCH_MAX = 10_000;

  /** Entries of one reserve-account statement. */
  public static final int STATEMENT_ENTRIES_MAX = 100_000;

  /** One encoded attestation record. */
  public static final int RECORD_BYTES_MAX = 2_048;

  /** A request's content; the ledger's own payload limit is larger. */
  public static final int CONTENT_BYTES_MAX = 8 * 1024 * 1024 - 2 * 1024;

  /** Basis points in a whole. */
  public static final int BASIS_POINTS_WHOLE = 10_000;

  /** Since 2022-01-01 the lead funds at least 30% of each co-funded loan's principal. */
  public static final int LEAD_FLOOR_BP_DEFAULT = 3_000;

  /** Date tolerance for matching, in calendar days. */
  public static final int DATE_TOLERANCE_DAYS_MAX = 31;

  /** Entries per chunk of a deadline queue or a day's row list: bounds each re-encoded value. */
  public static final int CHUNK_ENTRIES_MAX = 256;

  /** Differences listed in one break (there are at most a dozen compared fields). */
  public static final int BREAK_DIFFS_MAX = 32;

  /** One difference as text. */
  public static final int DIFF_BYTES_MAX = 256;

  /** Decided proposal ids a break remembers, so a repeated decision stays a no-op. */
  public static final int DECIDED_PROPOSALS_MAX = 64;

  /** A rejection detail in a receipt (the core allows 1024 bytes). */
  public static final int RECEIPT_DETAIL_BYTES_MAX = 512;

  /** Agreements in one channel, proposed or active (none is ever removed). */
  public static final int AGREEMENTS_MAX = 10_000;

  /** The text of a chunk entry (a key path or a break id). */
  public static final int ENTRY_TEXT_BYTES_MAX = 256;

  /** Agreements or breaks one page returns at most. */
  public static final int QUERY_PAGE_MAX = 500;

  /**
   * Index entries one paged query looks at before it answers with what it has and a cursor (a
   * filter that matches little cannot make a query walk an unbounded list).
   */
  public static final int QUERY_SCAN_MAX = 10_000;

  /** Records one RECORDS page returns at most (the page may also end at the scan cap). */
  public static final int QUERY_RECORDS_MAX = 1_000;

  /** The whole encoding of a stored state value (the largest is a statement's CSV text). */
  public static final int STATE_VALUE_BYTES_MAX = 256 * 1024 * 1024;

  /** The CSV text of one statement. */
  public static final int STATEMENT_CSV_BYTES_MAX = STATE_VALUE_BYTES_MAX - 1024;

  /** Milliseconds in an hour and in a day, for block-time arithmetic. */
  public static final long HOUR_MS = 60L * 60 * 1000;

  public static final long DAY_MS = 24 * HOUR_MS;
}
