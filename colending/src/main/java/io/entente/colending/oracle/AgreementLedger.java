package io.entente.colending.oracle;

import io.entente.colending.dayfile.Amounts;
import io.entente.colending.dayfile.Component;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.EventType;
import java.time.LocalDate;
import java.util.TreeMap;

/** The oracle's running account of one agreement: a hand-written reading of the posting table. */
final class AgreementLedger {
  final TreeMap<LocalDate, Long> closing = new TreeMap<>();
  final TreeMap<LocalDate, Long> lowest = new TreeMap<>();
  final TreeMap<String, BalanceOracle.Outstanding> loans = new TreeMap<>();
  final TreeMap<String, Long> settlementNets = new TreeMap<>();
  private long reserve;
  private long deposited;
  private long withdrawn;
  private long disbursed;
  private long partnerDisbursed;
  private long repaidPrincipal;
  private long partnerRepaidPrincipal;
  private long partnerRepaidIncome;
  private long partnerFees;
  private long partnerWrittenOff;
  private long partnerRecovered;

  void post(DayFileRecord r) {
    Amounts mine = r.partnerPortions();
    long principal = mine.orZero(Component.PRINCIPAL);
    long income = mine.orZero(Component.INTEREST) + mine.orZero(Component.PENALTY);
    long change =
        switch (r.eventType()) {
          // partner_cash → reserve
          case RESERVE_DEPOSIT -> {
            deposited += r.amountFen();
            yield r.amountFen();
          }
          // reserve → partner_cash
          case RESERVE_WITHDRAWAL -> {
            withdrawn += r.amountFen();
            yield -r.amountFen();
          }
          // reserve → partner_loans
          case DISBURSEMENT -> {
            disbursed += r.amountFen();
            partnerDisbursed += principal;
            lend(r, principal);
            yield -principal;
          }
          // partner_loans → reserve, partner_income → reserve
          case REPAYMENT -> {
            repaidPrincipal += r.components().orZero(Component.PRINCIPAL);
            partnerRepaidPrincipal += principal;
            partnerRepaidIncome += income;
            repay(r, principal);
            yield principal + income;
          }
          // reserve → fees
          case FEE -> {
            partnerFees += mine.orZero(Component.FEE);
            yield -mine.orZero(Component.FEE);
          }
          // partner_loans → written_off: no reserve effect
          case WRITE_OFF -> {
            partnerWrittenOff += principal;
            repay(r, principal);
            yield 0L;
          }
          // written_off → reserve
          case RECOVERY -> {
            partnerRecovered += principal + income;
            yield principal + income;
          }
          // matched against its batch, posts nothing
          case SETTLEMENT -> 0L;
        };
    if (r.eventType() != EventType.SETTLEMENT) {
      r.settlementRef().ifPresent(ref -> settlementNets.merge(ref, change, Long::sum));
    }
    reserve += change;
    closing.put(r.valueDate(), reserve);
    lowest.merge(r.valueDate(), reserve, Math::min);
  }

  private void lend(DayFileRecord r, long partnerPrincipal) {
    loans.put(
        r.loanRef().orElseThrow(),
        new BalanceOracle.Outstanding(
            r.components().orZero(Component.PRINCIPAL), partnerPrincipal));
  }

  private void repay(DayFileRecord r, long partnerPrincipal) {
    String loanRef = r.loanRef().orElseThrow();
    BalanceOracle.Outstanding before = loans.get(loanRef);
    if (before == null) {
      throw new IllegalStateException(
          r.eventType() + " " + r.eventRef() + " of unknown loan " + loanRef);
    }
    loans.put(
        loanRef,
        new BalanceOracle.Outstanding(
            before.principalFen() - r.components().orZero(Component.PRINCIPAL),
            before.partnerPrincipalFen() - partnerPrincipal));
  }

  BalanceOracle.Totals totals() {
    return new BalanceOracle.Totals(
        deposited,
        withdrawn,
        disbursed,
        partnerDisbursed,
        repaidPrincipal,
        partnerRepaidPrincipal,
        partnerRepaidIncome,
        partnerFees,
        partnerWrittenOff,
        partnerRecovered);
  }
}
