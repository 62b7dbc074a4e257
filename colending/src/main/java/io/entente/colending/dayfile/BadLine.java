package io.entente.colending.dayfile;

/** The first problem found on a line; the reader turns it into a {@link LineError}. */
final class BadLine extends Exception {
  private static final long serialVersionUID = 1L;
  private final LineError.Reason reason;

  BadLine(LineError.Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  LineError.Reason reason() {
    return reason;
  }
}
