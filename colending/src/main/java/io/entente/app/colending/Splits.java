package io.entente.app.colending;

/**
 * The split rule: partner portion = ⌊total × bp / 10000⌋ per component, the remainder the lead's;
 * except that a repayment (or write-off) which brings the loan's principal to zero gives the
 * partner exactly its outstanding principal, so rounding never strands a fen.
 */
final class Splits {
  private Splits() {}

  /**
   * The partner portion the rule gives for {@code record}, given the loan as it stood before this
   * key (null if the ledger has not seen the loan).
   */
  static Components expected(AgreementTerms terms, EventRecord record, Loan loanBefore) {
    if (record.type().hasNoComponents()) {
      return Components.ZERO;
    }
    Components portion = terms.split().partnerPortion(record.components());
    boolean closesLoan =
        (record.type() == EventType.REPAYMENT || record.type() == EventType.WRITE_OFF)
            && loanBefore != null
            && record.components().principal() > 0
            && loanBefore.outstanding() == record.components().principal()
            && loanBefore.partnerOutstanding() >= 0
            && loanBefore.partnerOutstanding() <= record.components().principal();
    if (closesLoan) {
      portion =
          new Components(
              loanBefore.partnerOutstanding(),
              portion.interest(),
              portion.penalty(),
              portion.fee());
    }
    return portion;
  }

  /** The loan as it stood before {@code recon}'s own contribution was applied. */
  static Loan loanBefore(Store store, Recon recon, EventRecord record) {
    if (record.loanRef().isEmpty()) {
      return null;
    }
    Loan loan = store.get(Loan.key(record.agreement(), record.loanRef()));
    if (loan == null) {
      return null;
    }
    if (!record.loanRef().equals(recon.loanApplied)) {
      return loan;
    }
    return new Loan(
        loan.agreement(),
        loan.loanRef(),
        loan.principal(),
        loan.outstanding() - recon.loanPrincipalApplied,
        loan.partnerOutstanding() - recon.loanPartnerApplied);
  }
}
