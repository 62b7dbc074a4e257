package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.consensus.message.Message;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.chain.Block;
import io.entente.core.chain.TestKeys;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One test per justification clause of a proposal (qbft.md pitfall 7), exactly as the Dafny model
 * states them. Node 3 is judged alone (the others are down) and fed hand-made messages of height 1,
 * where round r is proposed by node r mod 4.
 */
class JustificationTest {
  private Cluster cluster = new Cluster(4);
  private Forge forge = new Forge(cluster);
  private Cluster.Node judge = cluster.node(3);

  private void isolate() {
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
  }

  private void deliver(Message message) {
    judge.deliver(new io.entente.consensus.qbft.Event.MessageReceived(message, cluster.nowMs));
    cluster.run();
  }

  /** Two validators (f + 1) ask for {@code round}: the judge skips there. */
  private void moveJudgeTo(int round) {
    deliver(forge.roundChangeMessage(0, round));
    deliver(forge.roundChangeMessage(1, round));
    assertThat(judge.qbft.round()).isEqualTo(round);
  }

  private List<Prepare> prepared() {
    return judge.sentOf(Prepare.class);
  }

  private void assertPreparedOnly(Proposal proposal) {
    assertThat(prepared()).hasSize(1);
    assertThat(prepared().get(0).payload().digest())
        .isEqualTo(proposal.signed().payload().digest());
    assertThat(prepared().get(0).payload().round()).isEqualTo(proposal.round());
  }

  @Test
  void roundZeroNeedsTheRoundZeroProposerAndAFreshBlockThatNamesIt() {
    isolate();
    deliver(forge.proposal(1, forge.block(1, 0)));
    deliver(forge.proposal(0, forge.block(1, 0)));
    assertThat(prepared()).isEmpty();

    Proposal valid = forge.proposal(0, forge.block(0, 0));
    deliver(valid);
    assertPreparedOnly(valid);
  }

  @Test
  void aRoundAboveZeroNeedsAQuorumOfRoundChangesFromDistinctValidators() {
    isolate();
    moveJudgeTo(1);
    Block block = forge.block(1, 1);
    List<SignedRoundChange> two =
        List.of(
            forge.roundChange(0, 1, Optional.empty()), forge.roundChange(2, 1, Optional.empty()));
    deliver(forge.proposal(1, 1, block, two, List.of()));
    assertThat(prepared()).isEmpty();

    List<SignedRoundChange> three =
        List.of(
            forge.roundChange(0, 1, Optional.empty()),
            forge.roundChange(2, 1, Optional.empty()),
            forge.roundChange(3, 1, Optional.empty()));
    Proposal valid = forge.proposal(1, 1, block, three, List.of());
    deliver(valid);
    assertPreparedOnly(valid);
  }

  @Test
  void roundChangesForAnotherRoundDoNotJustify() {
    isolate();
    moveJudgeTo(2);
    List<SignedRoundChange> mixed =
        List.of(
            forge.roundChange(0, 2, Optional.empty()),
            forge.roundChange(1, 1, Optional.empty()),
            forge.roundChange(3, 2, Optional.empty()));
    deliver(forge.proposal(2, 2, forge.block(2, 2), mixed, List.of()));
    assertThat(prepared()).isEmpty();
  }

  @Test
  void withNothingPreparedAnyFreshValidBlockOfTheRoundsProposerIsJustified() {
    isolate();
    moveJudgeTo(1);
    List<SignedRoundChange> three =
        List.of(
            forge.roundChange(0, 1, Optional.empty()),
            forge.roundChange(2, 1, Optional.empty()),
            forge.roundChange(3, 1, Optional.empty()));
    // A fresh block must name the round's proposer and carry the round in its header.
    deliver(forge.proposal(1, 1, forge.block(0, 1), three, List.of()));
    deliver(forge.proposal(1, 1, forge.block(1, 0), three, List.of()));
    assertThat(prepared()).isEmpty();

    Proposal valid =
        forge.proposal(1, 1, forge.block(1, 1, cluster.nowMs, List.of()), three, List.of());
    deliver(valid);
    assertPreparedOnly(valid);
  }

  @Test
  void withSomethingPreparedOnlyTheHighestPreparedBlockIsJustified() {
    isolate();
    moveJudgeTo(2);
    Block a = forge.block(0, 0, cluster.nowMs - 2, List.of());
    Block b = forge.block(1, 1, cluster.nowMs - 1, List.of());
    List<SignedRoundChange> roundChanges =
        List.of(
            forge.roundChange(0, 2, Forge.prepared(0, a)),
            forge.roundChange(1, 2, Forge.prepared(1, b)),
            forge.roundChange(3, 2, Optional.empty()));
    List<Prepare> preparesOfA = forge.prepares(0, Forge.digest(a), 0, 1, 2);
    List<Prepare> preparesOfB = forge.prepares(1, Forge.digest(b), 0, 1, 2);

    deliver(forge.proposal(2, 2, a.withRound(2), roundChanges, preparesOfA));
    deliver(forge.proposal(2, 2, forge.block(2, 2), roundChanges, List.of()));
    assertThat(prepared()).as("lower prepared block, or a fresh one").isEmpty();

    Proposal valid = forge.proposal(2, 2, b.withRound(2), roundChanges, preparesOfB);
    deliver(valid);
    assertPreparedOnly(valid);
  }

