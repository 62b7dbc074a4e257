package io.entente.colending.dayfile;

/**
 * The business events a day file may carry (the API-only {@code DISBURSEMENT_REQUEST} never appears
 * in a file). Each type knows which money component a line stands for when it names none.
 */
public enum EventType {
  RESERVE_DEPOSIT(null, false),
  RESERVE_WITHDRAWAL(null, false),
  DISBURSEMENT(Component.PRINCIPAL, true),
  REPAYMENT(Component.PRINCIPAL, true),
  FEE(Component.FEE, false),
  // Not named by the contract's default rule; a write-off and a recovery are about the loan's
  // principal, so a line without components is read as principal only (see the docs).
  WRITE_OFF(Component.PRINCIPAL, true),
  RECOVERY(Component.PRINCIPAL, true),
  SETTLEMENT(null, false);

  private final Component defaultComponent;
  private final boolean loanEvent;

  EventType(Component defaultComponent, boolean loanEvent) {
    this.defaultComponent = defaultComponent;
    this.loanEvent = loanEvent;
  }

  /** The single component a line of this type has when it names none; null: no component. */
  Component defaultComponent() {
    return defaultComponent;
  }

  /** Whether a line of this type must name its loan ({@code loan_ref}). */
  public boolean isLoanEvent() {
    return loanEvent;
  }

  /** Events that carry money components (and so partner portions). */
  public boolean hasComponents() {
    return defaultComponent != null;
  }
}
