package io.entente.app.colending;

import java.util.List;

/**
 * BALANCE_MISMATCH: a bank statement's closing booked balance for date D against the ledger's
 * posted reserve at the close of D. A statement for a day still open is kept and compared when the
 * day closes. Entries are matched to events by payment reference, amount and date.
 */
final class BankStatements {
  private BankStatements() {}

  static final String RECEIVED = "bank-statement";

  /** Applies a statement; returns the number of entries that matched no event. */
  static long apply(Context cx, AgreementTerms terms, Requests.ReserveStatement statement) {
    long unmatched = 0;
    for (Requests.StatementEntry entry : statement.entries()) {
      if (!matches(cx, terms, entry)) {
        unmatched++;
      }
    }
    Store.Key<Indexes.BankBalance> key = Indexes.BankBalance.key(terms.id(), statement.valueDate());
    Indexes.BankBalance previous = cx.store.get(key);
    String breakId = previous == null ? "" : previous.breakId();
    cx.store.put(
        key, new Indexes.BankBalance(statement.closingBookedFen(), unmatched, false, breakId));
    Statement closed = cx.store.get(Statement.key(terms.id(), statement.valueDate()));
    if (closed != null) {
      compareAtClose(cx, terms, statement.valueDate(), closed.closingReserve());
    }
    cx.emit(
        RECEIVED,
        terms.id(),
        ShanghaiCalendar.iso(statement.valueDate()),
        Long.toString(statement.closingBookedFen()),
        Long.toString(unmatched));
    return unmatched;
  }

  private static boolean matches(Context cx, AgreementTerms terms, Requests.StatementEntry entry) {
    if (entry.paymentRef().isEmpty()) {
      return false;
    }
    Indexes.PaymentRef index = cx.store.get(Indexes.PaymentRef.key(terms.id(), entry.paymentRef()));
    if (index == null) {
      return false;
    }
    Recon recon = cx.store.get(Recon.key(index.key()));
    EventRecord effective = recon == null ? null : recon.effective();
    if (effective == null) {
      return false;
    }
    long delta = Books.reserveDelta(Books.legs(effective));
    long signed = entry.credit() ? entry.amount() : -entry.amount();
    return delta == signed
        && Math.abs(effective.valueDate() - entry.date()) <= terms.dateToleranceDays();
  }

  /** Compares a received balance for {@code day} with the ledger's closing reserve. */
  static void compareAtClose(Context cx, AgreementTerms terms, int day, long ledgerClosing) {
    Store.Key<Indexes.BankBalance> key = Indexes.BankBalance.key(terms.id(), day);
    Indexes.BankBalance bank = cx.store.get(key);
    if (bank == null) {
      return;
    }
    String breakId = bank.breakId();
    if (bank.closingBookedFen() == ledgerClosing) {
      Breaks.resolveIfOpen(cx, breakId, "a statement's closing balance equals the ledger's");
    } else {
      List<String> diffs =
          List.of(
              "closing booked balance "
                  + Money.yuan(bank.closingBookedFen())
                  + ", ledger posted reserve "
                  + Money.yuan(ledgerClosing)
                  + " on "
                  + ShanghaiCalendar.iso(day),
              bank.unmatchedEntries() + " statement entries matched no event");
      Break open = Breaks.editOpen(cx, breakId);
      long atStake = Math.abs(bank.closingBookedFen() - ledgerClosing);
      if (open == null) {
        breakId = Breaks.open(cx, terms, BreakType.BALANCE_MISMATCH, null, day, atStake, diffs).id;
      } else {
        open.setDiffs(diffs);
        open.amountAtStake = atStake;
      }
    }
    cx.store.put(
        key,
        new Indexes.BankBalance(bank.closingBookedFen(), bank.unmatchedEntries(), true, breakId));
  }
}
