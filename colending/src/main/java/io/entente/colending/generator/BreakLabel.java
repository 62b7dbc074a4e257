package io.entente.colending.generator;

import io.entente.colending.dayfile.EventType;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One injected break, written from the generator's own decision: the key it concerns (event type
 * and ref; none for a balance mismatch, which concerns the agreement and date), the bank whose
 * report was changed ("both" when both were), and whether the break should end {@code OPEN} or be
 * {@code RESOLVED} by a correction the generator also emits.
 */
public record BreakLabel(
    InjectedBreak kind,
    String agreement,
    Optional<EventType> eventType,
    Optional<String> eventRef,
    String bank,
    LocalDate date,
    String expectedEnd,
    String detail) {

  public static final String BOTH_BANKS = "both";
  public static final String OPEN = "OPEN";
  public static final String RESOLVED = "RESOLVED";

  public BreakLabel {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventRef, "eventRef");
    Objects.requireNonNull(bank, "bank");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(expectedEnd, "expectedEnd");
    Objects.requireNonNull(detail, "detail");
  }

  public String expectedBreak() {
    return kind.expectedBreak();
  }
}
