package io.entente.node.bench;

import io.entente.core.chain.Transaction;
import java.util.List;

/**
 * What the benchmark sends: signed batches for one channel, and the same records as plain keyed
 * rows for the baselines. Today the counter test application; the co-lending record mix plugs in
 * here when it lands.
 */
interface Workload {
  /** The name in the report, e.g. {@code counter}. */
  String name();

  /** The channel the batches go to. */
  String channel();

  /** Signature checks each record costs on one node (admission and block validation). */
  int checksPerRecordPerNode();

  /**
   * Records {@code first} to {@code first + size - 1}, signed and as rows. Depends on the numbers
   * only, so batches can be made on several threads.
   */
  Batch batch(long first, int size);

  /** One batch as the API takes it and as the baselines store it. */
  record Batch(List<Transaction> transactions, List<Row> rows) {
    public Batch {
      transactions = List.copyOf(transactions);
      rows = List.copyOf(rows);
      if (transactions.size() != rows.size()) {
        throw new IllegalArgumentException(
            transactions.size() + " transactions but " + rows.size() + " rows");
      }
    }

    int size() {
      return rows.size();
    }
  }

  /**
   * One record as a reconciliation service keys it: the agreement, the event type and the event's
   * reference, with a value (the payload as text).
   */
  record Row(String agreement, String eventType, String eventRef, String value) {}
}
