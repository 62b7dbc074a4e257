package io.entente.consensus.qbft;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The chain as consensus sees it: the height being decided, its parent, its validator set and who
 * proposes each round, and the execution results that run one block behind.
 */
final class Chain {
  static final String EXECUTION_MISMATCH = "execution-mismatch";

  private final CryptoSuite suite;
  private long height;
  private Hash parentHash;
  private long parentTimestampMs;
  private ValidatorSet validators;

  /**
   * The fingerprints of {@link #validators}, in set order and as an index: a fingerprint is a hash
   * of the key, and the machine looks validators up on every message and several times per step.
   */
  private List<Hash> fingerprints;

  private NavigableMap<Hash, Validator> validatorsByFingerprint;

  private Hash validatorSetHash;
  private int firstProposerIndex;

  /** Own execution results not yet compared, and what certified headers say they must be. */
  private final TreeMap<Long, Execution> executed = new TreeMap<>();

  private final TreeMap<Long, Execution> certified = new TreeMap<>();
  private OptionalLong nextDeadlineMs = OptionalLong.empty();

  Chain(CryptoSuite suite, ChainTip tip) {
    this.suite = suite;
    this.height = tip.height() + 1;
    this.parentHash = tip.hash();
    this.parentTimestampMs = tip.timestampMs();
    setValidators(tip.nextValidators(), tip.proposerIndex() + 1);
    tip.executed().ifPresent(execution -> executed.put(execution.height(), execution));
    this.nextDeadlineMs = tip.nextDeadlineMs();
  }

  private void setValidators(ValidatorSet next, int firstIndex) {
    // Most heights keep the set object of the previous one: what follows from it is kept too.
    if (next != validators) {
      this.validators = next;
      this.validatorsByFingerprint = next.fingerprintIndex();
      List<Hash> inOrder = new ArrayList<>(next.size());
      for (Validator validator : next.validators()) {
        inOrder.add(validator.fingerprint());
      }
      this.fingerprints = List.copyOf(inOrder);
      this.validatorSetHash = next.hash(suite);
    }
    this.firstProposerIndex = firstIndex % next.size();
  }

  long height() {
    return height;
  }

  Hash parentHash() {
    return parentHash;
  }

  long parentTimestampMs() {
    return parentTimestampMs;
  }

  ValidatorSet validators() {
    return validators;
  }

  /** The validators of this height by fingerprint (what {@link #validators} would compute). */
  NavigableMap<Hash, Validator> validatorsByFingerprint() {
    return validatorsByFingerprint;
  }

  /** The validator of this height with {@code fingerprint}, if it is one. */
  Optional<Validator> validator(Hash fingerprint) {
    return Optional.ofNullable(validatorsByFingerprint.get(fingerprint));
  }

  /** The fingerprints of this height's validators, in set order. */
  List<Hash> fingerprints() {
    return fingerprints;
  }

  Hash validatorSetHash() {
    return validatorSetHash;
  }

  /** Proposer of (height, round): the validator after the parent's proposer, plus the round. */
  Hash proposer(int round) {
    long index = ((long) firstProposerIndex + round) % validators.size();
    return fingerprints.get((int) index);
  }

  /** The execution of the parent, which the header of this height must carry. */
  Optional<Execution> parentExecution() {
    return Optional.ofNullable(executed.get(height - 1));
  }

  OptionalLong nextDeadlineMs() {
    return nextDeadlineMs;
  }

  /** Makes {@code block}, now final, the parent; the set of the next height follows from it. */
  Check advance(Block block) {
    BlockHeader header = block.header();
    int index = fingerprints.indexOf(header.proposer());
    if (index < 0) {
      throw new IllegalStateException(
          "the proposer of final block " + header.height() + " is not in its validator set");
    }
    ValidatorSet next = ValidatorSetChange.nextSet(validators, block.transactions());
    height = header.height() + 1;
    parentHash = header.chainHash(suite);
    parentTimestampMs = header.timestampMs();
    setValidators(next, index + 1);
    Execution said =
        new Execution(header.height() - 1, header.prevReceiptRoot(), header.prevStateDigest());
    certified.put(said.height(), said);
    return compareAndPrune();
  }

  /** Records an execution result of the shell; rejected when a certified header disagrees. */
  Check executed(Execution execution, OptionalLong deadlineMs) {
    executed.put(execution.height(), execution);
    nextDeadlineMs = deadlineMs;
    return compareAndPrune();
  }

  private Check compareAndPrune() {
    for (Map.Entry<Long, Execution> entry : certified.entrySet()) {
      Execution own = executed.get(entry.getKey());
      if (own != null && !own.equals(entry.getValue())) {
        return Check.rejected(
            EXECUTION_MISMATCH,
            "executing block "
                + own.height()
                + " gave receipts "
                + own.receiptRoot().shortHex()
                + " and state "
                + own.stateDigest().shortHex()
                + "; the certified next header says "
                + entry.getValue().receiptRoot().shortHex()
                + " and "
                + entry.getValue().stateDigest().shortHex());
      }
    }
    // Compared results are no longer needed; keep the parent's for proposals of this height.
    certified.keySet().removeIf(h -> executed.containsKey(h));
    executed.headMap(height - 1).clear();
    if (certified.size() > ConsensusLimits.EXECUTION_LAG_BLOCKS_MAX) {
      throw new IllegalStateException(
          "execution is more than " + ConsensusLimits.EXECUTION_LAG_BLOCKS_MAX + " blocks behind");
    }
    return Check.accepted();
  }

  boolean executionLagFull() {
    return certified.size() >= ConsensusLimits.EXECUTION_LAG_BLOCKS_MAX;
  }
}
