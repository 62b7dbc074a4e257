package io.entente.colending.dayfile;

import java.util.List;

/**
 * What a day file holds: its header as read, its valid lines in file order, every rejected line,
 * and the lines dropped as identical repeats of an earlier line. {@code fileRejected}: the file
 * could not be read to its end or its header is unusable (a limit, the encoding, the CSV syntax, an
 * unknown column), so no line of it may be submitted whatever the policy.
 */
public record DayFileResult(
    List<String> header,
    List<DayFileEntry> entries,
    List<LineError> errors,
    List<Long> identicalRepeatLines,
    boolean fileRejected) {

  public DayFileResult {
    header = List.copyOf(header);
    entries = List.copyOf(entries);
    errors = List.copyOf(errors);
    identicalRepeatLines = List.copyOf(identicalRepeatLines);
  }

  /** Whether every line was valid. */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /**
   * The records that may go to the ledger under the policy: all of them for a valid file; for an
   * invalid one, none under {@link ImportPolicy#NOTHING_FROM_AN_INVALID_FILE} and the valid lines
   * under {@link ImportPolicy#KEEP_VALID_LINES} (none when the file itself was rejected).
   */
  public List<DayFileRecord> submittable(ImportPolicy policy) {
    if (fileRejected || (!isValid() && policy == ImportPolicy.NOTHING_FROM_AN_INVALID_FILE)) {
      return List.of();
    }
    return entries.stream().map(DayFileEntry::record).toList();
  }
}
