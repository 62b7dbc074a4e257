package io.entente.colending.generator;

/**
 * A kind of break the generator can inject on purpose, and the break type the ledger is expected to
 * raise for it.
 */
public enum InjectedBreak {
  /** One bank reports a different amount or component. */
  AMOUNT_MISMATCH("AMOUNT_MISMATCH"),
  /** One bank reports a value date beyond the agreement's tolerance. */
  DATE_MISMATCH("DATE_MISMATCH"),
  /** One bank reports another loan ref. */
  FIELD_MISMATCH("FIELD_MISMATCH"),
  /** One bank never reports the event. */
  ONE_SIDED("ONE_SIDED"),
  /** Both banks report the same partner portion, one fen off the split rule. */
  SPLIT_MISMATCH("SPLIT_MISMATCH"),
  /** One bank reports the key a second time, as a plain report with another amount. */
  DUPLICATE_CONFLICT("DUPLICATE_CONFLICT"),
  /** The partner's reserve is drained and a disbursement takes it below zero. */
  RESERVE_SHORTFALL("RESERVE_SHORTFALL"),
  /** The reported closing balance of the reserve account differs from the postings. */
  BALANCE_MISMATCH("BALANCE_MISMATCH"),
  /** A net settlement whose amount differs from the net of its batch (both banks agree on it). */
  SETTLEMENT_MISMATCH("AMOUNT_MISMATCH");

  private final String expectedBreak;

  InjectedBreak(String expectedBreak) {
    this.expectedBreak = expectedBreak;
  }

  /** The break type the ledger should raise, as the contract names it. */
  public String expectedBreak() {
    return expectedBreak;
  }
}
