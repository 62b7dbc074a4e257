package io.entente.colending.dayfile;

import java.util.Objects;

/**
 * A valid line of a day file. {@code duplicateConflict}: an earlier line of the same file is a
 * report of the same key with different content, and this line is a plain report; the ledger raises
 * {@code DUPLICATE_CONFLICT} for it and the earlier report stays in effect.
 */
public record DayFileEntry(long line, DayFileRecord record, boolean duplicateConflict) {
  public DayFileEntry {
    Objects.requireNonNull(record, "record");
  }
}
