package io.entente.colending.dayfile;

/** What a line does to the reporting bank's attestation of its key. */
public enum Action {
  /** A first report (the default when the column is empty). */
  REPORT,
  /** Supersedes the bank's previous report of the key; needs a reason. */
  CORRECT,
  /** Withdraws the bank's report of the key; needs a reason. */
  REVERSE
}
