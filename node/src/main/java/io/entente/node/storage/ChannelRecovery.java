package io.entente.node.storage;

import io.entente.consensus.message.DurableRecord;
import io.entente.consensus.message.Messages;
import io.entente.consensus.qbft.ChainTip;
import io.entente.consensus.qbft.Qbft;
import io.entente.consensus.qbft.QbftSetup;
import io.entente.core.codec.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a channel's consensus core restarts from: the store's {@link ChainTip} and the write-ahead
 * log's records of the next height, or — when the log cannot be trusted to hold everything this
 * validator signed — no records and a start without log (DESIGN §2 Durability: such a node does not
 * vote until it has seen a final block above its last known height + 1).
 *
 * <p>The log is not trusted when:
 *
 * <ul>
 *   <li>it was just created but the store existed: the log was lost;
 *   <li>it holds a height above the store's next height: the store is older than the log (restored
 *       from a backup), and this validator may have signed at heights it no longer holds records
 *       of;
 *   <li>an earlier start was without log and the store has not yet reached the height from which
 *       that start would vote (the mark is kept in the store, so a second crash during catch-up
 *       does not turn into a restart that trusts a log that misses the old votes). Each start
 *       without log moves the mark to its own tip + 2, as {@code Qbft.startWithoutLog} then votes
 *       from tip + 3 again.
 * </ul>
 *
 * <p>Open the log before the store on every start, so that a crash between the two on the very
 * first start never looks like a lost log. After each commit the shell calls {@code
 * wal.truncateBefore(height + 1)}; a crash before that leaves records of the committed height,
 * which the core ignores.
 *
 * @param records the durable records of height {@code tip.height() + 1}, in the order written
 * @param withoutLogReason why the log is not used, if it is not
 */
public record ChannelRecovery(
    ChainTip tip, List<DurableRecord> records, Optional<String> withoutLogReason) {
  private static final System.Logger LOG = System.getLogger(ChannelRecovery.class.getName());

  /**
   * Qbft.startWithoutLog votes from the tip's height + 3, so once the store holds height + 2 every
   * later vote is in the new log.
   */
  static final long WITHOUT_LOG_HEIGHTS = 2;

  public ChannelRecovery {
    Objects.requireNonNull(tip, "tip");
    records = List.copyOf(records);
    Objects.requireNonNull(withoutLogReason, "withoutLogReason");
  }

  /**
   * Decides how to restart from {@code store} and {@code wal}; when without log, marks the store so
   * that restarts stay without log until it reaches the tip's height + 2.
   */
  public static ChannelRecovery recover(ChannelStore store, Wal wal) {
    long height = store.height();
    Optional<String> reason = distrust(store, wal, height);
    if (reason.isPresent()) {
      store.markWithoutLogUntil(height + WITHOUT_LOG_HEIGHTS);
      LOG.log(
          System.Logger.Level.WARNING,
          "channel '"
              + store.genesis().channel()
              + "' starts without its write-ahead log: "
              + reason.get()
              + "; it votes only after block "
              + (height + WITHOUT_LOG_HEIGHTS)
              + " is final");
      return new ChannelRecovery(store.tip(), List.of(), reason);
    }
    List<DurableRecord> records = new ArrayList<>();
    for (Wal.Entry entry : wal.recovered()) {
      if (entry.height() == height + 1) {
        records.add(decode(wal, entry));
      }
    }
    return new ChannelRecovery(store.tip(), records, Optional.empty());
  }

  private static Optional<String> distrust(ChannelStore store, Wal wal, long height) {
    if (wal.wasCreated() && !store.wasCreated()) {
      return Optional.of(
          "the log in " + wal.directory() + " is new but the store is at height " + height);
    }
    if (wal.lastHeight() > height + 1) {
      return Optional.of(
          "the log holds height "
              + wal.lastHeight()
              + ", above the store's next height "
              + (height + 1)
              + " (store restored from a backup?)");
    }
    if (store.withoutLogUntil() > height) {
      return Optional.of(
          "an earlier start was without log and block "
              + store.withoutLogUntil()
              + " is not final here yet");
    }
    return Optional.empty();
  }

  private static DurableRecord decode(Wal wal, Wal.Entry entry) {
    try {
      DurableRecord record = Messages.decodeRecord(entry.payload());
      if (record.height() != entry.height()) {
        throw new StorageException(
            "a record of height "
                + record.height()
                + " in the segment of height "
                + entry.height()
                + " of the write-ahead log in "
                + wal.directory());
      }
      return record;
    } catch (CodecException e) {
      // The checksum held, so this is not a torn write but a record this node cannot read.
      throw new StorageException(
          "an intact record of the write-ahead log in "
              + wal.directory()
              + " does not decode: "
              + e.getMessage(),
          e);
    }
  }

  /** Starts the consensus core: {@code Qbft.restart} with the records, or without log. */
  public Qbft start(QbftSetup setup) {
    return withoutLogReason.isPresent()
        ? Qbft.startWithoutLog(setup, tip)
        : Qbft.restart(setup, tip, records);
  }

  /** Whether the core starts without its log. */
  public boolean withoutLog() {
    return withoutLogReason.isPresent();
  }
}
