package io.entente.colending.camt;

/** The sign of a camt.053 amount (CdtDbtInd): a credit adds to the account, a debit takes. */
public enum CreditDebit {
  CREDIT,
  DEBIT;

  /** The amount with the sign this indicator gives it. */
  public long signed(long fen) {
    return this == CREDIT ? fen : -fen;
  }
}
