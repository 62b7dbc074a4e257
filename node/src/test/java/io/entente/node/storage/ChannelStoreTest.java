package io.entente.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.MemoryState;
import io.entente.consensus.app.WriteSet;
import io.entente.consensus.qbft.ChainTip;
import io.entente.consensus.qbft.Execution;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockCertificate;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** The channel store on a real RocksDB in a temporary directory. */
class ChannelStoreTest {
  @TempDir Path directory;
  private final TestChannel channel = new TestChannel();

  private ChannelStore open() {
    return ChannelStore.open(directory, channel.genesis, TestChannel.initial());
  }

  private static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNewStoreIsAtGenesisAndReopensAsTheSame() {
    try (ChannelStore store = open()) {
      assertThat(store.wasCreated()).isTrue();
      assertThat(store.height()).isZero();
      assertThat(store.stateDigest()).isEqualTo(TestChannel.initial().stateDigest());
      assertThat(store.tip()).isEqualTo(ChainTip.genesis(channel.genesis, TestChannel.initial()));
      assertThat(store.block(1)).isEmpty();
    }
    try (ChannelStore store = open()) {
      assertThat(store.wasCreated()).isFalse();
      assertThat(store.tip()).isEqualTo(ChainTip.genesis(channel.genesis, TestChannel.initial()));
    }
  }

  @Test
  void committedBlocksReceiptsIndexAndStateReadBackAfterReopen() {
    CertifiedBlock first = channel.next(List.of(channel.add("alpha", 5), channel.add("beta", 7)));
    ValidatorSet replaced = channel.set(0, 1, 2, 4);
    CertifiedBlock second =
        channel.next(List.of(channel.add("alpha", -2), channel.change(replaced)));
    CertifiedBlock third = channel.next(List.of(channel.add("gamma", 1)));
    MemoryState expected = new MemoryState(TestChannel.SUITE, TestChannel.initial().stateDigest());
    List<Execution> executions = new ArrayList<>();
    List<List<Receipt>> receipts = new ArrayList<>();
    try (ChannelStore store = open()) {
      for (CertifiedBlock block : List.of(first, second, third)) {
        BlockResult result = channel.execute(store, block);
        expected.apply(result.writes());
        receipts.add(result.receipts());
        executions.add(store.commit(block, result.receipts(), result.writes()));
      }
    }
    try (ChannelStore store = open()) {
      assertThat(store.height()).isEqualTo(3);
      assertThat(store.block(2)).contains(second);
      assertThat(store.blocks(1, 3)).containsExactly(first, second, third);
      assertThat(store.blocks(2, 99)).containsExactly(second, third);
      assertThat(store.receipts(1)).contains(receipts.get(0));
      assertThat(store.receipts(4)).isEmpty();
      Transaction change = second.block().transactions().get(1);
      assertThat(store.transaction(change.id(TestChannel.SUITE)))
          .contains(new ChannelStore.TxLocation(2, 1));
      assertThat(store.transaction(Hash.ZERO)).isEmpty();
      assertThat(store.get(utf8("alpha"))).contains(utf8("3"));
      assertThat(store.get(utf8("beta"))).contains(utf8("7"));
      assertThat(store.get(utf8("delta"))).isEmpty();
      assertThat(store.stateDigest()).isEqualTo(expected.digest());
      assertThat(store.executed()).isEqualTo(executions.get(2));
      assertThat(executions.get(2))
          .isEqualTo(
              new Execution(
                  3, Receipt.root(TestChannel.SUITE, receipts.get(2)), expected.digest()));
      // The set change of block 2 takes effect at height 3, as in the simulator's ledger.
      assertThat(store.nextValidators()).isEqualTo(replaced);
      assertThat(store.tip())
          .isEqualTo(
              ChainTip.of(
                  TestChannel.SUITE,
                  third.block().header(),
                  replaced,
                  replaced,
                  Optional.of(executions.get(2))));
    }
  }

  @Test
  void aFailureBeforeTheWriteLeavesNothingAndTheCommitCanBeRetried() {
    CertifiedBlock first = channel.next(List.of(channel.add("alpha", 1)));
    CertifiedBlock second = channel.next(List.of(channel.add("alpha", 1), channel.add("beta", 2)));
    try (ChannelStore store = open()) {
      channel.commit(store, first);
      TreeMap<String, List<Bytes>> before = everyKey(store);
      Hash digest = store.stateDigest();
      BlockResult result = channel.execute(store, second);
      store.setCommitHook(
          height -> {
            throw new IllegalStateException("disk unplugged before block " + height);
          });
      assertThatThrownBy(() -> store.commit(second, result.receipts(), result.writes()))
          .hasMessageContaining("disk unplugged before block 2");
      assertThat(everyKey(store)).isEqualTo(before);
      assertThat(store.height()).isEqualTo(1);
      assertThat(store.stateDigest()).isEqualTo(digest);
      assertThat(store.block(2)).isEmpty();
      store.setCommitHook(height -> {});
      store.commit(second, result.receipts(), result.writes());
    }
    try (ChannelStore store = open()) {
      assertThat(store.height()).isEqualTo(2);
      assertThat(store.get(utf8("alpha"))).contains(utf8("2"));
      assertThat(store.get(utf8("beta"))).contains(utf8("2"));
      assertThat(store.transaction(second.block().transactions().get(1).id(TestChannel.SUITE)))
          .contains(new ChannelStore.TxLocation(2, 1));
    }
  }

