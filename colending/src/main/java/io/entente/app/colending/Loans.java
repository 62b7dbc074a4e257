package io.entente.app.colending;

/**
 * Keeps each loan's outstanding principal (total and the partner's) in step with the records that
 * move it: a disbursement adds, a repayment or write-off takes away. A key's contribution follows
 * its effective record, so a correction moves the loan by the difference only.
 */
final class Loans {
  private Loans() {}

  static void apply(Context cx, Recon recon) {
    EventRecord effective = recon.effective();
    String loanRef = "";
    long principal = 0;
    long partner = 0;
    if (effective != null && !effective.loanRef().isEmpty()) {
      int sign =
          switch (effective.type()) {
            case DISBURSEMENT -> 1;
            case REPAYMENT, WRITE_OFF -> -1;
            default -> 0;
          };
      if (sign != 0) {
        loanRef = effective.loanRef();
        principal = sign * effective.components().principal();
        partner = sign * effective.partnerPortion().principal();
      }
    }
    if (loanRef.equals(recon.loanApplied)
        && principal == recon.loanPrincipalApplied
        && partner == recon.loanPartnerApplied) {
      return;
    }
    if (!recon.loanApplied.isEmpty()) {
      add(
          cx,
          recon.key.agreement(),
          recon.loanApplied,
          -recon.loanPrincipalApplied,
          -recon.loanPartnerApplied,
          effective);
    }
    if (!loanRef.isEmpty()) {
      add(cx, recon.key.agreement(), loanRef, principal, partner, effective);
    }
    recon.loanApplied = loanRef;
    recon.loanPrincipalApplied = principal;
    recon.loanPartnerApplied = partner;
  }

  private static void add(
      Context cx,
      String agreement,
      String loanRef,
      long principal,
      long partner,
      EventRecord effective) {
    Store.Key<Loan> key = Loan.key(agreement, loanRef);
    Loan loan = cx.store.get(key);
    long disbursed = loan == null ? 0 : loan.principal();
    if (effective != null && effective.type() == EventType.DISBURSEMENT) {
      disbursed += principal;
    }
    long outstanding = (loan == null ? 0 : loan.outstanding()) + principal;
    long partnerOutstanding = (loan == null ? 0 : loan.partnerOutstanding()) + partner;
    cx.store.put(key, new Loan(agreement, loanRef, disbursed, outstanding, partnerOutstanding));
  }
}