  @Test
  void aPreparedRoundEqualToTheRoundIsNotJustifiedStrictlyLowerIs() {
    Block prepared = forge.block(1, 1);
    List<SignedRoundChange> roundChanges =
        List.of(
            forge.roundChange(0, 1, Forge.prepared(1, prepared)),
            forge.roundChange(2, 1, Optional.empty()),
            forge.roundChange(3, 1, Optional.empty()));
    Proposal proposal =
        forge.proposal(
            1, 1, prepared, roundChanges, forge.prepares(1, Forge.digest(prepared), 0, 1, 2));

    isolate();
    moveJudgeTo(1);
    deliver(proposal);
    assertThat(prepared()).isEmpty();

    // The kept broken variant (sigp/anchor#600) accepts it.
    cluster = new Cluster(4, BrokenRules.preparedRoundNotStrict(), false);
    forge = new Forge(cluster);
    judge = cluster.node(3);
    isolate();
    moveJudgeTo(1);
    deliver(proposal);
    assertPreparedOnly(proposal);
  }

  /**
   * A ROUND-CHANGE for round 1 claiming a block prepared in round 1, with a genuine quorum of
   * PREPAREs of round 1, is not kept: with one valid round change for round 1 besides it, the judge
   * has no f + 1 to skip on. The kept broken variant keeps it and skips.
   */
  @Test
  void aRoundChangeWhosePreparedRoundIsItsRoundIsNotKept() {
    isolate();
    deliver(forge.roundChangeMessage(0, 1));
    deliver(preparedInItsOwnRound());
    assertThat(judge.qbft.round()).isZero();

    cluster = new Cluster(4, BrokenRules.preparedRoundNotStrict(), false);
    forge = new Forge(cluster);
    judge = cluster.node(3);
    isolate();
    deliver(forge.roundChangeMessage(0, 1));
    deliver(preparedInItsOwnRound());
    assertThat(judge.qbft.round()).isEqualTo(1);
  }

  private RoundChange preparedInItsOwnRound() {
    Block prepared = forge.block(1, 1);
    return forge.roundChangeMessage(
        2, 1, prepared, forge.prepares(1, Forge.digest(prepared), 0, 1, 2));
  }

  @Test
  void thePreparesMustBeAQuorumForThePreparedDigestWithTheRoundPutBack() {
    isolate();
    moveJudgeTo(2);
    Block b = forge.block(1, 1);
    Block reproposed = b.withRound(2);
    List<SignedRoundChange> roundChanges =
        List.of(
            forge.roundChange(0, 2, Forge.prepared(1, b)),
            forge.roundChange(1, 2, Optional.empty()),
            forge.roundChange(3, 2, Optional.empty()));

    // Prepares for the digest with the new round (not put back), too few, or of another round.
    deliver(
        forge.proposal(
            2, 2, reproposed, roundChanges, forge.prepares(1, Forge.digest(reproposed), 0, 1, 2)));
    deliver(
        forge.proposal(2, 2, reproposed, roundChanges, forge.prepares(1, Forge.digest(b), 0, 1)));
    deliver(
        forge.proposal(
            2, 2, reproposed, roundChanges, forge.prepares(0, Forge.digest(b), 0, 1, 2)));
    assertThat(prepared()).isEmpty();

    Proposal valid =
        forge.proposal(2, 2, reproposed, roundChanges, forge.prepares(1, Forge.digest(b), 0, 1, 2));
    deliver(valid);
    assertPreparedOnly(valid);
    assertThat(valid.signed().payload().digest()).isNotEqualTo(Forge.digest(b));
  }

  @Test
  void aProposalForAHigherRoundWaitsUntilTheRoundIsReached() {
    isolate();
    List<SignedRoundChange> three =
        List.of(
            forge.roundChange(0, 1, Optional.empty()),
            forge.roundChange(2, 1, Optional.empty()),
            forge.roundChange(3, 1, Optional.empty()));
    Proposal early = forge.proposal(1, 1, forge.block(1, 1), three, List.of());
    deliver(early);
    assertThat(prepared()).as("buffered while in round 0").isEmpty();

    moveJudgeTo(1);
    assertPreparedOnly(early);
  }

