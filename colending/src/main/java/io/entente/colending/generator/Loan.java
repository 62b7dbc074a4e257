package io.entente.colending.generator;

import java.time.LocalDate;

/**
 * A loan in the generator's book: its schedule (monthly instalments from the disbursement date) and
 * what is still owed, in total and to the partner. Mutable, owned by one {@link PartnerBook}.
 */
final class Loan {
  enum State {
    PERFORMING,
    DEFAULTED,
    WRITTEN_OFF,
    CLOSED
  }

  final String loanRef;
  final LocalDate disbursedOn;
  final long principalFen;
  final int annualRateBp;
  final int termMonths;
  long outstandingFen;
  long partnerOutstandingFen;
  int instalmentsPaid;
  State state = State.PERFORMING;

  /** When the next instalment will actually be paid; null until its due date decides it. */
  LocalDate payOn;

  boolean payOff;
  LocalDate writeOffOn;
  long writtenOffFen;
  boolean recovered;

  Loan(
      String loanRef,
      LocalDate disbursedOn,
      long principalFen,
      long partnerFen,
      int rateBp,
      int termMonths) {
    this.loanRef = loanRef;
    this.disbursedOn = disbursedOn;
    this.principalFen = principalFen;
    this.annualRateBp = rateBp;
    this.termMonths = termMonths;
    this.outstandingFen = principalFen;
    this.partnerOutstandingFen = partnerFen;
  }

  LocalDate nextDue() {
    return disbursedOn.plusMonths(instalmentsPaid + 1L);
  }

  /** The principal of the next instalment: an equal part, the last one takes the rest. */
  long instalmentPrincipalFen() {
    if (payOff || instalmentsPaid + 1 >= termMonths) {
      return outstandingFen;
    }
    return Math.min(outstandingFen, principalFen / termMonths);
  }

  /** A month's interest on what is outstanding, rounded down to the fen. */
  long monthInterestFen() {
    return outstandingFen * annualRateBp / (12L * AgreementTerms.BP_PER_UNIT);
  }
}
