package io.entente.consensus.qbft;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The last final block a node holds, as much as consensus needs of it to decide the next height.
 *
 * @param proposerIndex the index of the tip's proposer in the validator set of the tip's height, or
 *     -1 for genesis (so that round 0 of height 1 is proposed by the first validator)
 * @param nextValidators the validator set of {@code height + 1}
 * @param executed the execution result of the tip, once known
 * @param nextDeadlineMs the application's next deadline after executing the tip, if any: a restart
 *     keeps it, so a time-advancing block the application asked for is still made
 */
public record ChainTip(
    long height,
    Hash hash,
    long timestampMs,
    int proposerIndex,
    ValidatorSet nextValidators,
    Optional<Execution> executed,
    OptionalLong nextDeadlineMs) {
  public ChainTip {
    if (height < 0 || proposerIndex < -1 || (height == 0) != (proposerIndex == -1)) {
      throw new IllegalArgumentException("height " + height + ", proposer index " + proposerIndex);
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(nextValidators, "nextValidators");
    Objects.requireNonNull(executed, "executed");
    Objects.requireNonNull(nextDeadlineMs, "nextDeadlineMs");
    if (executed.isPresent() && executed.get().height() != height) {
      throw new IllegalArgumentException("the execution result is not of the tip");
    }
  }

  /** A new channel: height 0 is genesis, executed into the application's initial state. */
  public static ChainTip genesis(Genesis genesis, Execution initial) {
    return new ChainTip(
        0,
        genesis.hash(),
        genesis.genesisTimeMs(),
        -1,
        genesis.validators(),
        Optional.of(initial),
        OptionalLong.empty());
  }

  /** The tip at {@code header}, whose height had {@code validators} and which set {@code next}. */
  public static ChainTip of(
      CryptoSuite suite,
      BlockHeader header,
      ValidatorSet validators,
      ValidatorSet next,
      Optional<Execution> executed) {
    int index = indexOf(validators, header.proposer());
    if (index < 0) {
      throw new IllegalStateException(
          "the proposer of final block " + header.height() + " is not in its validator set");
    }
    return new ChainTip(
        header.height(),
        header.chainHash(suite),
        header.timestampMs(),
        index,
        next,
        executed,
        OptionalLong.empty());
  }

  /** This tip with the application's deadline after executing it. */
  public ChainTip withNextDeadline(OptionalLong deadlineMs) {
    return new ChainTip(
        height, hash, timestampMs, proposerIndex, nextValidators, executed, deadlineMs);
  }

  static int indexOf(ValidatorSet validators, Hash fingerprint) {
    for (int i = 0; i < validators.size(); i++) {
      if (validators.validators().get(i).fingerprint().equals(fingerprint)) {
        return i;
      }
    }
    return -1;
  }
}
