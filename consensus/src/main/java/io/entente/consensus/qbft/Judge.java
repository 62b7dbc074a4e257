package io.entente.consensus.qbft;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.Validator;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import java.util.List;

/**
 * The checks of received messages that depend only on the height being decided, not on this
 * validator's round: signatures, who may send what, and the justification of a proposal exactly as
 * the QBFT Dafny model states it ({@code isProposalJustification}, {@code validRoundChange}, {@code
 * isHighestPrepared}). Time, execution and the application's verdict are judged later.
 */
final class Judge {
  static final String NOT_THE_PROPOSER = "not-the-proposer";
  static final String DIGEST_MISMATCH = "digest-mismatch";
  static final String HEADER_MISMATCH = "header-mismatch";
  static final String ROUND_CHANGE_QUORUM_MISSING = "round-change-quorum-missing";
  static final String ROUND_CHANGE_INVALID = "round-change-invalid";
  static final String PREPARED_ROUND_NOT_BELOW = "prepared-round-not-below-round";
  static final String PREPARE_QUORUM_MISSING = "prepare-quorum-missing";
  static final String PREPARE_INVALID = "prepare-invalid";
  static final String NOT_HIGHEST_PREPARED = "not-the-highest-prepared-block";
  static final String SEAL_INVALID = "commit-seal-invalid";

  private final CryptoSuite suite;
  private final Genesis genesis;
  private final Rules rules;

  Judge(CryptoSuite suite, Genesis genesis, Rules rules) {
    this.suite = suite;
    this.genesis = genesis;
    this.rules = rules;
  }

  /** Everything about a proposal of this height that does not depend on my round or clock. */
  Check proposal(Proposal proposal, Chain chain) {
    int round = proposal.round();
    Hash leader = chain.proposer(round);
    Block block = proposal.block();
    return Check.require(
            proposal.author().equals(leader),
            NOT_THE_PROPOSER,
            () -> "round " + round + " is proposed by " + leader.shortHex())
        .and(() -> proposal.signed().verify(suite, chain.validatorsByFingerprint()))
        .and(
            () ->
                Check.require(
                    block.hash(suite).equals(proposal.signed().payload().digest()),
                    DIGEST_MISMATCH,
                    () -> "the block does not hash to the proposal's digest"))
        .and(() -> block.checkTxRoot(suite))
        .and(() -> header(block.header(), round, chain))
        .and(() -> round == 0 ? freshBlock(block, 0, chain) : justification(proposal, chain));
  }

  /** A block proposed without a prepared value: the round's proposer made it. */
  private Check freshBlock(Block block, int round, Chain chain) {
    return Check.require(
        block.header().proposer().equals(chain.proposer(round)),
        HEADER_MISMATCH,
        () -> "a fresh block of round " + round + " names another proposer");
  }

  private Check header(BlockHeader header, int round, Chain chain) {
    String wrong =
        !header.channel().equals(genesis.channel())
            ? "channel"
            : header.height() != chain.height()
                ? "height"
                : header.round() != round
                    ? "round"
                    : !header.parentHash().equals(chain.parentHash())
                        ? "parent hash"
                        : !header.validatorSetHash().equals(chain.validatorSetHash())
                            ? "validator set hash"
                            : header.rulesVersion() != genesis.rulesVersion()
                                ? "rules version"
                                : null;
    return wrong == null
        ? Check.accepted()
        : Check.rejected(HEADER_MISMATCH, "the block header has the wrong " + wrong);
  }

  /** Round above 0: a quorum of valid ROUND-CHANGEs, and the highest prepared block if any. */
  private Check justification(Proposal proposal, Chain chain) {
    int round = proposal.round();
    List<SignedRoundChange> roundChanges = proposal.roundChanges();
    int quorum = rules.quorum(chain.validators());
    if (roundChanges.size() < quorum) {
      return Check.rejected(
          ROUND_CHANGE_QUORUM_MISSING,
          roundChanges.size() + " round changes from distinct validators, quorum " + quorum);
    }
    for (SignedRoundChange roundChange : roundChanges) {
      Check valid = roundChangePayload(roundChange, chain.height(), round, chain);
      if (!valid.isAccepted()) {
        return valid;
      }
    }
    List<SignedRoundChange> highest = rules.selectHighestPrepared(roundChanges);
    if (highest.isEmpty()) {
      return freshBlock(proposal.block(), round, chain);
    }
    return highestPrepared(proposal, highest, chain);
  }

