package io.entente.colending.generator;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The closing booked balance of a partner's reserve account for a date, as the account's bank
 * reports it (what a camt.053 CLBD would say), in signed fen.
 */
public record ClosingBalance(String agreement, String reportedBy, LocalDate date, long closingFen) {
  public ClosingBalance {
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(reportedBy, "reportedBy");
    Objects.requireNonNull(date, "date");
  }
}
