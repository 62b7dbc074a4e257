package io.entente.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Messages;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.qbft.ChainTip;
import io.entente.consensus.qbft.Qbft;
import io.entente.consensus.qbft.QbftSetup;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart gets the store's tip and the log's records of the next height, exactly what the
 * simulator's validator passes to {@code Qbft.restart}; a log that may miss what this validator
 * signed makes it start without log, and the store remembers that across further restarts.
 */
class ChannelRecoveryTest {
  @TempDir Path root;
  private final TestChannel channel = new TestChannel();

  private Path walDirectory() {
    return root.resolve("wal");
  }

  private ChannelStore openStore() {
    return ChannelStore.open(root.resolve("store"), channel.genesis, TestChannel.initial());
  }

  private Prepare prepare(long height, int round) {
    Hash digest =
        TestChannel.SUITE.hash(Bytes.of(("block " + height).getBytes(StandardCharsets.UTF_8)));
    return Prepare.sign(
        TestChannel.SUITE,
        channel.signers.get(0),
        new PreparePayload(channel.genesis.channel(), height, round, digest));
  }

  private QbftSetup setup() {
    return QbftSetup.of(channel.genesis, channel.signers.get(0));
  }

  @Test
  void aNewNodeStartsAtGenesisWithItsLog() {
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      ChannelRecovery recovery = ChannelRecovery.recover(store, wal);
      assertThat(recovery.withoutLog()).isFalse();
      assertThat(recovery.records()).isEmpty();
      assertThat(recovery.tip())
          .isEqualTo(ChainTip.genesis(channel.genesis, TestChannel.initial()));
      assertThat(recovery.start(setup()).isVoting()).isTrue();
    }
  }

  @Test
  void aRestartGetsTheRecordsOfTheNextHeightOnly() {
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      wal.append(1, Messages.encodeRecord(prepare(1, 0)));
      wal.sync();
      channel.commit(store, channel.next(List.of(channel.add("alpha", 1))));
      // A crash here, before wal.truncateBefore(2): the records of height 1 stay in the log.
      wal.append(2, Messages.encodeRecord(prepare(2, 0)));
      wal.append(2, Messages.encodeRecord(prepare(2, 3)));
      wal.sync();
    }
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      ChannelRecovery recovery = ChannelRecovery.recover(store, wal);
      assertThat(recovery.withoutLog()).isFalse();
      assertThat(recovery.tip()).isEqualTo(store.tip());
      assertThat(recovery.tip().height()).isEqualTo(1);
      assertThat(recovery.records()).containsExactly(prepare(2, 0), prepare(2, 3));
      Qbft qbft = recovery.start(setup());
      assertThat(qbft.height()).isEqualTo(2);
      assertThat(qbft.round()).isEqualTo(3);
    }
  }

  @Test
  void aLostLogStartsWithoutLogUntilTheStoreReachesTheHeightThatStartWouldVoteAfter() {
    try (ChannelStore store = openStore()) {
      channel.commit(store, channel.next(List.of()));
    }
    // The log directory is gone (a new disk, or a restore that never includes it).
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      ChannelRecovery recovery = ChannelRecovery.recover(store, wal);
      assertThat(recovery.withoutLog()).isTrue();
      assertThat(recovery.withoutLogReason()).get().asString().contains("is new");
      assertThat(recovery.start(setup()).isVoting()).isFalse();
      assertThat(store.withoutLogUntil()).isEqualTo(3);
      channel.commit(store, channel.next(List.of()));
    }
    // A second crash while catching up: the log exists now, but it misses the old votes.
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      ChannelRecovery recovery = ChannelRecovery.recover(store, wal);
      assertThat(recovery.withoutLogReason()).get().asString().contains("earlier start");
      // This start is without log too, so it votes from height 2 + 3: the mark moves with it.
      assertThat(store.withoutLogUntil()).isEqualTo(4);
      channel.commit(store, channel.next(List.of()));
      channel.commit(store, channel.next(List.of()));
    }
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      assertThat(store.height()).isEqualTo(4);
      ChannelRecovery recovery = ChannelRecovery.recover(store, wal);
      assertThat(recovery.withoutLog()).isFalse();
      assertThat(recovery.start(setup()).isVoting()).isTrue();
    }
  }

  @Test
  void aStoreOlderThanItsLogStartsWithoutLog() {
    try (Wal wal = Wal.open(walDirectory())) {
      wal.append(5, Messages.encodeRecord(prepare(5, 0)));
      wal.sync();
    }
    try (Wal wal = Wal.open(walDirectory());
        ChannelStore store = openStore()) {
      ChannelRecovery recovery = ChannelRecovery.recover(store, wal);
      assertThat(recovery.withoutLog()).isTrue();
      assertThat(recovery.withoutLogReason()).get().asString().contains("restored from a backup");
      assertThat(recovery.records()).isEmpty();
    }
  }
}
