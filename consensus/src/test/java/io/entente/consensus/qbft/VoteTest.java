package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.CommitPayload;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.TestKeys;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * qbft.md Rules 3 and 4 and what makes a PREPARE or COMMIT count (Dafny {@code
 * validSignedPrepareForHeightRoundAndDigest}, {@code validateCommit}): for this height, round and
 * digest, by a validator of the set, and for a COMMIT a seal by its own author over that block. The
 * last node of each cluster is judged alone with hand-made messages of height 1.
 */
class VoteTest {
  private static final Signer OUTSIDER = TestKeys.signer(SuiteId.STANDARD, 77);

  private Cluster cluster = new Cluster(4);
  private Forge forge = new Forge(cluster);
  private Cluster.Node judge = cluster.node(3);
  private Block block;

  /** Isolates the last node and has it accept node 0's round-0 proposal (its own PREPARE out). */
  private void isolateWithProposal(Cluster newCluster) {
    cluster = newCluster;
    forge = new Forge(cluster);
    judge = cluster.node(cluster.nodes.size() - 1);
    for (Cluster.Node node : cluster.nodes) {
      node.down = node != judge;
    }
    block = forge.block(0, 0);
    deliver(forge.proposal(0, block));
    assertThat(judge.sentOf(Prepare.class)).hasSize(1);
  }

  private void deliver(Message message) {
    judge.deliver(new Event.MessageReceived(message, cluster.nowMs));
    cluster.run();
  }

  private void deliverPrepares(int... signers) {
    for (Prepare prepare : forge.prepares(0, Forge.digest(block), signers)) {
      deliver(prepare);
    }
  }

  @Test
  void theQuorumIsTwoThirdsRoundedUpNotTwoFPlusOne() {
    // n = 5: f = 1, 2f + 1 = 3, quorum ⌈10/3⌉ = 4.
    isolateWithProposal(new Cluster(5));
    deliverPrepares(0, 1);
    assertThat(judge.sentOf(Commit.class)).as("three PREPAREs, 2f + 1, are not a quorum").isEmpty();
    assertThat(judge.qbft.prepared()).isEmpty();
    deliverPrepares(2);
    assertThat(judge.sentOf(Commit.class)).hasSize(1);
    assertThat(judge.qbft.prepared()).isPresent();

    for (int signer : new int[] {0, 1}) {
      deliver(forge.commit(signer, 0, block));
    }
    assertThat(judge.actionsOf(Action.CommitBlock.class)).as("three COMMITs").isEmpty();
    deliver(forge.commit(2, 0, block));
    assertThat(judge.actionsOf(Action.CommitBlock.class))
        .singleElement()
        .satisfies(commit -> assertThat(commit.block().certificate().seals()).hasSize(4));
  }

  @Test
  void theKeptBrokenQuorumOfFPlusOneCommitsOnTwoOfFive() {
    isolateWithProposal(new Cluster(5, BrokenRules.quorumFPlusOne(), false));
    deliverPrepares(0);
    assertThat(judge.sentOf(Commit.class)).hasSize(1);
  }

  @Test
  void aCommitIsSentOncePerRound() {
    isolateWithProposal(new Cluster(4));
    deliverPrepares(0, 1);
    deliverPrepares(2);
    deliverPrepares(0, 1, 2);
    assertThat(judge.sentOf(Commit.class)).hasSize(1);
    assertThat(judge.actionsOf(Action.Persist.class))
        .filteredOn(persist -> persist.record() instanceof Commit)
        .hasSize(1);
  }

  @Test
  void preparesForAnotherBlockDoNotCount() {
    isolateWithProposal(new Cluster(4));
    Block other = forge.block(0, 0, cluster.nowMs + 1, List.of());
    deliver(forge.prepare(1, 0, Forge.digest(other)));
    deliver(forge.prepare(2, 0, Forge.digest(other)));
    deliverPrepares(0);
    assertThat(judge.sentOf(Commit.class)).isEmpty();
  }

  @Test
  void preparesOfAnotherRoundOrHeightOrFromOutsideTheSetDoNotCount() {
    isolateWithProposal(new Cluster(4));
    deliver(forge.prepare(1, 1, Forge.digest(block)));
    deliver(
        Prepare.sign(
            Cluster.SUITE,
            cluster.node(2).signer,
            new PreparePayload(Cluster.CHANNEL, 2, 0, Forge.digest(block))));
    deliver(
        Prepare.sign(
            Cluster.SUITE,
            OUTSIDER,
            new PreparePayload(Cluster.CHANNEL, 1, 0, Forge.digest(block))));
    deliverPrepares(0);
    assertThat(judge.sentOf(Commit.class)).isEmpty();

    deliverPrepares(2);
    assertThat(judge.sentOf(Commit.class)).as("own, node 0 and node 2").hasSize(1);
  }

  @Test
  void commitsCountOnlyWithASealOfTheirAuthorOverTheBlockForThisRound() {
    isolateWithProposal(new Cluster(4));
    deliverPrepares(0, 1);
    assertThat(judge.sentOf(Commit.class)).hasSize(1);

    Block other = forge.block(0, 0, cluster.nowMs + 1, List.of());
    Seal sealOfNodeOne = forge.commit(1, 0, block).payload().commitSeal();
    Seal sealOverOther = forge.commit(0, 0, other).payload().commitSeal();
    deliver(commit(cluster.node(0).signer, 0, sealOfNodeOne));
    deliver(commit(cluster.node(0).signer, 0, sealOverOther));
    deliver(
        commit(
            OUTSIDER,
            0,
            Seal.sign(Cluster.SUITE, OUTSIDER, SealPayload.of(Cluster.SUITE, block.header()))));
    deliver(forge.commit(2, 1, block.withRound(1)));
    assertThat(judge.actionsOf(Action.CommitBlock.class)).isEmpty();

    deliver(forge.commit(0, 0, block));
    assertThat(judge.actionsOf(Action.CommitBlock.class)).as("own and node 0").isEmpty();
    deliver(forge.commit(1, 0, block));
    List<Action.CommitBlock> commits = judge.actionsOf(Action.CommitBlock.class);
    assertThat(commits).hasSize(1);
    CertifiedBlock certified = commits.get(0).block();
    assertThat(certified.block()).isEqualTo(block);
    assertThat(certified.certificate().seals())
        .extracting(Seal::validator)
        .containsExactlyInAnyOrder(cluster.node(0).id, cluster.node(1).id, judge.id);
  }

  @Test
  void afterACommitTheNextHeightStartsAtRoundZeroWithNothingAcceptedOrPrepared() {
    isolateWithProposal(new Cluster(4));
    deliverPrepares(0, 1);
    deliver(forge.commit(0, 0, block));
    deliver(forge.commit(1, 0, block));
    assertThat(judge.chain).hasSize(1);
    assertThat(judge.qbft.height()).isEqualTo(2);
    assertThat(judge.qbft.round()).isZero();
    assertThat(judge.qbft.acceptedDigest()).isEmpty();
    assertThat(judge.qbft.prepared()).isEmpty();
  }

  private Commit commit(Signer signer, int round, Seal seal) {
    return Commit.sign(
        Cluster.SUITE,
        signer,
        new CommitPayload(Cluster.CHANNEL, 1, round, Forge.digest(block), seal));
  }
}