  @Test
  void aJustificationCannotNameOneValidatorTwice() {
    // Distinct senders hold by construction: each list is sorted by author with one message each,
    // in the record and in the codec, so a quorum cannot be made of one validator's messages.
    Block block = forge.block(1, 1);
    List<SignedRoundChange> twice =
        List.of(
            forge.roundChange(0, 1, Optional.empty()),
            forge.roundChange(0, 1, Forge.prepared(0, forge.block(0, 0))),
            forge.roundChange(2, 1, Optional.empty()));
    assertThatThrownBy(() -> forge.proposal(1, 1, block, twice, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one message each");
    Block a = forge.block(0, 0);
    List<Prepare> preparesTwice =
        List.of(forge.prepare(0, 0, Forge.digest(a)), forge.prepare(0, 0, Forge.digest(a)));
    assertThatThrownBy(() -> forge.proposal(1, 1, block, List.of(), preparesTwice))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPreparedRoundAndValueArePresentTogetherOrNotAtAll() {
    // Dafny validRoundChange's well-formedness holds by construction: the prepared round and digest
    // are one optional field of the payload, and a ROUND-CHANGE carries its prepared block (with
    // its PREPAREs) exactly when the payload names one.
    Block a = forge.block(0, 0);
    SignedRoundChange prepared = forge.roundChange(0, 1, Forge.prepared(0, a));
    SignedRoundChange unprepared = forge.roundChange(0, 1, Optional.empty());
    assertThatThrownBy(() -> new RoundChange(prepared, Optional.empty(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoundChange(unprepared, Optional.of(a), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RoundChange(
                    unprepared, Optional.empty(), forge.prepares(0, Forge.digest(a), 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRoundChangeForAnotherHeightDoesNotJustify() {
    isolate();
    moveJudgeTo(1);
    SignedRoundChange otherHeight =
        SignedRoundChange.sign(
            Cluster.SUITE,
            cluster.node(2).signer,
            new RoundChangePayload(Cluster.CHANNEL, 2, 1, Optional.empty()));
    List<SignedRoundChange> roundChanges =
        List.of(
            forge.roundChange(0, 1, Optional.empty()),
            otherHeight,
            forge.roundChange(3, 1, Optional.empty()));
    deliver(forge.proposal(1, 1, forge.block(1, 1), roundChanges, List.of()));
    assertThat(prepared()).isEmpty();
  }

  @Test
  void roundChangesAndPreparesSignedOutsideTheSetDoNotJustify() {
    isolate();
    moveJudgeTo(2);
    Signer outsider = TestKeys.signer(SuiteId.STANDARD, 77);
    SignedRoundChange outsiderRoundChange =
        SignedRoundChange.sign(
            Cluster.SUITE,
            outsider,
            new RoundChangePayload(Cluster.CHANNEL, 1, 2, Optional.empty()));
    deliver(
        forge.proposal(
            2,
            2,
            forge.block(2, 2),
            List.of(
                forge.roundChange(0, 2, Optional.empty()),
                forge.roundChange(1, 2, Optional.empty()),
                outsiderRoundChange),
            List.of()));
    assertThat(prepared()).as("a round change from outside the set").isEmpty();

    Block b = forge.block(1, 1);
    List<SignedRoundChange> roundChanges =
        List.of(
            forge.roundChange(0, 2, Forge.prepared(1, b)),
            forge.roundChange(1, 2, Optional.empty()),
            forge.roundChange(3, 2, Optional.empty()));
    List<Prepare> withOutsider = new ArrayList<>(forge.prepares(1, Forge.digest(b), 0, 1));
    withOutsider.add(
        Prepare.sign(
            Cluster.SUITE, outsider, new PreparePayload(Cluster.CHANNEL, 1, 1, Forge.digest(b))));
    Block reproposed = b.withRound(2);
    deliver(forge.proposal(2, 2, reproposed, roundChanges, withOutsider));
    assertThat(prepared()).as("a prepare from outside the set").isEmpty();

    Proposal valid =
        forge.proposal(2, 2, reproposed, roundChanges, forge.prepares(1, Forge.digest(b), 0, 1, 3));
    deliver(valid);
    assertPreparedOnly(valid);
  }

  @Test
  void theKeptBrokenLowestPreparedVariantAcceptsTheLowerPreparedBlock() {
    // sigp/anchor#599: validating against any prepared ROUND-CHANGE rather than the highest.
    cluster = new Cluster(4, BrokenRules.lowestPrepared(), false);
    forge = new Forge(cluster);
    judge = cluster.node(3);
    isolate();
    moveJudgeTo(2);
    Block a = forge.block(0, 0, cluster.nowMs - 2, List.of());
    Block b = forge.block(1, 1, cluster.nowMs - 1, List.of());
    List<SignedRoundChange> roundChanges =
        List.of(
            forge.roundChange(0, 2, Forge.prepared(0, a)),
            forge.roundChange(1, 2, Forge.prepared(1, b)),
            forge.roundChange(3, 2, Optional.empty()));
    Proposal lower =
        forge.proposal(
            2, 2, a.withRound(2), roundChanges, forge.prepares(0, Forge.digest(a), 0, 1, 2));
    deliver(lower);
    assertPreparedOnly(lower);
  }
}
