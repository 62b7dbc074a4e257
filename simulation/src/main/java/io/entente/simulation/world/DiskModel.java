package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The disk of one node: the durable contents, the current contents (durable plus unsynced writes),
 * and the unsynced writes in order, so a crash can throw them away.
 */
final class DiskModel implements DiskView {

  /** One write waiting for a sync. */
  private sealed interface Write {}

  private record Append(Bytes record) implements Write {}

  private record Truncate(int recordCount) implements Write {}

  private record Put(Bytes key, Bytes value) implements Write {}

  private record Delete(Bytes key) implements Write {}

  /** What a crash did: how many writes it lost and whether it left a torn tail. */
  record CrashReport(int lostWrites, boolean tornTail) {}

  private final NodeId node;
  private final List<Bytes> durableLog = new ArrayList<>();
  private final TreeMap<Bytes, Bytes> durableEntries = new TreeMap<>();
  private final List<Bytes> log = new ArrayList<>();
  private final TreeMap<Bytes, Bytes> entries = new TreeMap<>();
  private final List<Write> unsynced = new ArrayList<>();
  private long lastIssuedSequence;
  private long lastWriteSequence;
  private long lastSyncedSequence;
  private SyncPoint lastSync;
  private long syncCount;

  DiskModel(NodeId node) {
    this.node = node;
  }

  int append(Bytes record) {
    requireSize("a log record", record, SimulationLimits.DISK_RECORD_BYTES_MAX);
    if (log.size() >= SimulationLimits.DISK_LOG_RECORDS_MAX) {
      throw new IllegalStateException(
          node
              + ": log is full at DISK_LOG_RECORDS_MAX = "
              + SimulationLimits.DISK_LOG_RECORDS_MAX);
    }
    write(new Append(record));
    return log.size() - 1;
  }

  void truncateLog(int recordCount) {
    if (recordCount < 0 || recordCount > log.size()) {
      throw new IllegalArgumentException(
          node + ": cannot truncate a log of " + log.size() + " records to " + recordCount);
    }
    write(new Truncate(recordCount));
  }

  void put(Bytes key, Bytes value) {
    requireSize("a key", key, SimulationLimits.DISK_KEY_BYTES_MAX);
    requireSize("a value", value, SimulationLimits.DISK_RECORD_BYTES_MAX);
    if (!entries.containsKey(key) && entries.size() >= SimulationLimits.DISK_KEYS_MAX) {
      throw new IllegalStateException(
          node + ": key-value part is full at DISK_KEYS_MAX = " + SimulationLimits.DISK_KEYS_MAX);
    }
    write(new Put(key, value));
  }

  void delete(Bytes key) {
    write(new Delete(key));
  }

  SyncPoint sync(long nowMs) {
    for (Write write : unsynced) {
      apply(write, durableLog, durableEntries);
    }
    unsynced.clear();
    lastSyncedSequence = lastWriteSequence;
    lastSync = new SyncPoint(lastSyncedSequence, nowMs);
    syncCount++;
    return lastSync;
  }

  /**
   * Loses every unsynced write. With probability {@code tornTailProbability}, and only if an append
   * was unsynced, leaves a torn tail: a strict prefix of the first unsynced appended record, right
   * after the durable log (where its bytes would have started to land).
   */
  CrashReport crash(RandomGenerator random, double tornTailProbability) {
    int lost = unsynced.size();
    Optional<Bytes> firstAppend =
        unsynced.stream()
            .filter(Append.class::isInstance)
            .map(write -> ((Append) write).record())
            .filter(record -> record.length() >= 2)
            .findFirst();
    boolean torn = firstAppend.isPresent() && random.nextDouble() < tornTailProbability;
    if (torn) {
      Bytes record = firstAppend.get();
      int prefixBytes = 1 + random.nextInt(record.length() - 1);
      durableLog.add(Bytes.of(record.unsafeArray(), 0, prefixBytes));
    }
    unsynced.clear();
    log.clear();
    log.addAll(durableLog);
    entries.clear();
    entries.putAll(durableEntries);
    lastWriteSequence = lastSyncedSequence;
    return new CrashReport(lost, torn);
  }

  private void write(Write write) {
    if (unsynced.size() >= SimulationLimits.DISK_UNSYNCED_WRITES_MAX) {
      throw new IllegalStateException(
          node
              + ": "
              + unsynced.size()
              + " writes without a sync reach DISK_UNSYNCED_WRITES_MAX = "
              + SimulationLimits.DISK_UNSYNCED_WRITES_MAX);
    }
    apply(write, log, entries);
    unsynced.add(write);
    lastIssuedSequence++;
    lastWriteSequence = lastIssuedSequence;
  }

  private static void apply(Write write, List<Bytes> log, TreeMap<Bytes, Bytes> entries) {
    if (write instanceof Append append) {
      log.add(append.record());
    } else if (write instanceof Truncate truncate) {
      log.subList(Math.min(truncate.recordCount(), log.size()), log.size()).clear();
    } else if (write instanceof Put put) {
      entries.put(put.key(), put.value());
    } else if (write instanceof Delete delete) {
      entries.remove(delete.key());
    } else {
      throw new AssertionError("unknown write " + write);
    }
  }

  private void requireSize(String what, Bytes value, int maxBytes) {
    if (value.length() > maxBytes) {
      throw new IllegalArgumentException(
          node + ": " + what + " of " + value.length() + " bytes is over " + maxBytes);
    }
  }

  @Override
  public List<Bytes> log() {
    return Collections.unmodifiableList(log);
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    return Optional.ofNullable(entries.get(key));
  }

  @Override
  public SortedMap<Bytes, Bytes> entries() {
    return Collections.unmodifiableSortedMap(entries);
  }

  @Override
  public long lastWriteSequence() {
    return lastWriteSequence;
  }

  @Override
  public long lastSyncedSequence() {
    return lastSyncedSequence;
  }

  @Override
  public Optional<SyncPoint> lastSync() {
    return Optional.ofNullable(lastSync);
  }

  @Override
  public long syncCount() {
    return syncCount;
  }
}
