package io.entente.node.storage;

import io.entente.consensus.ConsensusLimits;

/** Every limit of node storage (write-ahead log and channel store), in one place. */
public final class StorageLimits {
  private StorageLimits() {}

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  // Write-ahead log
  /**
   * One WAL record's payload: the largest durable record the consensus core writes, a PROPOSAL
   * carrying a whole block and its justifications. A length field above this is corruption.
   */
  public static final int WAL_RECORD_BYTES_MAX =
      Math.max(
          ConsensusLimits.PROPOSAL_BYTES_MAX,
          Math.max(
              ConsensusLimits.ROUND_CHANGE_BYTES_MAX, ConsensusLimits.PREPARED_STATE_BYTES_MAX));

  /**
   * Appended frames kept in memory before they are written to the file (not forced: only {@link
   * Wal#sync()} makes them durable). Bounds the memory of a burst of appends without a sync.
   */
  public static final int WAL_BUFFER_BYTES_MAX = 4 * MIB;

  /**
   * WAL segment files found when opening; more means truncateBefore was never called (a bug) or the
   * directory is not a WAL, and opening refuses rather than reading without bound.
   */
  public static final int WAL_SEGMENTS_MAX = 1_024;

  // Channel store (RocksDB)
  /** Blocks one {@link ChannelStore#blocks} call returns at most (sync answers, API pages). */
  public static final int READ_BLOCKS_MAX = 256;

  /**
   * Encoded bytes one {@link ChannelStore#blocks} call returns at most; it stops after the block
   * that crosses this (so one block larger than this is still returned alone).
   */
  public static final long READ_BLOCK_BYTES_MAX = 64L * MIB;

  /** Entries one state range scan returns at most; the caller pages with the next key. */
  public static final int SCAN_ENTRIES_MAX = 10_000;

  /** One application state key (a write set with a longer key is refused before writing). */
  public static final int STATE_KEY_BYTES_MAX = 4 * KIB;

  /** One application state value. */
  public static final int STATE_VALUE_BYTES_MAX = 16 * MIB;

  /** RocksDB: table files kept open per channel (bounds file descriptors). */
  public static final int ROCKSDB_OPEN_FILES_MAX = 256;

  /** RocksDB: informational LOG files kept per channel directory. */
  public static final long ROCKSDB_INFO_LOG_FILES_MAX = 4;

  /** RocksDB: memtable size per column family before it is flushed to a table file. */
  public static final long ROCKSDB_WRITE_BUFFER_BYTES = 16L * MIB;

  /** RocksDB: its own write-ahead log's total size before memtables are flushed to free it. */
  public static final long ROCKSDB_TOTAL_WAL_BYTES_MAX = 256L * MIB;

  /** Application events one block may emit (stored with the block). */
  public static final int EVENTS_PER_BLOCK_MAX = 1_000_000;

  /** Bytes of one application event's data. */
  public static final int EVENT_BYTES_MAX = 64 * 1024;
}
