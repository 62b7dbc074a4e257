package io.entente.simulation.channel;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A validator's waiting transactions in arrival order, bounded; lost on a crash. */
final class Mempool {
  private record Entry(Hash id, Transaction transaction, long arrivalMs) {}

  private final TreeMap<Long, Entry> byArrival = new TreeMap<>();
  private final TreeMap<Hash, Long> sequenceById = new TreeMap<>();
  private long nextSequence;

  boolean contains(Hash id) {
    return sequenceById.containsKey(id);
  }

  void add(Hash id, Transaction transaction, long arrivalMs) {
    if (contains(id) || size() >= ChannelLimits.MEMPOOL_TXS_MAX) {
      return;
    }
    long sequence = nextSequence++;
    byArrival.put(sequence, new Entry(id, transaction, arrivalMs));
    sequenceById.put(id, sequence);
  }

  void remove(Hash id) {
    Long sequence = sequenceById.remove(id);
    if (sequence != null) {
      byArrival.remove(sequence);
    }
  }

  int size() {
    return byArrival.size();
  }

  long oldestArrivalMs(long nowMs) {
    return byArrival.isEmpty() ? nowMs : byArrival.firstEntry().getValue().arrivalMs();
  }

  /** The oldest {@code max} transactions, oldest first. */
  List<Transaction> batch(int max) {
    List<Transaction> batch = new ArrayList<>();
    for (Entry entry : byArrival.values()) {
      if (batch.size() >= max) {
        break;
      }
      batch.add(entry.transaction());
    }
    return batch;
  }

  /** Up to {@code max} transactions that arrived at or before {@code arrivalMs}, oldest first. */
  List<Transaction> olderThan(long arrivalMs, int max) {
    List<Transaction> old = new ArrayList<>();
    for (Entry entry : byArrival.values()) {
      if (old.size() >= max || entry.arrivalMs() > arrivalMs) {
        break;
      }
      old.add(entry.transaction());
    }
    return old;
  }

  /** Removes every transaction {@code stale} accepts; returns how many. */
  int removeIf(java.util.function.Predicate<Transaction> stale) {
    List<Hash> removed = new ArrayList<>();
    for (Entry entry : byArrival.values()) {
      if (stale.test(entry.transaction())) {
        removed.add(entry.id());
      }
    }
    removed.forEach(this::remove);
    return removed.size();
  }

  List<Hash> ids() {
    return new ArrayList<>(sequenceById.keySet());
  }
}
