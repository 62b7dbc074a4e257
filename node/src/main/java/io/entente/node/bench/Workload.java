package io.entente.node.bench;

import io.entente.core.chain.Transaction;
import java.util.List;

/**
 * What the benchmark sends: signed lists for one channel, each from one institution, and the same
 * records as plain keyed rows for the baselines.
 */
interface Workload {
  /** The name in the report, e.g. {@code colending}. */
  String name();

  /** The channel the batches go to. */
  String channel();

  /**
   * Client-signature checks one record costs on one node: each transaction is checked when a node
   * admits it and again when it validates the block, over the transactions that carry the record.
   */
  double checksPerRecordPerNode();

  /** What must be final before any batch is admitted, in order, each part after the one before. */
  List<Part> setup();

  /**
   * Records {@code first} to {@code first + size - 1}, signed and as rows. Depends on the numbers
   * only, so batches can be made on several threads.
   */
  Batch batch(long first, int size);

  /** Transactions of one institution, sent through that institution's nodes. */
  record Part(String institution, List<Transaction> transactions) {
    public Part {
      transactions = List.copyOf(transactions);
    }
  }

  /**
   * One batch as the API takes it (a part per institution; they are sent at once, the last part is
   * the second bank's submission) and as the baselines store it (a row per bank and record).
   *
   * @param keys the reference of each record, whose match the benchmark waits to see
   */
  record Batch(List<Part> parts, List<Row> rows, List<String> keys) {
    public Batch {
      parts = List.copyOf(parts);
      rows = List.copyOf(rows);
      keys = List.copyOf(keys);
    }

    /** Records in the batch. */
    int size() {
      return keys.size();
    }
  }

  /**
   * One bank's report of one record as a reconciliation service keys it: the agreement, the event
   * type and the event's reference, with a value (the facts as text, equal on both sides), and the
   * reporting institution.
   */
  record Row(
      String agreement, String eventType, String eventRef, String value, String institution) {}
}
