package io.entente.colending.dayfile;

import java.util.List;
import java.util.Objects;

/**
 * A run of day file records submitted together. {@code idempotencyKey} is derived from the records
 * alone (see {@link Batches}), so submitting the same batch again is recognised by the ledger.
 */
public record Batch(int index, List<DayFileRecord> records, String idempotencyKey) {
  public Batch {
    records = List.copyOf(records);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
