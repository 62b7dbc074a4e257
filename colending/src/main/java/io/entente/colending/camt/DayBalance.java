package io.entente.colending.camt;

import java.time.LocalDate;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The balances a statement gives for one date, signed fen (negative: a debit balance). {@code
 * closingBookedFen} is the CLBD the ledger compares with its posted reserve at the close of {@code
 * date}; {@code openingBookedFen} is the OPBD when the statement has one.
 */
public record DayBalance(
    LocalDate date, String statementId, long closingBookedFen, OptionalLong openingBookedFen) {
  public DayBalance {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(statementId, "statementId");
    Objects.requireNonNull(openingBookedFen, "openingBookedFen");
  }
}
