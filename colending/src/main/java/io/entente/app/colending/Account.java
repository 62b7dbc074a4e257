package io.entente.app.colending;

/** The accounts of one agreement (partner's side of the books). Encoding order: append only. */
public enum Account {
  /** The partner's reserve account (備付金) held for the agreement. */
  RESERVE,
  /** The partner's own account outside the agreement. */
  PARTNER_CASH,
  PARTNER_LOANS,
  PARTNER_INCOME,
  FEES,
  WRITTEN_OFF
}
