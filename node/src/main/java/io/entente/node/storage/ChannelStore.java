package io.entente.node.storage;

import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.StateView;
import io.entente.consensus.app.WriteSet;
import io.entente.consensus.qbft.ChainTip;
import io.entente.consensus.qbft.Execution;
import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One channel's durable chain in its own RocksDB directory: final blocks, their receipts, the
 * transaction index, the application state and metadata, each in a column family (see
 * docs/storage.md for the layout).
 *
 * <p><b>Only final blocks.</b> {@link #commit} is the only way anything is written after creation.
 * It takes a certified block — its certificate is verified against the validator set of its height
 * — together with what executing it on the committed state gave, and writes block, receipts,
 * transaction index, state changes and the new tip in one write batch with {@code sync=true}.
 * Proposed blocks are executed speculatively by the caller and never reach the store (qbft.md
 * pitfall 8); the state column family only ever holds the state after the committed height.
 *
 * <p><b>Restart.</b> {@link #tip()} gives the {@link ChainTip} the consensus core starts from,
 * exactly as the simulator's ledger builds it: the tip's header, the validator sets of the tip and
 * of the next height, and the execution result of the tip. {@link ChannelRecovery} pairs it with
 * the write-ahead log.
 *
 * <p><b>Threads.</b> The channel's thread commits; other threads may read at the same time (RocksDB
 * is thread-safe, and the tip is one immutable value). Close only after every user has stopped.
 */
public final class ChannelStore implements StateView, AutoCloseable {
  /** The layout version written on creation; a store of another version is refused. */
  public static final int SCHEMA_VERSION = 2;

  static final String BLOCKS = "blocks";
  static final String RECEIPTS = "receipts";
  static final String EVENTS = "events";
  static final String TX_INDEX = "tx_index";
  static final String STATE = "state";
  static final String META = "meta";
  private static final List<String> FAMILIES =
      List.of(BLOCKS, RECEIPTS, EVENTS, TX_INDEX, STATE, META);

  static final Bytes SCHEMA_VERSION_KEY = utf8("schema_version");
  static final Bytes CHANNEL_KEY = utf8("channel");
  static final Bytes GENESIS_HASH_KEY = utf8("genesis_hash");
  static final Bytes INITIAL_STATE_DIGEST_KEY = utf8("initial_state_digest");
  static final Bytes HEIGHT_KEY = utf8("height");
  static final Bytes STATE_DIGEST_KEY = utf8("state_digest");
  static final Bytes RECEIPT_ROOT_KEY = utf8("receipt_root");
  static final Bytes TIP_HEADER_KEY = utf8("tip_header");
  static final Bytes VALIDATORS_KEY = utf8("validators");
  static final Bytes NEXT_VALIDATORS_KEY = utf8("next_validators");
  static final Bytes WITHOUT_LOG_UNTIL_KEY = utf8("without_log_until");

  /** Where a committed transaction is: its block's height and its index in the block. */
  public record TxLocation(long height, int index) {}

  /** One application state entry. */
  public record StateEntry(Bytes key, Bytes value) {}

  /** A page of a state range scan; {@code nextKey} is where the next page starts, if any. */
  public record ScanPage(List<StateEntry> entries, Optional<Bytes> nextKey) {
    public ScanPage {
      entries = List.copyOf(entries);
      Objects.requireNonNull(nextKey, "nextKey");
    }
  }

  /** Called with the complete batch just before it is written; tests inject failures here. */
  interface CommitHook {
    void beforeWrite(long height);
  }

  /**
   * The committed tip, replaced as one value on commit.
   *
   * @param validators the validator set of {@code height} (genesis's for height 0)
   * @param nextValidators the validator set of {@code height + 1}
   * @param withoutLogUntil the height the store must reach before a restart may use the WAL again
   */
  private record Tip(
      long height,
      Execution executed,
      Optional<BlockHeader> header,
      ValidatorSet validators,
      ValidatorSet nextValidators,
      long withoutLogUntil) {}

  private final Path directory;
  private final Genesis genesis;
  private final CryptoSuite suite;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final List<ColumnFamilyHandle> handles;
  private final WriteOptions syncWrite;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle receipts;
  private final ColumnFamilyHandle events;
  private final ColumnFamilyHandle txIndex;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle meta;
  private boolean created;
  private volatile Tip tip;
  private volatile boolean closed;
  private CommitHook hook = height -> {};

  private ChannelStore(
      Path directory,
      Genesis genesis,
      RocksDB db,
      DBOptions dbOptions,
      ColumnFamilyOptions familyOptions,
      List<String> names,
      List<ColumnFamilyHandle> handles) {
    this.directory = directory;
    this.genesis = genesis;
    this.suite = CryptoSuite.of(genesis.suite());
    this.db = db;
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.handles = handles;
    this.syncWrite = new WriteOptions().setSync(true);
    this.blocks = handle(names, BLOCKS);
    this.receipts = handle(names, RECEIPTS);
    this.events = handle(names, EVENTS);
    this.txIndex = handle(names, TX_INDEX);
    this.state = handle(names, STATE);
    this.meta = handle(names, META);
  }

  private ColumnFamilyHandle handle(List<String> names, String name) {
    int index = names.indexOf(name);
    return index < 0 ? null : handles.get(index);
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  /**
   * Opens the store of {@code genesis}'s channel in {@code directory}, creating it (with the schema
   * version, channel, genesis hash and {@code initial}, the application's state at height 0) if the
   * directory holds none.
   *
   * @throws StorageException if the directory holds a store of another schema version, channel or
   *     genesis (the message names both), or cannot be opened
   */
  public static ChannelStore open(Path directory, Genesis genesis, Execution initial) {
    if (initial.height() != 0) {
      throw new IllegalArgumentException("the initial execution is of height 0, not " + initial);
    }
    RocksDB.loadLibrary();
    List<String> existing = existingFamilies(directory);
    boolean exists = !existing.isEmpty();
    if (exists && !existing.contains(META)) {
      throw new StorageException(
          directory
              + " holds a RocksDB database with column families "
              + existing
              + " and no '"
              + META
              + "': not an Entente channel store");
    }
    List<String> names = new ArrayList<>();
    names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8));
    for (String name : exists ? existing : FAMILIES) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    DBOptions dbOptions = dbOptions(!exists);
    ColumnFamilyOptions familyOptions =
        new ColumnFamilyOptions().setWriteBufferSize(StorageLimits.ROCKSDB_WRITE_BUFFER_BYTES);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : names) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db;
    try {
      Files.createDirectories(directory);
      db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    } catch (RocksDBException | IOException e) {
      familyOptions.close();
      dbOptions.close();
      throw new StorageException(
          "cannot open the channel store in " + directory + ": " + e.getMessage(), e);
    }
    ChannelStore store =
        new ChannelStore(directory, genesis, db, dbOptions, familyOptions, names, handles);
    try {
      store.initializeOrCheck(initial);
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static List<String> existingFamilies(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Options options = new Options()) {
      List<String> names = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, directory.toString())) {
        names.add(new String(name, StandardCharsets.UTF_8));
      }
      return names;
    } catch (RocksDBException e) {
      // No database in the directory (RocksDB says so with an error naming its CURRENT file).
      return List.of();
    }
  }

  private static DBOptions dbOptions(boolean create) {
    return new DBOptions()
        .setCreateIfMissing(create)
        .setCreateMissingColumnFamilies(create)
        .setParanoidChecks(true)
        .setMaxOpenFiles(StorageLimits.ROCKSDB_OPEN_FILES_MAX)
        .setKeepLogFileNum(StorageLimits.ROCKSDB_INFO_LOG_FILES_MAX)
        .setMaxTotalWalSize(StorageLimits.ROCKSDB_TOTAL_WAL_BYTES_MAX);
  }

  private void initializeOrCheck(Execution initial) {
    Optional<Bytes> schema = read(META, SCHEMA_VERSION_KEY);
    if (schema.isEmpty()) {
      if (!isEmpty(blocks)) {
        throw new StorageException(
            "the channel store in " + directory + " holds blocks but no schema version: damaged");
      }
      create(initial);
      created = true;
    } else {
      checkIdentity(Reader.of(schema.get()).u32("schema version"), initial);
    }
    tip = loadTip();
  }

  private void create(Execution initial) {
    Bytes validators = ValidatorSet.CODEC.encode(genesis.validators());
    try (WriteBatch batch = new WriteBatch()) {
      put(batch, meta, SCHEMA_VERSION_KEY, new Writer().u32(SCHEMA_VERSION).toBytes());
      put(batch, meta, CHANNEL_KEY, utf8(genesis.channel()));
      put(batch, meta, GENESIS_HASH_KEY, genesis.hash().value());
      put(batch, meta, INITIAL_STATE_DIGEST_KEY, initial.stateDigest().value());
      put(batch, meta, HEIGHT_KEY, longBytes(0));
      put(batch, meta, STATE_DIGEST_KEY, initial.stateDigest().value());
      put(batch, meta, RECEIPT_ROOT_KEY, initial.receiptRoot().value());
      put(batch, meta, VALIDATORS_KEY, validators);
      put(batch, meta, NEXT_VALIDATORS_KEY, validators);
      put(batch, meta, WITHOUT_LOG_UNTIL_KEY, longBytes(0));
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw failure("create", e);
    }
  }

  private void checkIdentity(int schemaVersion, Execution initial) {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new StorageException(
          "the channel store in "
              + directory
              + " has schema version "
              + schemaVersion
              + "; this node reads schema version "
              + SCHEMA_VERSION);
    }
    String channel = new String(require(CHANNEL_KEY).unsafeArray(), StandardCharsets.UTF_8);
    if (!channel.equals(genesis.channel())) {
      throw new StorageException(
          "the channel store in "
              + directory
              + " belongs to channel '"
              + channel
              + "', not to the configured channel '"
              + genesis.channel()
              + "'");
    }
    Hash stored = new Hash(require(GENESIS_HASH_KEY));
    if (!stored.equals(genesis.hash())) {
      throw new StorageException(
          "the channel store in "
              + directory
              + " was created from genesis "
              + stored.toHex()
              + ", not from the configured genesis "
              + genesis.hash().toHex()
              + " of channel '"
              + channel
              + "'");
    }
    Hash initialDigest = new Hash(require(INITIAL_STATE_DIGEST_KEY));
    if (!initialDigest.equals(initial.stateDigest())) {
      throw new StorageException(
          "the channel store in "
              + directory
              + " started from initial state digest "
              + initialDigest.toHex()
              + ", not from the application's "
              + initial.stateDigest().toHex());
    }
    for (String family : FAMILIES) {
      if (handleOf(family) == null) {
        throw new StorageException(
            "the channel store in " + directory + " lacks column family '" + family + "'");
      }
    }
  }

  private Tip loadTip() {
    long height = asLong(require(HEIGHT_KEY));
    Execution executed =
        new Execution(
            height, new Hash(require(RECEIPT_ROOT_KEY)), new Hash(require(STATE_DIGEST_KEY)));
    Optional<BlockHeader> header = read(META, TIP_HEADER_KEY).map(BlockHeader.CODEC::decode);
    if (header.isPresent() != (height > 0)) {
      throw new StorageException(
          "the channel store in " + directory + " at height " + height + " has no tip header");
    }
    return new Tip(
        height,
        executed,
        header,
        ValidatorSet.CODEC.decode(require(VALIDATORS_KEY)),
        ValidatorSet.CODEC.decode(require(NEXT_VALIDATORS_KEY)),
        asLong(require(WITHOUT_LOG_UNTIL_KEY)));
  }

  // ---------------------------------------------------------------------------------------------
  // Committing

  /**
   * Stores the final block {@code certified} with the result of executing it on the committed state
   * (its receipts, one per transaction in order, and its write set) in one synced batch, and
   * returns the execution result (receipt root, state digest after the block) for the consensus
   * core's {@code BlockExecuted}. On return the block is durable: clients may be answered.
   *
   * <p>Refused, with nothing written, unless the block is the next height of this channel, links to
   * the tip, carries a valid certificate of its height's validator set and a receipt for each of
   * its transactions. Whether the header's previous receipt root and state digest match this node's
   * execution is the consensus core's check (it halts the channel), not the store's.
   */
  public Execution commit(CertifiedBlock certified, List<Receipt> blockReceipts, WriteSet writes) {
    return commit(certified, blockReceipts, List.of(), writes);
  }

  /**
   * {@link #commit(CertifiedBlock, List, WriteSet)}, with the application events executing the
   * block emitted, kept for subscribers that resume from an older height.
   */
  public Execution commit(
      CertifiedBlock certified,
      List<Receipt> blockReceipts,
      List<BlockResult.Event> blockEvents,
      WriteSet writes) {
    ensureOpen();
    Tip before = tip;
    BlockHeader header = certified.block().header();
    long height = header.height();
    checkNext(before, certified);
    List<Hash> txIds = checkReceipts(certified.block().transactions(), blockReceipts);
    checkWrites(writes);
    Execution executed =
        new Execution(
            height,
            Receipt.root(suite, blockReceipts),
            WriteSet.nextStateDigest(suite, before.executed().stateDigest(), writes));
    ValidatorSet next =
        ValidatorSetChange.nextSet(before.nextValidators(), certified.block().transactions());
    try (WriteBatch batch = new WriteBatch()) {
      put(batch, blocks, longBytes(height), CertifiedBlock.CODEC.encode(certified));
      put(batch, receipts, longBytes(height), encodeReceipts(blockReceipts));
      put(batch, events, longBytes(height), encodeEvents(blockEvents));
      indexTransactions(batch, height, txIds);
      for (WriteSet.Write write : writes.writes()) {
        if (write.value().isPresent()) {
          put(batch, state, write.key(), write.value().get());
        } else {
          batch.delete(state, write.key().unsafeArray());
        }
      }
      put(batch, meta, HEIGHT_KEY, longBytes(height));
      put(batch, meta, STATE_DIGEST_KEY, executed.stateDigest().value());
      put(batch, meta, RECEIPT_ROOT_KEY, executed.receiptRoot().value());
      put(batch, meta, TIP_HEADER_KEY, BlockHeader.CODEC.encode(header));
      put(batch, meta, VALIDATORS_KEY, ValidatorSet.CODEC.encode(before.nextValidators()));
      put(batch, meta, NEXT_VALIDATORS_KEY, ValidatorSet.CODEC.encode(next));
      hook.beforeWrite(height);
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw failure("commit of block " + height, e);
    }
    tip =
        new Tip(
            height,
            executed,
            Optional.of(header),
            before.nextValidators(),
            next,
            before.withoutLogUntil());
    return executed;
  }

  private void checkNext(Tip before, CertifiedBlock certified) {
    BlockHeader header = certified.block().header();
    if (!header.channel().equals(genesis.channel())) {
      throw new IllegalArgumentException(
          "block of channel '"
              + header.channel()
              + "' offered to the store of '"
              + genesis.channel()
              + "'");
    }
    if (header.height() != before.height() + 1) {
      throw new IllegalArgumentException(
          "block "
              + header.height()
              + " offered at height "
              + before.height()
              + ": blocks are committed in order, one at a time");
    }
    Hash parent =
        before.header().isPresent() ? before.header().get().chainHash(suite) : genesis.hash();
    if (!header.parentHash().equals(parent)) {
      throw new IllegalArgumentException(
          "block "
              + header.height()
              + " names parent "
              + header.parentHash().shortHex()
              + ", the stored tip is "
              + parent.shortHex());
    }
    Check check =
        certified.check(suite, before.nextValidators(), genesis.sealFromEveryInstitution());
    if (check instanceof Check.Rejected rejected) {
      throw new IllegalArgumentException(
          "block "
              + header.height()
              + " is not final: "
              + rejected.reason()
              + " ("
              + rejected.detail()
              + "); only certified blocks are stored");
    }
  }

  private List<Hash> checkReceipts(List<Transaction> transactions, List<Receipt> blockReceipts) {
    if (blockReceipts.size() != transactions.size()) {
      throw new IllegalArgumentException(
          blockReceipts.size() + " receipts for " + transactions.size() + " transactions");
    }
    List<Hash> ids = new ArrayList<>(transactions.size());
    for (int index = 0; index < transactions.size(); index++) {
      Hash id = transactions.get(index).id(suite);
      Receipt receipt = blockReceipts.get(index);
      if (receipt.index() != index || !receipt.txId().equals(id)) {
        throw new IllegalArgumentException(
            "receipt "
                + index
                + " is of transaction "
                + receipt.txId().shortHex()
                + " at index "
                + receipt.index()
                + ", expected "
                + id.shortHex()
                + " at "
                + index);
      }
      ids.add(id);
    }
    return ids;
  }

  private static void checkWrites(WriteSet writes) {
    for (WriteSet.Write write : writes.writes()) {
      if (write.key().length() == 0 || write.key().length() > StorageLimits.STATE_KEY_BYTES_MAX) {
        throw new IllegalArgumentException(
            "a state key of "
                + write.key().length()
                + " bytes (1 to "
                + StorageLimits.STATE_KEY_BYTES_MAX
                + " allowed)");
      }
      if (write.value().isPresent()
          && write.value().get().length() > StorageLimits.STATE_VALUE_BYTES_MAX) {
        throw new IllegalArgumentException(
            "a state value of "
                + write.value().get().length()
                + " bytes exceeds "
                + StorageLimits.STATE_VALUE_BYTES_MAX);
      }
    }
  }

  /** A transaction id committed again (admission prevents it) keeps its first location. */
  private void indexTransactions(WriteBatch batch, long height, List<Hash> txIds)
      throws RocksDBException {
    TreeSet<Hash> seen = new TreeSet<>();
    for (int index = 0; index < txIds.size(); index++) {
      Hash id = txIds.get(index);
      if (seen.add(id) && db.get(txIndex, id.value().unsafeArray()) == null) {
        ByteBuffer location = ByteBuffer.allocate(12).putLong(height).putInt(index);
        batch.put(txIndex, id.value().unsafeArray(), location.array());
      }
    }
  }

  /**
   * Records that a restart must not use the write-ahead log until the store reaches {@code height}
   * (see {@link ChannelRecovery}); synced. Never lowers an earlier mark.
   */
  public void markWithoutLogUntil(long height) {
    ensureOpen();
    Tip before = tip;
    if (height <= before.withoutLogUntil()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      put(batch, meta, WITHOUT_LOG_UNTIL_KEY, longBytes(height));
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw failure("mark", e);
    }
    tip =
        new Tip(
            before.height(),
            before.executed(),
            before.header(),
            before.validators(),
            before.nextValidators(),
            height);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Whether {@link #open} created the store (no store was in the directory). */
  public boolean wasCreated() {
    return created;
  }

  public Path directory() {
    return directory;
  }

  public Genesis genesis() {
    return genesis;
  }

  /** The committed height (0 before the first block). */
  public long height() {
    return tip.height();
  }

  /** The execution result of the committed tip: receipt root and state digest after it. */
  public Execution executed() {
    return tip.executed();
  }

  /** The state digest after the committed height. */
  public Hash stateDigest() {
    return tip.executed().stateDigest();
  }

  /** The validator set of the height after the tip: the one that certifies the next block. */
  public ValidatorSet nextValidators() {
    return tip.nextValidators();
  }

  /** The height a restart must reach before it may use the write-ahead log again (0: none). */
  public long withoutLogUntil() {
    return tip.withoutLogUntil();
  }

  /** What the consensus core needs of the committed chain to decide the next height. */
  public ChainTip tip() {
    Tip current = tip;
    if (current.header().isEmpty()) {
      return ChainTip.genesis(genesis, current.executed());
    }
    return ChainTip.of(
        suite,
        current.header().get(),
        current.validators(),
        current.nextValidators(),
        Optional.of(current.executed()));
  }

  /** The final block at {@code height}, if committed. */
  public Optional<CertifiedBlock> block(long height) {
    ensureOpen();
    if (height < 1) {
      return Optional.empty();
    }
    return read(BLOCKS, longBytes(height)).map(CertifiedBlock.CODEC::decode);
  }

  /**
   * The final blocks from {@code fromHeight} to {@code toHeight} inclusive that are committed, in
   * order, at most {@link StorageLimits#READ_BLOCKS_MAX} of them and stopping after the block that
   * crosses {@link StorageLimits#READ_BLOCK_BYTES_MAX}: the caller asks again from the next height.
   */
  public List<CertifiedBlock> blocks(long fromHeight, long toHeight) {
    ensureOpen();
    if (fromHeight < 1 || toHeight < fromHeight) {
      throw new IllegalArgumentException("heights " + fromHeight + " to " + toHeight);
    }
    long last = Math.min(toHeight, height());
    List<CertifiedBlock> found = new ArrayList<>();
    long bytes = 0;
    try (RocksIterator iterator = db.newIterator(blocks)) {
      for (iterator.seek(longBytes(fromHeight).unsafeArray());
          iterator.isValid()
              && ByteBuffer.wrap(iterator.key()).getLong() <= last
              && found.size() < StorageLimits.READ_BLOCKS_MAX
              && bytes < StorageLimits.READ_BLOCK_BYTES_MAX;
          iterator.next()) {
        byte[] value = iterator.value();
        bytes += value.length;
        found.add(CertifiedBlock.CODEC.decode(Bytes.wrapUnsafe(value)));
      }
      checkIterator(iterator);
    }
    return found;
  }

  /** The events executing the block at {@code height} emitted, in order, if committed. */
  public Optional<List<BlockResult.Event>> events(long height) {
    ensureOpen();
    return read(EVENTS, longBytes(height))
        .map(
            encoded -> {
              Reader reader = Reader.of(encoded);
              List<BlockResult.Event> list =
                  reader.list(
                      StorageLimits.EVENTS_PER_BLOCK_MAX, "events", ChannelStore::readEvent);
              reader.expectEnd("events");
              return list;
            });
  }

  private static BlockResult.Event readEvent(Reader reader) {
    return new BlockResult.Event(
        reader.u32("event transaction index"),
        reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "event type"),
        reader.bytes(StorageLimits.EVENT_BYTES_MAX, "event data"));
  }

  private static Bytes encodeEvents(List<BlockResult.Event> blockEvents) {
    Writer writer = new Writer();
    writer.list(
        blockEvents,
        StorageLimits.EVENTS_PER_BLOCK_MAX,
        (w, event) ->
            w.u32(event.index())
                .string(event.type(), CoreLimits.IDENTIFIER_BYTES_MAX)
                .bytes(event.data(), StorageLimits.EVENT_BYTES_MAX));
    return writer.toBytes();
  }

  /** The receipts of the block at {@code height}, in transaction order, if committed. */
  public Optional<List<Receipt>> receipts(long height) {
    ensureOpen();
    return read(RECEIPTS, longBytes(height))
        .map(
            encoded -> {
              Reader reader = Reader.of(encoded);
              List<Receipt> list =
                  reader.list(CoreLimits.TXS_PER_BLOCK_MAX, "receipts", Receipt.CODEC::readFrom);
              reader.expectEnd("receipts");
              return list;
            });
  }

  /** Where the committed transaction {@code txId} is, if it is. */
  public Optional<TxLocation> transaction(Hash txId) {
    ensureOpen();
    return read(TX_INDEX, txId.value())
        .map(
            value -> {
              ByteBuffer buffer = ByteBuffer.wrap(value.unsafeArray());
              return new TxLocation(buffer.getLong(), buffer.getInt());
            });
  }

  /** The committed value of an application state key. */
  @Override
  public Optional<Bytes> get(Bytes key) {
    ensureOpen();
    return read(STATE, key);
  }

  /**
   * The committed state entries with keys from {@code fromKey} (inclusive) to {@code toKey}
   * (exclusive) in unsigned byte order, at most {@code limit} (1 to {@link
   * StorageLimits#SCAN_ENTRIES_MAX}); the page names the key to continue from if more remain.
   */
  public ScanPage scan(Bytes fromKey, Bytes toKey, int limit) {
    ensureOpen();
    if (limit < 1 || limit > StorageLimits.SCAN_ENTRIES_MAX) {
      throw new IllegalArgumentException(
          "scan limit " + limit + " (1 to " + StorageLimits.SCAN_ENTRIES_MAX + " allowed)");
    }
    List<StateEntry> entries = new ArrayList<>();
    Optional<Bytes> next = Optional.empty();
    try (RocksIterator iterator = db.newIterator(state)) {
      for (iterator.seek(fromKey.unsafeArray());
          iterator.isValid() && Arrays.compareUnsigned(iterator.key(), toKey.unsafeArray()) < 0;
          iterator.next()) {
        if (entries.size() == limit) {
          next = Optional.of(Bytes.wrapUnsafe(iterator.key()));
          break;
        }
        entries.add(
            new StateEntry(Bytes.wrapUnsafe(iterator.key()), Bytes.wrapUnsafe(iterator.value())));
      }
      checkIterator(iterator);
    }
    return new ScanPage(entries, next);
  }

  /** Every key of a column family, in order: for tests that check what reached the store. */
  List<Bytes> keys(String family) {
    ensureOpen();
    List<Bytes> keys = new ArrayList<>();
    try (RocksIterator iterator = db.newIterator(handleOf(family))) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        keys.add(Bytes.wrapUnsafe(iterator.key()));
      }
      checkIterator(iterator);
    }
    return keys;
  }

  void setCommitHook(CommitHook hook) {
    this.hook = Objects.requireNonNull(hook, "hook");
  }

  // ---------------------------------------------------------------------------------------------
  // Closing and helpers

  /** Closes the database and every RocksDB object it holds; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Every write was synced when it was made: closing loses nothing.
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    syncWrite.close();
    familyOptions.close();
    dbOptions.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the channel store in " + directory + " is closed");
    }
  }

  private ColumnFamilyHandle handleOf(String family) {
    return switch (family) {
      case BLOCKS -> blocks;
      case RECEIPTS -> receipts;
      case EVENTS -> events;
      case TX_INDEX -> txIndex;
      case STATE -> state;
      case META -> meta;
      default -> throw new IllegalArgumentException("no column family " + family);
    };
  }

  private Optional<Bytes> read(String family, Bytes key) {
    try {
      byte[] value = db.get(handleOf(family), key.unsafeArray());
      return value == null ? Optional.empty() : Optional.of(Bytes.wrapUnsafe(value));
    } catch (RocksDBException e) {
      throw failure("read from " + family, e);
    }
  }

  private Bytes require(Bytes metaKey) {
    return read(META, metaKey)
        .orElseThrow(
            () ->
                new StorageException(
                    "the channel store in "
                        + directory
                        + " lacks metadata '"
                        + new String(metaKey.unsafeArray(), StandardCharsets.UTF_8)
                        + "': damaged"));
  }

  private boolean isEmpty(ColumnFamilyHandle family) {
    try (RocksIterator iterator = db.newIterator(family)) {
      iterator.seekToFirst();
      checkIterator(iterator);
      return !iterator.isValid();
    }
  }

  private void checkIterator(RocksIterator iterator) {
    try {
      iterator.status();
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  private static void put(WriteBatch batch, ColumnFamilyHandle family, Bytes key, Bytes value)
      throws RocksDBException {
    batch.put(family, key.unsafeArray(), value.unsafeArray());
  }

  private StorageException failure(String operation, RocksDBException e) {
    return new StorageException(
        "channel store " + operation + " failed in " + directory + ": " + e.getMessage(), e);
  }

  private static Bytes encodeReceipts(List<Receipt> blockReceipts) {
    Writer writer = new Writer();
    writer.list(blockReceipts, CoreLimits.TXS_PER_BLOCK_MAX, Receipt.CODEC::writeTo);
    return writer.toBytes();
  }

  /** A height as 8 big-endian bytes: RocksDB's byte order is then height order. */
  static Bytes longBytes(long value) {
    return Bytes.wrapUnsafe(ByteBuffer.allocate(8).putLong(value).array());
  }

  private static long asLong(Bytes value) {
    return ByteBuffer.wrap(value.unsafeArray()).getLong();
  }

  private static Bytes utf8(String text) {
    return Bytes.wrapUnsafe(text.getBytes(StandardCharsets.UTF_8));
  }
}
