package io.entente.colending.generator;

import io.entente.colending.dayfile.DayFileRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * A business event as it really happened (before any bank reports it, rightly or wrongly), at a
 * virtual time. {@code record} carries the true amounts and partner portions. The balance oracle
 * reads these and nothing else of the generator.
 */
public record GeneratedEvent(Instant at, long sequence, DayFileRecord record) {
  public GeneratedEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(record, "record");
  }
}
