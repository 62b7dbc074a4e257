package io.entente.app.colending;

/**
 * The business events of the posting table (reference: co-lending contract). The declaration order
 * is the encoding: append only.
 */
public enum EventType {
  RESERVE_DEPOSIT,
  RESERVE_WITHDRAWAL,
  DISBURSEMENT,
  REPAYMENT,
  FEE,
  WRITE_OFF,
  RECOVERY,
  SETTLEMENT,
  DISBURSEMENT_REQUEST;

  /** Events about one loan, which must name it. */
  boolean isLoanEvent() {
    return this == DISBURSEMENT || this == REPAYMENT || this == WRITE_OFF || this == RECOVERY;
  }

  /** Events whose amount is a movement of money only, without loan components. */
  boolean hasNoComponents() {
    return this == RESERVE_DEPOSIT || this == RESERVE_WITHDRAWAL || this == SETTLEMENT;
  }
}
