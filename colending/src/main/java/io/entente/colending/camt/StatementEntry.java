package io.entente.colending.camt;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry (Ntry) of a statement. {@code amountFen} is unsigned as in the XML; {@link #signedFen}
 * applies the credit/debit indicator. References are what the ledger matches entries with events
 * by: the account servicer's reference, the end-to-end ids of the transactions in the entry, and
 * their other payment references (TxId, InstrId, UETR, in document order).
 */
public record StatementEntry(
    LocalDate statementDate,
    long amountFen,
    CreditDebit creditDebit,
    Optional<String> status,
    boolean reversal,
    Optional<LocalDate> bookingDate,
    Optional<LocalDate> valueDate,
    Optional<String> accountServicerRef,
    List<String> endToEndIds,
    List<String> otherPaymentRefs) {

  public StatementEntry {
    Objects.requireNonNull(statementDate, "statementDate");
    Objects.requireNonNull(creditDebit, "creditDebit");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(bookingDate, "bookingDate");
    Objects.requireNonNull(valueDate, "valueDate");
    Objects.requireNonNull(accountServicerRef, "accountServicerRef");
    endToEndIds = List.copyOf(endToEndIds);
    otherPaymentRefs = List.copyOf(otherPaymentRefs);
    if (amountFen < 0) {
      throw new IllegalArgumentException("entry amount is negative: " + amountFen);
    }
  }

  public long signedFen() {
    return creditDebit.signed(amountFen);
  }
}
