package io.entente.app.colending;

import io.entente.consensus.app.BlockResult;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What one block's execution shares: the state overlay, the block time, and the events raised. A
 * transaction's events and touched agreements are buffered with its state changes and kept or
 * dropped together.
 */
final class Context {
  final Store store;
  final long nowMs;

  /** The height of the block being executed. */
  final long height;

  final int today;
  private final List<BlockResult.Event> blockEvents = new ArrayList<>();
  private final List<BlockResult.Event> transactionEvents = new ArrayList<>();

  /** Agreements whose position may have changed in the current transaction. */
  final TreeSet<String> touched = new TreeSet<>();

  private int index;

  Context(Store store, long nowMs, long height) {
    this.store = store;
    this.nowMs = nowMs;
    this.height = height;
    this.today = ShanghaiCalendar.day(nowMs);
  }

  /** Starts the transaction at {@code index} (deadline work uses one past the last index). */
  void begin(int transactionIndex) {
    index = transactionIndex;
    transactionEvents.clear();
    touched.clear();
  }

  void commit() {
    store.commit();
    blockEvents.addAll(transactionEvents);
    transactionEvents.clear();
  }

  void rollback() {
    store.rollback();
    transactionEvents.clear();
    touched.clear();
  }

  List<BlockResult.Event> events() {
    return blockEvents;
  }

  /**
   * Raises an event for subscribers. Its data is canonical and small: tag, version, then the fields
   * as a list of strings in the order each event type documents.
   */
  void emit(String type, String... fields) {
    transactionEvents.add(new BlockResult.Event(index, type, eventBytes(List.of(fields))));
  }

  /** The event-data encoding, also used for receipt results. */
  static Bytes eventBytes(List<String> fields) {
    Writer writer = new Writer(64);
    writer.u8(ColendingTags.EVENT_DATA).u8(1);
    writer.list(fields, 32, (w, field) -> w.string(field, 1024));
    return writer.toBytes();
  }
}
