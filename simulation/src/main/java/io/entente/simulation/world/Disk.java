package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;

/**
 * A node's durable storage: an append-only log of records plus a key-value part. Writes are seen at
 * once by reads but survive a crash only after {@link #sync()}. A crash may also leave a torn tail:
 * a prefix of an unsynced record after the durable ones; {@link ChecksummedLog} finds and removes
 * it.
 */
public interface Disk extends DiskView {

  /** Appends a record; returns its index in the log. */
  int append(Bytes record);

  /** Keeps the first {@code recordCount} records and removes the rest (used to cut a torn tail). */
  void truncateLog(int recordCount);

  void put(Bytes key, Bytes value);

  void delete(Bytes key);

  /**
   * Makes every write so far durable; or, if the world armed a crash at this node's next sync
   * ({@link World#crashAtNextSync}), does not: the node crashes here and the call does not return.
   */
  SyncPoint sync();
}
