package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Message;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.ProposalPayload;
import io.entente.consensus.message.SignedProposal;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.TestKeys;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * qbft.md Rule 2 (Dafny {@code isValidProposal}): signed by proposer(r), for height h, its digest
 * matches its block, justified, and either (nothing accepted in my round and r = my round) or
 * (something accepted and r > my round). On a valid one: accept, move to r, restart the round timer
 * if r grew, multicast PREPARE. Node 3 is judged alone with hand-made messages of height 1.
 */
class ProposalAcceptanceTest {
  private final Cluster cluster = new Cluster(4);
  private final Forge forge = new Forge(cluster);
  private final Cluster.Node judge = cluster.node(3);

  ProposalAcceptanceTest() {
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
  }

  private void deliver(Message message) {
    judge.deliver(new Event.MessageReceived(message, cluster.nowMs));
    cluster.run();
  }

  private List<Prepare> prepares() {
    return judge.sentOf(Prepare.class);
  }

  private List<SignedRoundChange> unpreparedRoundChanges(int round, int... signers) {
    List<SignedRoundChange> roundChanges = new ArrayList<>();
    for (int signer : signers) {
      roundChanges.add(forge.roundChange(signer, round, Optional.empty()));
    }
    return roundChanges;
  }

  @Test
  void withAProposalAcceptedAValidProposalOfAHigherRoundMovesTheValidatorThere() {
    deliver(forge.proposal(0, forge.block(0, 0)));
    assertThat(judge.qbft.round()).isZero();
    assertThat(judge.qbft.acceptedDigest()).isPresent();

    cluster.advance(100);
    Block block = forge.block(1, 1);
    Proposal higher = forge.proposal(1, 1, block, unpreparedRoundChanges(1, 0, 1, 2), List.of());
    deliver(higher);

    assertThat(judge.qbft.round()).as("it did not time out; the proposal moved it").isEqualTo(1);
    assertThat(judge.qbft.acceptedDigest()).contains(Forge.digest(block));
    assertThat(prepares()).extracting(prepare -> prepare.payload().round()).containsExactly(0, 1);
    assertThat(judge.timers.get(Timer.Kind.ROUND))
        .as("the round timer restarted for round 1")
        .satisfies(
            timer -> {
              assertThat(timer.round()).isEqualTo(1);
              assertThat(timer.atMs()).isEqualTo(cluster.nowMs + Cluster.CONFIG.roundTimeoutMs(1));
            });
  }

  @Test
  void withAProposalAcceptedAnotherOfTheSameRoundIsNotAccepted() {
    deliver(forge.proposal(0, forge.block(0, 0, cluster.nowMs, List.of())));
    deliver(forge.proposal(0, forge.block(0, 0, cluster.nowMs + 1, List.of())));
    assertThat(prepares()).hasSize(1);
  }

  @Test
  void withNothingAcceptedOnlyAProposalOfMyOwnRoundIsAccepted() {
    deliver(forge.roundChangeMessage(0, 2));
    deliver(forge.roundChangeMessage(1, 2));
    assertThat(judge.qbft.round()).isEqualTo(2);

    deliver(forge.proposal(0, forge.block(0, 0)));
    deliver(forge.proposal(1, 1, forge.block(1, 1), unpreparedRoundChanges(1, 0, 1, 2), List.of()));
    assertThat(prepares()).as("proposals of rounds I left").isEmpty();

    Proposal mine =
        forge.proposal(2, 2, forge.block(2, 2), unpreparedRoundChanges(2, 0, 1, 3), List.of());
    deliver(mine);
    assertThat(prepares()).singleElement().satisfies(p -> assertThat(p.round()).isEqualTo(2));
  }

  @Test
  void aProposalWhoseBlockDoesNotHashToItsDigestIsRefused() {
    Block block = forge.block(0, 0);
    Block other = forge.block(0, 0, cluster.nowMs + 1, List.of());
    SignedProposal signed =
        SignedProposal.sign(
            Cluster.SUITE,
            cluster.node(0).signer,
            new ProposalPayload(Cluster.CHANNEL, 1, 0, Forge.digest(other)));
    deliver(new Proposal(signed, block, List.of(), List.of()));
    assertThat(prepares()).isEmpty();
    assertThat(judge.validated).as("not even handed to the application").isEmpty();
  }

  @Test
  void aRoundZeroProposalWhoseHeaderNamesAnotherHeightOrRoundIsRefused() {
    BlockHeader good = forge.block(0, 0).header();
    for (BlockHeader wrong :
        List.of(
            withHeightAndRound(good, 2, 0),
            withHeightAndRound(good, 1, 1),
            withParent(good, Cluster.hash("another parent")))) {
      Block block = new Block(wrong, List.of());
      SignedProposal signed =
          SignedProposal.sign(
              Cluster.SUITE,
              cluster.node(0).signer,
              new ProposalPayload(Cluster.CHANNEL, 1, 0, Forge.digest(block)));
      deliver(new Proposal(signed, block, List.of(), List.of()));
    }
    assertThat(prepares()).isEmpty();

    deliver(forge.proposal(0, new Block(good, List.of())));
    assertThat(prepares()).hasSize(1);
  }

  @Test
  void aProposalSignedByAKeyOutsideTheSetIsRefused() {
    Block block = forge.block(0, 0);
    deliver(
        Proposal.sign(
            Cluster.SUITE, TestKeys.signer(SuiteId.STANDARD, 77), 0, block, List.of(), List.of()));
    assertThat(prepares()).isEmpty();
  }

  private static BlockHeader withHeightAndRound(BlockHeader h, long height, int round) {
    return new BlockHeader(
        h.channel(),
        height,
        h.parentHash(),
        h.proposer(),
        round,
        h.timestampMs(),
        h.rulesVersion(),
        h.validatorSetHash(),
        h.txRoot(),
        h.prevReceiptRoot(),
        h.prevStateDigest());
  }

  private static BlockHeader withParent(BlockHeader h, Hash parent) {
    return new BlockHeader(
        h.channel(),
        h.height(),
        parent,
        h.proposer(),
        h.round(),
        h.timestampMs(),
        h.rulesVersion(),
        h.validatorSetHash(),
        h.txRoot(),
        h.prevReceiptRoot(),
        h.prevStateDigest());
  }
}
