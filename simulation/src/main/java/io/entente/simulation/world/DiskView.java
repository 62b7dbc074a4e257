package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What can be read from a node's disk: its current contents, synced or not (as a process sees its
 * own writes through the page cache), and the sequence numbers a durability checker compares.
 *
 * <p>Every write gets the next write sequence number; {@link #lastWriteSequence()} is the number of
 * the newest write still present and {@link #lastSyncedSequence()} that of the newest durable one,
 * so the two are equal exactly when nothing is waiting for a sync.
 */
public interface DiskView {

  /** The log records, oldest first; a live read-only view. */
  List<Bytes> log();

  Optional<Bytes> get(Bytes key);

  /** The key-value part in key order; a live read-only view. */
  SortedMap<Bytes, Bytes> entries();

  long lastWriteSequence();

  long lastSyncedSequence();

  /** The most recent sync, if any. */
  Optional<SyncPoint> lastSync();

  long syncCount();
}
