package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Prepare;
import org.junit.jupiter.api.Test;

/** Two conflicting signed messages of one validator for one (height, round, type). */
class EvidenceTest {

  @Test
  void conflictingPreparesAreKeptAsEvidenceAndReportedOnce() {
    Cluster cluster = new Cluster(4);
    Forge forge = new Forge(cluster);
    Cluster.Node node = cluster.node(3);
    Prepare one = forge.prepare(1, 0, Cluster.hash("block a"));
    Prepare other = forge.prepare(1, 0, Cluster.hash("block b"));
    for (Prepare prepare : new Prepare[] {one, other, other, one}) {
      node.deliver(new Event.MessageReceived(prepare, cluster.nowMs));
    }
    cluster.run();

    assertThat(node.actionsOf(Action.ReportEvidence.class)).hasSize(1);
    Equivocation evidence = node.qbft.evidence().get(0);
    assertThat(evidence.validator()).isEqualTo(cluster.node(1).id);
    assertThat(java.util.List.of(evidence.first(), evidence.second()))
        .containsExactlyInAnyOrder(one, other);
    assertThat(evidence.first().verify(Cluster.SUITE, cluster.genesis.validators()).isAccepted())
        .isTrue();
  }

  @Test
  void messagesOfDifferentRoundsOrTypesAreNotEquivocation() {
    Cluster cluster = new Cluster(4);
    Forge forge = new Forge(cluster);
    Cluster.Node node = cluster.node(3);
    node.deliver(new Event.MessageReceived(forge.prepare(1, 0, Cluster.hash("a")), cluster.nowMs));
    node.deliver(new Event.MessageReceived(forge.prepare(1, 1, Cluster.hash("b")), cluster.nowMs));
    node.deliver(new Event.MessageReceived(forge.roundChangeMessage(1, 1), cluster.nowMs));
    cluster.run();
    assertThat(node.qbft.evidence()).isEmpty();
  }

  @Test
  void evidenceIsBoundedPerHeight() {
    Cluster cluster = new Cluster(4);
    Forge forge = new Forge(cluster);
    Cluster.Node node = cluster.node(3);
    for (int round = 0; round < 3 * ConsensusLimits.EVIDENCE_KEPT_MAX; round++) {
      node.deliver(
          new Event.MessageReceived(forge.prepare(1, round, Cluster.hash("a" + round)), 0));
      node.deliver(
          new Event.MessageReceived(forge.prepare(1, round, Cluster.hash("b" + round)), 0));
    }
    cluster.run();
    assertThat(node.qbft.evidence()).hasSize(ConsensusLimits.EVIDENCE_KEPT_MAX);
  }
}
