package io.entente.node.ui;

import java.time.Duration;

/** Bounds of the dashboard: sessions, form bodies, lists shown on one page. */
public final class UiLimits {
  private UiLimits() {}

  /** A session ends after this long without a request. */
  public static final Duration SESSION_IDLE = Duration.ofMinutes(30);

  /** A session ends this long after its login, however busy. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(8);

  /** Live sessions per node; a login beyond this ends the session idle the longest. */
  public static final int SESSIONS_MAX = 1_000;

  /** Bytes of a submitted form (login, break actions). */
  public static final int FORM_BYTES_MAX = 8 * 1024;

  /** Logins checked at once (each costs a PBKDF2 hash); more are told to retry. */
  public static final int LOGINS_CONCURRENT_MAX = 4;

  /** Blocks listed on the ledger page. */
  public static final int BLOCKS_LISTED_MAX = 20;

  /** Agreements shown per page and read per refresh of the positions. */
  public static final int AGREEMENTS_LISTED_MAX = 200;

  /** Points of one agreement's intraday chart; a fuller day is thinned. */
  public static final int CHART_POINTS_MAX = 2_000;

  /** Live pages (server-sent events) open at once on one node; more are told to reload later. */
  public static final int LIVE_STREAMS_MAX = 64;

  /** A live page gets a comment line at least this often, so proxies and browsers keep it open. */
  public static final java.time.Duration LIVE_HEARTBEAT = java.time.Duration.ofSeconds(15);

  /** Transactions listed on a block's page; the rest are counted. */
  public static final int TXS_LISTED_MAX = 200;

  /** Days back the Statements page looks for closed statement days. */
  public static final int STATEMENT_DAYS_LISTED = 31;

  /** Records of a day listed on the Reconciliation page (the counts cover every record read). */
  public static final int RECORDS_LISTED_MAX = 500;

  /** Breaks in the Reconciliation page's queue, and resolved ones listed below it. */
  public static final int BREAKS_LISTED_MAX = 200;

  /** Pages of breaks the Reconciliation page reads at most (each a bounded query). */
  public static final int BREAK_PAGES_READ_MAX = 5;

  /** How long a dashboard action waits for its block before the page says "sent, not yet on". */
  public static final java.time.Duration ACTION_COMMIT_WAIT = java.time.Duration.ofSeconds(30);

  /** Pages of a day's records the Reconciliation page reads at most (each a bounded query). */
  public static final int RECORD_PAGES_READ_MAX = 5;
}
