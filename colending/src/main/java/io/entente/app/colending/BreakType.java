package io.entente.app.colending;

/** The kinds of break (reference: matching and breaks). Encoding order: append only. */
public enum BreakType {
  AMOUNT_MISMATCH,
  DATE_MISMATCH,
  FIELD_MISMATCH,
  ONE_SIDED,
  SPLIT_MISMATCH,
  DUPLICATE_CONFLICT,
  RESERVE_SHORTFALL,
  BALANCE_MISMATCH;

  /** Breaks about the agreement's reserve as a whole, not about one key's two reports. */
  boolean isAgreementLevel() {
    return this == RESERVE_SHORTFALL || this == BALANCE_MISMATCH;
  }
}
