package io.entente.colending.generator;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One generated business day over all agreements: the true events and the banks' reports, each in
 * time order, the reported closing balances and the labels of the breaks injected that day.
 */
public record GeneratedDay(
    LocalDate date,
    List<GeneratedEvent> events,
    List<BankReport> reports,
    List<ClosingBalance> closingBalances,
    List<BreakLabel> labels) {
  public GeneratedDay {
    Objects.requireNonNull(date, "date");
    events = List.copyOf(events);
    reports = List.copyOf(reports);
    closingBalances = List.copyOf(closingBalances);
    labels = List.copyOf(labels);
  }
}
