package io.entente.colending.dayfile;

/** What to do with the valid lines of a day file that has invalid ones. */
public enum ImportPolicy {
  /** The default: an invalid file is refused whole, so it can be fixed and sent again as is. */
  NOTHING_FROM_AN_INVALID_FILE,
  /** Submit the valid lines and write the rejected ones to a rejects file. */
  KEEP_VALID_LINES
}
