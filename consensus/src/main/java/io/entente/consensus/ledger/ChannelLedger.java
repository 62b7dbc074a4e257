package io.entente.consensus.ledger;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.MemoryState;
import io.entente.consensus.qbft.ChainTip;
import io.entente.consensus.qbft.Execution;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One member's final chain: the newest certified blocks (at most a fixed window of them, older ones
 * read from a {@link BlockSource}), the validator set of every height (kept as the heights where it
 * changes), the application state executed block by block (on {@link MemoryState}, all in memory)
 * and the state digest after every height. Rebuilt from the stored blocks after a restart. Pure and
 * single-threaded: the simulator's validators and the node's channel runtime both keep one.
 */
public final class ChannelLedger {
  private final Genesis genesis;
  private final CryptoSuite suite;
  private final Application application;
  private final MemoryState state;
  private final BlockSource older;

  /** Fed every appended block when this ledger keeps them all (its own source); else null. */
  private final BlockSource.InMemory keptAll;

  /** The newest blocks, block h at index (h - 1) modulo the length. */
  private final CertifiedBlock[] recent;

  private long height;

  /** The validator set from each height where it changed (or was first given) on. */
  private final TreeMap<Long, ValidatorSet> sets = new TreeMap<>();

  /** The fingerprint index of each set in {@link #sets}, by the same heights. */
  private final TreeMap<Long, NavigableMap<Hash, Validator>> indexes = new TreeMap<>();

  private final List<Hash> digests = new ArrayList<>();
  private final TreeSet<Hash> committedIds = new TreeSet<>();
  private Execution executed;
  private OptionalLong nextDeadlineMs = OptionalLong.empty();

  /**
   * A ledger that keeps every block it appends in memory: for tests and tools with short chains.
   */
  public ChannelLedger(Genesis genesis, CryptoSuite suite, Application application) {
    this(genesis, suite, application, new BlockSource.InMemory(), 1, true);
  }

  /**
   * A ledger that holds the newest {@code recentBlocks} blocks in memory and reads older ones from
   * {@code older}, which must hold every block this ledger appended once it left the window (the
   * node's store has each block before the next one is appended).
   */
  public ChannelLedger(
      Genesis genesis,
      CryptoSuite suite,
      Application application,
      BlockSource older,
      int recentBlocks) {
    this(genesis, suite, application, older, recentBlocks, false);
  }

  private ChannelLedger(
      Genesis genesis,
      CryptoSuite suite,
      Application application,
      BlockSource older,
      int recentBlocks,
      boolean keepAll) {
    if (recentBlocks < 1) {
      throw new IllegalArgumentException("recentBlocks " + recentBlocks);
    }
    this.genesis = genesis;
    this.suite = suite;
    this.application = application;
    this.older = older;
    this.keptAll = keepAll ? (BlockSource.InMemory) older : null;
    this.recent = new CertifiedBlock[recentBlocks];
    this.executed = genesisExecution(suite);
    this.state = new MemoryState(suite, executed.stateDigest());
    addSet(0, genesis.validators()); // height 0 (unused) and on
    digests.add(executed.stateDigest());
  }

  public static Execution genesisExecution(CryptoSuite suite) {
    return new Execution(
        0, suite.hash(), suite.hash(Bytes.of("initial state".getBytes(StandardCharsets.UTF_8))));
  }

  public long height() {
    return height;
  }

  /**
   * The final block at {@code height} (1 to {@link #height()}): from memory if it is one of the
   * newest, else from the source.
   */
  public CertifiedBlock block(long height) {
    if (height < 1 || height > this.height) {
      throw new IndexOutOfBoundsException("block " + height + " of " + this.height);
    }
    if (height > this.height - recent.length) {
      return recent[(int) ((height - 1) % recent.length)];
    }
    return older
        .block(height)
        .orElseThrow(
            () -> new IllegalStateException("the block source lacks final block " + height));
  }

  /** How many blocks this ledger holds in memory: at most its window (all, if it keeps them). */
  public int blocksInMemory() {
    return keptAll != null ? (int) height : (int) Math.min(height, recent.length);
  }

  public Hash digestAfter(long height) {
    return digests.get((int) height);
  }

  /** The validator set of {@code height}, 0 to {@link #height()} + 1. */
  public ValidatorSet setOf(long height) {
    checkSetHeight(height);
    return sets.floorEntry(height).getValue();
  }

  /** {@link #setOf}'s {@linkplain ValidatorSet#fingerprintIndex() fingerprint index}. */
  public NavigableMap<Hash, Validator> validatorsOf(long height) {
    checkSetHeight(height);
    return indexes.floorEntry(height).getValue();
  }

  private void checkSetHeight(long height) {
    if (height < 0 || height > this.height + 1) {
      throw new IndexOutOfBoundsException("validator set of " + height + " at " + this.height);
    }
  }

  /** Records {@code set} from {@code height} on, unless it is the same set object as before. */
  private void addSet(long height, ValidatorSet set) {
    if (!sets.isEmpty() && sets.lastEntry().getValue() == set) {
      return;
    }
    sets.put(height, set);
    indexes.put(height, set.fingerprintIndex());
  }

  public boolean isCommitted(Hash transactionId) {
    return committedIds.contains(transactionId);
  }

  public Application application() {
    return application;
  }

  public MemoryState state() {
    return state;
  }

  /** What appending one block gave: the execution summary, the receipts and the write set. */
  public record Appended(Execution execution, BlockResult result) {}

  /** Appends the next final block and executes it; returns what execution gave. */
  public Execution append(CertifiedBlock certified) {
    return appendReporting(certified).execution();
  }

  /** Appends the next final block and executes it; returns the execution with its details. */
  public Appended appendReporting(CertifiedBlock certified) {
    Block block = certified.block();
    long height = block.header().height();
    if (height != height() + 1) {
      throw new IllegalStateException("block " + height + " after height " + height());
    }
    recent[(int) ((height - 1) % recent.length)] = certified;
    if (keptAll != null) {
      keptAll.add(certified);
    }
    this.height = height;
    addSet(height + 1, ValidatorSetChange.nextSet(setOf(height), block.transactions()));
    for (Transaction transaction : block.transactions()) {
      committedIds.add(transaction.id(suite));
    }
    BlockResult result =
        application.execute(
            state,
            new Application.BlockContext(genesis.channel(), height, block.header().timestampMs()),
            block.transactions());
    state.apply(result.writes());
    executed = new Execution(height, Receipt.root(suite, result.receipts()), state.digest());
    digests.add(state.digest());
    nextDeadlineMs = result.nextDeadlineMs();
    return new Appended(executed, result);
  }

  public ChainTip tip() {
    if (height == 0) {
      return ChainTip.genesis(genesis, genesisExecution(suite));
    }
    long height = height();
    return ChainTip.of(
            suite,
            block(height).block().header(),
            setOf(height),
            setOf(height + 1),
            Optional.of(executed))
        .withNextDeadline(nextDeadlineMs);
  }
}
