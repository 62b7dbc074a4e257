package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.Proposal;
import org.junit.jupiter.api.Test;

class HappyPathTest {

  @Test
  void fourValidatorsCommitATransactionInRoundZero() {
    Cluster cluster = new Cluster(4);
    cluster.submit();
    cluster.run();

    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.chain).as("node " + node.index).hasSize(1);
      assertThat(node.chain.get(0).block().transactions()).hasSize(1);
      assertThat(node.chain.get(0).certificate().seals().size()).isGreaterThanOrEqualTo(3);
      assertThat(node.qbft.height()).isEqualTo(2);
      assertThat(node.qbft.round()).isZero();
      assertThat(node.sentOf(Prepare.class)).hasSize(1);
      assertThat(node.sentOf(Commit.class)).hasSize(1);
    }
    assertThat(cluster.node(0).sentOf(Proposal.class)).hasSize(1);
    assertThat(cluster.node(1).sentOf(Proposal.class)).isEmpty();
  }

  @Test
  void blocksFollowOneAnotherAndTheProposerRotates() {
    Cluster cluster = new Cluster(4);
    for (int i = 0; i < 5; i++) {
      cluster.submit();
      cluster.advance(300);
    }
    Cluster.Node node = cluster.node(2);
    assertThat(node.chain).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(node.chain.get(i).block().header().proposer()).isEqualTo(cluster.node(i % 4).id);
    }
    assertThat(cluster.heights()).containsOnly(6L);
  }
}