  private Check highestPrepared(Proposal proposal, List<SignedRoundChange> highest, Chain chain) {
    int quorum = rules.quorum(chain.validators());
    if (proposal.prepares().size() < quorum) {
      return Check.rejected(
          PREPARE_QUORUM_MISSING,
          proposal.prepares().size() + " prepares justify the re-proposal, quorum " + quorum);
    }
    for (SignedRoundChange candidate : highest) {
      RoundChangePayload.Prepared prepared = candidate.payload().prepared().orElseThrow();
      Hash withOldRound = proposal.block().withRound(prepared.round()).hash(suite);
      if (withOldRound.equals(prepared.digest())
          && prepares(proposal.prepares(), prepared.round(), prepared.digest(), chain)
              .isAccepted()) {
        return Check.accepted();
      }
    }
    return Check.rejected(
        NOT_HIGHEST_PREPARED,
        "the block with its round put back is not the highest prepared block with its prepares");
  }

  /** {@code validRoundChange}: this height and round, well formed, by a validator. */
  Check roundChangePayload(SignedRoundChange roundChange, long height, int round, Chain chain) {
    RoundChangePayload payload = roundChange.payload();
    if (payload.height() != height || payload.round() != round) {
      return Check.rejected(
          ROUND_CHANGE_INVALID,
          "a round change for " + payload.height() + "/" + payload.round() + " justifies " + round);
    }
    if (payload.prepared().isPresent()
        && !rules.preparedRoundAcceptable(payload.prepared().get().round(), round)) {
      return Check.rejected(
          PREPARED_ROUND_NOT_BELOW,
          "prepared round " + payload.prepared().get().round() + " in a round change for " + round);
    }
    return roundChange.verify(suite, chain.validatorsByFingerprint());
  }

  /** Every PREPARE is for (height, round, digest) and valid; distinct by construction. */
  Check prepares(List<Prepare> prepares, int round, Hash digest, Chain chain) {
    for (Prepare prepare : prepares) {
      PreparePayload payload = prepare.payload();
      if (payload.height() != chain.height()
          || payload.round() != round
          || !payload.digest().equals(digest)) {
        return Check.rejected(
            PREPARE_INVALID, "a prepare for another height, round or block in a justification");
      }
      Check valid = prepare.verify(suite, chain.validatorsByFingerprint());
      if (!valid.isAccepted()) {
        return valid;
      }
    }
    return Check.accepted();
  }

  /** A ROUND-CHANGE message: its payload, and its prepared block with a quorum of PREPAREs. */
  Check roundChange(RoundChange roundChange, Chain chain) {
    SignedRoundChange signed = roundChange.signed();
    Check payload = roundChangePayload(signed, chain.height(), signed.payload().round(), chain);
    if (!payload.isAccepted() || signed.payload().prepared().isEmpty()) {
      return payload;
    }
    RoundChangePayload.Prepared prepared = signed.payload().prepared().get();
    Block block = roundChange.preparedBlock().orElseThrow();
    int quorum = rules.quorum(chain.validators());
    return Check.require(
            block.header().round() == prepared.round()
                && block.header().height() == chain.height()
                && block.hash(suite).equals(prepared.digest()),
            DIGEST_MISMATCH,
            () -> "the prepared block is not the one the round change names")
        .and(() -> block.checkTxRoot(suite))
        .and(
            () ->
                Check.require(
                    roundChange.prepares().size() >= quorum,
                    PREPARE_QUORUM_MISSING,
                    () -> roundChange.prepares().size() + " prepares, quorum " + quorum))
        .and(() -> prepares(roundChange.prepares(), prepared.round(), prepared.digest(), chain));
  }

  /** A COMMIT: signed by a validator, with a valid seal of that validator over the block. */
  Check commit(Commit commit, Chain chain) {
    Check signed = commit.verify(suite, chain.validatorsByFingerprint());
    if (!signed.isAccepted()) {
      return signed;
    }
    var payload = commit.payload();
    if (!payload.commitSeal().validator().equals(commit.author())) {
      return Check.rejected(SEAL_INVALID, "the seal is by another validator than the commit");
    }
    Validator validator = chain.validator(commit.author()).orElseThrow();
    SealPayload sealed = new SealPayload(payload.channel(), payload.height(), payload.digest());
    return suite
        .verify(validator.key(), SealPayload.CODEC.encode(sealed), payload.commitSeal().signature())
        .within("commit seal");
  }
}
