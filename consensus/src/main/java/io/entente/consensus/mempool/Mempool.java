package io.entente.consensus.mempool;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A validator's waiting transactions in arrival order, bounded; lost on a crash. It also keeps when
 * each transaction is next due to be forwarded to the other validators, and which of them are known
 * to hold it already (they forwarded it here), so that forwarding stays bounded:
 *
 * <ul>
 *   <li>a client's transaction is due at once; one a validator forwarded is due only if it still
 *       waits {@link MempoolLimits#reforwardIntervalMs} later;
 *   <li>after each forward the next one is due twice as late, up to {@link
 *       MempoolLimits#reforwardIntervalMsMax} (a transaction waits for consensus, not for gossip,
 *       once every validator has it); forwards again fall on whole multiples of {@link
 *       MempoolLimits#reforwardIntervalMs}, so that those of many transactions share a batch;
 *   <li>a validator known to hold a transaction is not sent it again; once every other validator is
 *       known to hold it, that knowledge is forgotten and the transaction is due to all of them
 *       {@link MempoolLimits#reforwardIntervalMsMax} later, should it still wait: a validator that
 *       crashed since lost its mempool, and the shell cannot tell it restarted;
 *   <li>what is due goes out in one batch per validator, at most {@link
 *       MempoolLimits#forwardBatchTxsMax} transactions and {@link
 *       MempoolLimits#forwardBatchBytesMax} bytes (but at least one transaction), the earliest due
 *       first; the rest waits for the next batch.
 * </ul>
 */
public final class Mempool<P extends Comparable<? super P>> {
  private final class Entry {
    final Transaction transaction;
    final long arrivalMs;
    final long sequence;
    final int bytes;
    final TreeSet<P> holders = new TreeSet<>();
    int forwards;
    long dueMs;

    Entry(Transaction transaction, long arrivalMs, long sequence, int bytes) {
      this.transaction = transaction;
      this.arrivalMs = arrivalMs;
      this.sequence = sequence;
      this.bytes = bytes;
    }
  }

  private final TreeMap<Long, Entry> byArrival = new TreeMap<>();
  private final TreeMap<Hash, Entry> byId = new TreeMap<>();
  private final TreeSet<Entry> due =
      new TreeSet<>(
          Comparator.<Entry>comparingLong(e -> e.dueMs).thenComparingLong(e -> e.sequence));
  private final MempoolLimits limits;
  private long bytesKept;

  public Mempool(MempoolLimits limits) {
    this.limits = java.util.Objects.requireNonNull(limits, "limits");
  }

  private long nextSequence;

  public boolean contains(Hash id) {
    return byId.containsKey(id);
  }

  /**
   * Keeps a transaction that arrived now, from a client ({@code from} null: due to be forwarded at
   * once) or forwarded by the validator {@code from}, which therefore holds it. Returns false when
   * it was already kept or it does not fit ({@link #fits}).
   */
  public boolean add(Hash id, Transaction transaction, int bytes, long arrivalMs, P from) {
    if (contains(id) || !fits(bytes)) {
      return false;
    }
    Entry entry = new Entry(transaction, arrivalMs, nextSequence++, bytes);
    if (from != null) {
      entry.holders.add(from);
      entry.forwards = 1;
      entry.dueMs = onGrid(arrivalMs + limits.reforwardIntervalMs());
    } else {
      entry.dueMs = arrivalMs;
    }
    byArrival.put(entry.sequence, entry);
    byId.put(id, entry);
    due.add(entry);
    bytesKept += bytes;
    return true;
  }

  /**
   * Whether one more transaction of {@code bytes} encoded bytes fits under both bounds ({@link
   * MempoolLimits#txsMax}, {@link MempoolLimits#bytesMax}).
   */
  public boolean fits(int bytes) {
    return size() < limits.txsMax() && bytesKept + bytes <= limits.bytesMax();
  }

  /** Whether {@code count} more transactions of {@code bytes} encoded bytes in all fit. */
  public boolean fits(int count, long bytes) {
    return size() + (long) count <= limits.txsMax() && bytesKept + bytes <= limits.bytesMax();
  }

  /** Encoded bytes of the transactions kept. */
  public long bytes() {
    return bytesKept;
  }

  /** The validator {@code peer} forwarded a transaction kept here: it needs no copy from here. */
  public void heldBy(Hash id, P peer) {
    Entry entry = byId.get(id);
    if (entry != null) {
      entry.holders.add(peer);
    }
  }

  public void remove(Hash id) {
    Entry entry = byId.remove(id);
    if (entry != null) {
      byArrival.remove(entry.sequence);
      due.remove(entry);
      bytesKept -= entry.bytes;
    }
  }

  public int size() {
    return byArrival.size();
  }

  public long oldestArrivalMs(long nowMs) {
    return byArrival.isEmpty() ? nowMs : byArrival.firstEntry().getValue().arrivalMs;
  }

  /** The oldest {@code max} transactions, oldest first. */
  public List<Transaction> batch(int max) {
    List<Transaction> batch = new ArrayList<>();
    for (Entry entry : byArrival.values()) {
      if (batch.size() >= max) {
        break;
      }
      batch.add(entry.transaction);
    }
    return batch;
  }

  public List<Hash> ids() {
    return new ArrayList<>(byId.keySet());
  }

  /** Removes every transaction {@code stale} accepts; returns how many. */
  public int removeIf(java.util.function.Predicate<Transaction> stale) {
    List<Hash> removed = new ArrayList<>();
    for (Map.Entry<Hash, Entry> entry : byId.entrySet()) {
      if (stale.test(entry.getValue().transaction)) {
        removed.add(entry.getKey());
      }
    }
    removed.forEach(this::remove);
    return removed.size();
  }

  /** When the next transaction is due to be forwarded, if any is. */
  public OptionalLong nextForwardMs() {
    return due.isEmpty() ? OptionalLong.empty() : OptionalLong.of(due.first().dueMs);
  }

  /**
   * Takes what is due at {@code nowMs} within one batch's budget and returns, per validator of
   * {@code peers} that lacks some of it, the transactions to send it (in due order). Each
   * transaction taken is due again after its back-off, unless every peer holds it.
   */
  public TreeMap<P, List<Transaction>> forwardsDue(long nowMs, List<P> peers) {
    List<Entry> taken = new ArrayList<>();
    long bytes = 0;
    for (Entry entry : due) {
      if (entry.dueMs > nowMs
          || taken.size() >= limits.forwardBatchTxsMax()
          || (!taken.isEmpty() && bytes + entry.bytes > limits.forwardBatchBytesMax())) {
        break;
      }
      taken.add(entry);
      bytes += entry.bytes;
    }
    TreeMap<P, List<Transaction>> batches = new TreeMap<>();
    for (Entry entry : taken) {
      due.remove(entry);
      boolean lacking = false;
      for (P peer : peers) {
        if (!entry.holders.contains(peer)) {
          batches.computeIfAbsent(peer, unused -> new ArrayList<>()).add(entry.transaction);
          lacking = true;
        }
      }
      if (lacking) {
        entry.dueMs = onGrid(nowMs + backOffMs(entry.forwards));
        entry.forwards++;
        due.add(entry);
      } else {
        entry.holders.clear();
        entry.dueMs = onGrid(nowMs + limits.reforwardIntervalMsMax());
        due.add(entry);
      }
    }
    return batches;
  }

  /**
   * Forwards again fall on whole multiples of REFORWARD_INTERVAL_MS, so that those of transactions
   * that arrived apart still go out together.
   */
  long onGrid(long ms) {
    long grid = limits.reforwardIntervalMs();
    return Math.floorDiv(ms + grid - 1, grid) * grid;
  }

  /** REFORWARD_INTERVAL_MS · 2^forwards, capped at REFORWARD_INTERVAL_MS_MAX; overflow-safe. */
  long backOffMs(int forwards) {
    long wait = limits.reforwardIntervalMs();
    for (int i = 0; i < forwards && wait < limits.reforwardIntervalMsMax(); i++) {
      wait *= 2;
    }
    return Math.min(wait, limits.reforwardIntervalMsMax());
  }
}
