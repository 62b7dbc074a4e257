package io.entente.colending.dayfile;

import java.util.List;
import java.util.Objects;

/**
 * Why a line of a day file was rejected. {@code line} is the physical line (1 = the header) where
 * the rejected record starts; {@code cells} are its cells as read (empty for file-level problems),
 * so a rejects file can carry the line for an operator to fix.
 */
public record LineError(long line, Reason reason, String detail, List<String> cells) {

  /** The stable reason of a rejection (a detail says more). */
  public enum Reason {
    MISSING_FIELD,
    BAD_NUMBER,
    TOO_MANY_DECIMALS,
    NEGATIVE,
    AMOUNT_TOO_LARGE,
    UNKNOWN_EVENT_TYPE,
    UNKNOWN_COLUMN,
    DUPLICATE_COLUMN,
    UNKNOWN_ACTION,
    UNKNOWN_DIRECTION,
    BAD_DATE,
    BAD_CURRENCY,
    COMPONENTS_DO_NOT_SUM,
    PORTION_WITHOUT_COMPONENT,
    COMPONENTS_NOT_ALLOWED,
    REASON_REQUIRED,
    DIRECTION_REQUIRED,
    DIRECTION_NOT_ALLOWED,
    FIELD_TOO_LONG,
    BAD_IDENTIFIER,
    WRONG_CELL_COUNT,
    MALFORMED_CSV,
    BAD_ENCODING,
    LINE_TOO_LONG,
    FILE_TOO_LARGE,
    TOO_MANY_RECORDS,
    NO_HEADER
  }

  public LineError {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    cells = List.copyOf(cells);
  }

  /** "line 7: NEGATIVE: amount '-5.00' is negative; amounts are ≥ 0". */
  @Override
  public String toString() {
    return "line " + line + ": " + reason + ": " + detail;
  }
}
