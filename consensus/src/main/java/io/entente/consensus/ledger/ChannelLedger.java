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
import java.util.TreeSet;

/**
 * One member's final chain in memory: the certified blocks, the validator set of every height, the
 * application state executed block by block (on {@link MemoryState}) and the state digest after
 * every height. Rebuilt from the stored blocks after a restart. Pure and single-threaded: the
 * simulator's validators and the node's channel runtime both keep one.
 */
public final class ChannelLedger {
  private final Genesis genesis;
  private final CryptoSuite suite;
  private final Application application;
  private final MemoryState state;
  private final List<CertifiedBlock> blocks = new ArrayList<>();
  private final List<ValidatorSet> sets = new ArrayList<>();

  /** The fingerprint index of each height's set, shared by heights with the same set object. */
  private final List<NavigableMap<Hash, Validator>> indexes = new ArrayList<>();

  private final List<Hash> digests = new ArrayList<>();
  private final TreeSet<Hash> committedIds = new TreeSet<>();
  private Execution executed;
  private OptionalLong nextDeadlineMs = OptionalLong.empty();

  public ChannelLedger(Genesis genesis, CryptoSuite suite, Application application) {
    this.genesis = genesis;
    this.suite = suite;
    this.application = application;
    this.executed = genesisExecution(suite);
    this.state = new MemoryState(suite, executed.stateDigest());
    addSet(genesis.validators()); // height 0 (unused) and
    addSet(genesis.validators()); // height 1
    digests.add(executed.stateDigest());
  }

  public static Execution genesisExecution(CryptoSuite suite) {
    return new Execution(
        0, suite.hash(), suite.hash(Bytes.of("initial state".getBytes(StandardCharsets.UTF_8))));
  }

  public long height() {
    return blocks.size();
  }

  public CertifiedBlock block(long height) {
    return blocks.get((int) height - 1);
  }

  public Hash digestAfter(long height) {
    return digests.get((int) height);
  }

  public ValidatorSet setOf(long height) {
    return sets.get((int) height);
  }

  /** {@link #setOf}'s {@linkplain ValidatorSet#fingerprintIndex() fingerprint index}. */
  public NavigableMap<Hash, Validator> validatorsOf(long height) {
    return indexes.get((int) height);
  }

  private void addSet(ValidatorSet set) {
    int last = sets.size() - 1;
    indexes.add(last >= 0 && sets.get(last) == set ? indexes.get(last) : set.fingerprintIndex());
    sets.add(set);
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
    blocks.add(certified);
    addSet(ValidatorSetChange.nextSet(setOf(height), block.transactions()));
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
    if (blocks.isEmpty()) {
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