  /**
   * Pitfall 8 (Besu Bonsai): a proposed block is executed speculatively on the committed state, and
   * nothing of it may reach the store. Only certified blocks of the next height are written, and
   * the state column family is always exactly the committed write sets replayed.
   */
  @Test
  void nothingButCommittedBlocksReachesTheState() {
    CertifiedBlock first = channel.next(List.of(channel.add("alpha", 1)));
    CertifiedBlock second = channel.next(List.of(channel.add("proposed", 9)));
    TreeMap<Bytes, Bytes> committed = new TreeMap<>();
    try (ChannelStore store = open()) {
      BlockResult firstResult = channel.execute(store, first);
      store.commit(first, firstResult.receipts(), firstResult.writes());
      apply(committed, firstResult.writes());
      TreeMap<String, List<Bytes>> afterFirst = everyKey(store);

      // Block 2 while it is only proposed: executed speculatively, not committed.
      BlockResult speculative = channel.execute(store, second);
      assertThat(speculative.writes().writes()).isNotEmpty();
      assertThat(everyKey(store)).isEqualTo(afterFirst);

      // Without its certificate, or with too few seals, it is refused and nothing is written.
      CertifiedBlock unsealed =
          new CertifiedBlock(
              second.block(),
              BlockCertificate.of(
                  second.certificate().blockHash(), second.certificate().seals().subList(0, 1)));
      assertThatThrownBy(() -> store.commit(unsealed, speculative.receipts(), speculative.writes()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("block 2 is not final");
      CertifiedBlock otherCertificate = new CertifiedBlock(second.block(), first.certificate());
      assertThatThrownBy(
              () -> store.commit(otherCertificate, speculative.receipts(), speculative.writes()))
          .hasMessageContaining("is not final");
      assertThat(everyKey(store)).isEqualTo(afterFirst);
      assertThat(scanAll(store)).isEqualTo(committed);

      store.commit(second, speculative.receipts(), speculative.writes());
      apply(committed, speculative.writes());
      assertThat(scanAll(store)).isEqualTo(committed);
      assertThat(store.keys(ChannelStore.BLOCKS))
          .containsExactly(ChannelStore.longBytes(1), ChannelStore.longBytes(2));
    }
  }

  @Test
  void refusesBlocksOutOfOrderOrNotLinkedToTheTip() {
    CertifiedBlock first = channel.next(List.of(channel.add("alpha", 1)));
    CertifiedBlock second = channel.next(List.of());
    TestChannel other = new TestChannel(TestChannel.CHANNEL, TestChannel.TIME_MS + 1);
    CertifiedBlock foreign = other.next(List.of());
    try (ChannelStore store = open()) {
      assertThatThrownBy(() -> store.commit(second, List.of(), WriteSet.EMPTY))
          .hasMessageContaining("block 2 offered at height 0");
      assertThatThrownBy(() -> store.commit(foreign, List.of(), WriteSet.EMPTY))
          .hasMessageContaining("names parent");
      assertThatThrownBy(() -> store.commit(first, List.of(), WriteSet.EMPTY))
          .hasMessageContaining("0 receipts for 1 transactions");
      assertThat(store.height()).isZero();
      assertThat(everyKey(store).get(ChannelStore.BLOCKS)).isEmpty();
      assertThat(everyKey(store).get(ChannelStore.STATE)).isEmpty();
    }
  }

  @Test
  void aDeleteInTheWriteSetRemovesTheKey() {
    CertifiedBlock first = channel.next(List.of(channel.add("alpha", 1)));
    CertifiedBlock second = channel.next(List.of());
    try (ChannelStore store = open()) {
      channel.commit(store, first);
      Hash digest = store.stateDigest();
      WriteSet delete = new WriteSet(List.of(new WriteSet.Write(utf8("alpha"), Optional.empty())));
      Execution executed = store.commit(second, List.of(), delete);
      assertThat(store.get(utf8("alpha"))).isEmpty();
      assertThat(executed.stateDigest())
          .isEqualTo(WriteSet.nextStateDigest(TestChannel.SUITE, digest, delete));
    }
  }

  @Test
  void stateScansAreOrderedBoundedAndPage() {
    List<Transaction> adds = new ArrayList<>();
    for (int number = 0; number < 30; number++) {
      adds.add(channel.add(String.format("loan-%03d", number), number));
    }
    adds.add(channel.add("other", 1));
    try (ChannelStore store = open()) {
      channel.commit(store, channel.next(adds));
      ChannelStore.ScanPage page = store.scan(utf8("loan-"), utf8("loan."), 12);
      assertThat(page.entries()).hasSize(12);
      assertThat(page.entries().get(0))
          .isEqualTo(new ChannelStore.StateEntry(utf8("loan-000"), utf8("0")));
      assertThat(page.nextKey()).contains(utf8("loan-012"));
      List<Bytes> keys = new ArrayList<>();
      Optional<Bytes> from = Optional.of(utf8("loan-"));
      while (from.isPresent()) {
        ChannelStore.ScanPage next = store.scan(from.get(), utf8("loan."), 12);
        next.entries().forEach(entry -> keys.add(entry.key()));
        from = next.nextKey();
      }
      assertThat(keys).hasSize(30).isSorted().doesNotContain(utf8("other"));
      assertThat(store.scan(utf8("loan-010"), utf8("loan-013"), 100).entries()).hasSize(3);
      assertThat(store.scan(utf8("x"), utf8("y"), 5).entries()).isEmpty();
      assertThatThrownBy(() -> store.scan(utf8("a"), utf8("b"), StorageLimits.SCAN_ENTRIES_MAX + 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.blocks(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void blockReadsStopAtTheirLimit() {
    try (ChannelStore store = open()) {
      for (int height = 1; height <= StorageLimits.READ_BLOCKS_MAX + 2; height++) {
        channel.commit(store, channel.next(List.of()));
      }
      List<CertifiedBlock> page = store.blocks(1, Long.MAX_VALUE);
      assertThat(page).hasSize(StorageLimits.READ_BLOCKS_MAX);
      assertThat(page.get(page.size() - 1).block().header().height())
          .isEqualTo(StorageLimits.READ_BLOCKS_MAX);
      assertThat(store.blocks(StorageLimits.READ_BLOCKS_MAX + 1, Long.MAX_VALUE)).hasSize(2);
    }
  }

  @Test
  void aStoreOfAnotherChannelOrGenesisIsRefusedNamingBoth() {
    open().close();
    TestChannel otherName = new TestChannel("loans-lead-other", TestChannel.TIME_MS);
    assertThatThrownBy(() -> ChannelStore.open(directory, otherName.genesis, TestChannel.initial()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("belongs to channel '" + TestChannel.CHANNEL + "'")
        .hasMessageContaining("configured channel 'loans-lead-other'");
    TestChannel otherGenesis = new TestChannel(TestChannel.CHANNEL, TestChannel.TIME_MS + 1);
    assertThatThrownBy(
            () -> ChannelStore.open(directory, otherGenesis.genesis, TestChannel.initial()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(channel.genesis.hash().toHex())
        .hasMessageContaining(otherGenesis.genesis.hash().toHex());
    try (ChannelStore store = open()) {
      assertThat(store.height()).isZero();
    }
  }

  @Test
  void aStoreOfAnotherSchemaVersionIsRefusedNamingBoth() throws Exception {
    open().close();
    overwriteMeta(ChannelStore.SCHEMA_VERSION_KEY, Bytes.fromHex("00000009"));
    assertThatThrownBy(this::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("schema version 2")
        .hasMessageContaining("reads schema version " + ChannelStore.SCHEMA_VERSION);
  }

  @Test
  void aClosedStoreRefusesUse() {
    ChannelStore store = open();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get(utf8("alpha")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  // ---------------------------------------------------------------------------------------------

  private static void apply(TreeMap<Bytes, Bytes> state, WriteSet writes) {
    for (WriteSet.Write write : writes.writes()) {
      if (write.value().isPresent()) {
        state.put(write.key(), write.value().get());
      } else {
        state.remove(write.key());
      }
    }
  }

  private static TreeMap<Bytes, Bytes> scanAll(ChannelStore store) {
    TreeMap<Bytes, Bytes> state = new TreeMap<>();
    Bytes end = Bytes.wrapUnsafe(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    for (ChannelStore.StateEntry entry : store.scan(Bytes.EMPTY, end, 1000).entries()) {
      state.put(entry.key(), entry.value());
    }
    return state;
  }

  private static TreeMap<String, List<Bytes>> everyKey(ChannelStore store) {
    TreeMap<String, List<Bytes>> keys = new TreeMap<>();
    for (String family :
        List.of(
            ChannelStore.BLOCKS,
            ChannelStore.RECEIPTS,
            ChannelStore.TX_INDEX,
            ChannelStore.STATE,
            ChannelStore.META)) {
      keys.put(family, store.keys(family));
    }
    keys.put("meta values", metaValues(store));
    return keys;
  }

  private static List<Bytes> metaValues(ChannelStore store) {
    List<Bytes> values = new ArrayList<>();
    values.add(ChannelStore.longBytes(store.height()));
    values.add(store.stateDigest().value());
    return values;
  }

  /** Writes a metadata value behind the store's back, as another node version would have. */
  private void overwriteMeta(Bytes key, Bytes value) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    List<byte[]> names;
    try (org.rocksdb.Options options = new org.rocksdb.Options()) {
      names = RocksDB.listColumnFamilies(options, directory.toString());
    }
    for (byte[] name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles)) {
      for (int index = 0; index < names.size(); index++) {
        if (new String(names.get(index), StandardCharsets.UTF_8).equals(ChannelStore.META)) {
          db.put(handles.get(index), key.unsafeArray(), value.unsafeArray());
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
