package io.entente.colending.generator;

import io.entente.colending.dayfile.DayFileRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one bank reports about an event, at a virtual time. {@code fileDate}: the business day whose
 * day file carries the line (the date the event happened, even when the line's value date is
 * wrong).
 */
public record BankReport(Instant at, String bank, LocalDate fileDate, DayFileRecord record) {
  public BankReport {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(bank, "bank");
    Objects.requireNonNull(fileDate, "fileDate");
    Objects.requireNonNull(record, "record");
  }
}
