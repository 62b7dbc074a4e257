package io.entente.simulation.channel;

import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedMessage;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.simulation.world.NodeId;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A conformance check: every proposal an honest validator accepted must be valid by the QBFT Dafny
 * model ({@code isValidProposal} and {@code isProposalJustification} with {@code validRoundChange}
 * and {@code isHighestPrepared}, in {@code node_auxiliary_functions.dfy}). It is written apart from
 * the machine's own checks, so a wrong rule there (a kept broken variant) shows up here even when
 * it leads to no fork. Whether a fresh block is valid for the application is left to the other
 * checks.
 */
final class ProposalConformance {
  static final String NONCONFORMING = "channel.nonconforming_acceptance";

  private final CryptoSuite suite;

  /** The last accepted proposal already checked, per validator (compared by identity). */
  private final TreeMap<NodeId, Proposal> checked = new TreeMap<>();

  ProposalConformance(CryptoSuite suite) {
    this.suite = suite;
  }

  /** Checks the proposal {@code node} accepted last, once. */
  Check check(NodeId node, ValidatorProcess process) {
    Optional<Proposal> last = process.qbft().lastAcceptedProposal();
    if (last.isEmpty() || last.get() == checked.get(node)) {
      return Check.accepted();
    }
    Proposal proposal = last.get();
    checked.put(node, proposal);
    String wrong = violation(proposal, process.ledger());
    return wrong == null
        ? Check.accepted()
        : Check.rejected(
            NONCONFORMING,
            node + " accepted h" + proposal.height() + " r" + proposal.round() + ": " + wrong);
  }

  /** What the model finds wrong with {@code proposal} on {@code ledger}'s chain, or null. */
  String violation(Proposal proposal, ChannelLedger ledger) {
    long height = proposal.height();
    int round = proposal.round();
    ValidatorSet validators = ledger.setOf(height);
    Hash leader = proposer(ledger, height, round);
    Block block = proposal.block();
    BlockHeader header = block.header();
    if (!proposal.author().equals(leader) || !signedBy(proposal.signed(), validators)) {
      return "not signed by the round's proposer";
    }
    if (!block.hash(suite).equals(proposal.signed().payload().digest())) {
      return "the block does not hash to the proposal's digest";
    }
    if (header.height() != height || header.round() != round) {
      return "the block's header names another height or round";
    }
    if (round == 0) {
      return header.proposer().equals(leader) ? null : "a fresh block of another proposer";
    }
    TreeSet<Hash> senders = new TreeSet<>();
    int highest = -1;
    for (SignedRoundChange roundChange : proposal.roundChanges()) {
      String invalid = invalidRoundChange(roundChange, height, round, validators);
      if (invalid != null) {
        return invalid;
      }
      senders.add(roundChange.author());
      highest = Math.max(highest, preparedRound(roundChange));
    }
    int quorum = quorum(validators.size());
    if (senders.size() < quorum) {
      return "round changes from " + senders.size() + " validators, quorum " + quorum;
    }
    if (highest < 0) {
      return header.proposer().equals(leader) ? null : "a fresh block of another proposer";
    }
    return highestPreparedJustified(proposal, highest, validators, quorum)
        ? null
        : "not the highest prepared block with a quorum of its PREPAREs";
  }

  /** {@code validRoundChange}: this height and round, a prepared round strictly below it. */
  private String invalidRoundChange(
      SignedRoundChange roundChange, long height, int round, ValidatorSet validators) {
    RoundChangePayload payload = roundChange.payload();
    if (payload.height() != height || payload.round() != round) {
      return "a round change for h" + payload.height() + " r" + payload.round();
    }
    if (preparedRound(roundChange) >= round) {
      return "a round change for r" + round + " prepared in r" + preparedRound(roundChange);
    }
    return signedBy(roundChange, validators) ? null : "a round change not signed by a validator";
  }

  /**
   * Some round change with the highest prepared round names this block with that round put back,
   * and the PREPAREs are a quorum of distinct validators for that height, round and digest.
   */
  private boolean highestPreparedJustified(
      Proposal proposal, int highest, ValidatorSet validators, int quorum) {
    for (SignedRoundChange roundChange : proposal.roundChanges()) {
      if (preparedRound(roundChange) != highest) {
        continue;
      }
      Hash digest = roundChange.payload().prepared().orElseThrow().digest();
      if (proposal.block().withRound(highest).hash(suite).equals(digest)
          && preparesQuorum(proposal.prepares(), proposal.height(), highest, digest, validators)
              >= quorum) {
        return true;
      }
    }
    return false;
  }

  /**
   * Distinct validators among {@code prepares}, or -1 if one is not for (height, round, digest).
   */
  private int preparesQuorum(
      List<Prepare> prepares, long height, int round, Hash digest, ValidatorSet validators) {
    TreeSet<Hash> authors = new TreeSet<>();
    for (Prepare prepare : prepares) {
      PreparePayload payload = prepare.payload();
      if (payload.height() != height
          || payload.round() != round
          || !payload.digest().equals(digest)
          || !signedBy(prepare, validators)) {
        return -1;
      }
      authors.add(prepare.author());
    }
    return authors.size();
  }

  private boolean signedBy(SignedMessage signed, ValidatorSet validators) {
    return signed.verify(suite, validators).isAccepted();
  }

  private static int preparedRound(SignedRoundChange roundChange) {
    return roundChange.payload().prepared().map(RoundChangePayload.Prepared::round).orElse(-1);
  }

  /** The model's {@code quorum(n)}: (2n − 1) / 3 + 1, that is ⌈2n/3⌉. */
  static int quorum(int n) {
    return (2 * n - 1) / 3 + 1;
  }

  /**
   * The model's {@code proposer(round, blockchain)}: set(h)[(i + 1 + round) mod |set(h)|], with i
   * the index of block h − 1's proposer in set(h − 1); i + 1 = 0 for height 1.
   */
  static Hash proposer(ChannelLedger ledger, long height, int round) {
    int first = 0;
    if (height > 1) {
      Hash previous = ledger.block(height - 1).block().header().proposer();
      List<Validator> before = ledger.setOf(height - 1).validators();
      for (int i = 0; i < before.size(); i++) {
        if (before.get(i).fingerprint().equals(previous)) {
          first = i + 1;
        }
      }
    }
    List<Validator> validators = ledger.setOf(height).validators();
    return validators.get((int) ((first + (long) round) % validators.size())).fingerprint();
  }
}
