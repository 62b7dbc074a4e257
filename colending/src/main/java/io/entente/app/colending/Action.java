package io.entente.app.colending;

/** What an attestation does to its institution's report of a key. Encoding order: append only. */
public enum Action {
  /** The first report of the key (a repeat with other content is a duplicate conflict). */
  REPORT,
  /** Supersedes the institution's previous report of the key; history is kept. */
  CORRECT,
  /** Withdraws the institution's report of the key. */
  REVERSE
}
