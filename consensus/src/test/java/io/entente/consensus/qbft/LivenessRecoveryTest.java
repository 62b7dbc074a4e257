package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.Proposal;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Liveness over links that lose messages, each test the stuck state a channel simulation seed
 * reached (docs/consensus-simulation.md): a lost sync answer, a prepared block final in different
 * rounds at different validators, and a round whose PREPARE was lost.
 */
class LivenessRecoveryTest {
  private final Cluster cluster = new Cluster(4);

  @Test
  void aLostSyncAnswerIsAskedForAgainUntilTheNodeHasCaughtUp() {
    // Seed 55 of "mixed": the only sync request of a node left behind was lost, and the node stayed
    // at its height for good while the others went on.
    Cluster.Node late = cluster.node(3);
    late.crash();
    cluster.submit();
    cluster.advance(300);
    cluster.submit();
    cluster.advance(300);
    assertThat(cluster.node(0).chain).hasSize(2);

    late.down = false;
    cluster.syncAnswersLost = true;
    late.deliver(new Event.CertifiedBlockReceived(cluster.node(0).chain.get(1), cluster.nowMs));
    cluster.advance(100);
    assertThat(late.actionsOf(Action.RequestSync.class))
        .containsExactly(new Action.RequestSync(1, 2));
    assertThat(late.qbft.height()).isEqualTo(1);

    cluster.syncAnswersLost = false;
    cluster.advance(Cluster.CONFIG.roundChangeResendMs());
    assertThat(late.actionsOf(Action.RequestSync.class))
        .as("asked again after the re-send interval")
        .containsExactly(new Action.RequestSync(1, 2), new Action.RequestSync(1, 2));
    assertThat(late.qbft.height()).isEqualTo(3);

    cluster.advance(10 * Cluster.CONFIG.roundChangeResendMs());
    assertThat(late.actionsOf(Action.RequestSync.class)).as("and no more once there").hasSize(2);
  }

  @Test
  void aBlockFinalInRoundZeroAtOneValidatorAndReProposedInRoundOneAtTheOthersIsOneChain() {
    // Seeds 26 and 54 of "mixed", once rounds re-sent their messages: node 3 alone got the round-0
    // COMMITs
    // (and its announcement was lost); the others re-proposed the prepared block in round 1, which
    // changes only the header's round. The next block must link to both.
    Cluster.Node first = cluster.node(3);
    first.announce = false;
    cluster.hold =
        delivery ->
            delivery.message() instanceof Commit commit
                && commit.round() == 0
                && delivery.to() != 3;
    cluster.submit();
    cluster.advance(300);
    assertThat(first.chain).hasSize(1);
    cluster.advance(3_000);
    cluster.held.clear();
    cluster.hold = delivery -> false;

    BlockHeader atFirst = first.chain.get(0).block().header();
    BlockHeader atOthers = cluster.node(0).chain.get(0).block().header();
    assertThat(atFirst.round()).isZero();
    assertThat(atOthers.round()).isEqualTo(1);
    assertThat(atOthers.hash(Cluster.SUITE)).isNotEqualTo(atFirst.hash(Cluster.SUITE));
    assertThat(atOthers.chainHash(Cluster.SUITE)).isEqualTo(atFirst.chainHash(Cluster.SUITE));

    cluster.submit();
    cluster.advance(2_000);
    assertThat(cluster.heights()).containsOnly(3L);
    CertifiedBlock second = first.chain.get(1);
    assertThat(second.block().header().parentHash()).isEqualTo(atFirst.chainHash(Cluster.SUITE));
    assertThat(cluster.node(0).chain.get(1)).isEqualTo(second);
  }

  @Test
  void aPrepareLostInRoundZeroIsSentAgainBeforeTheRoundTimerEnds() {
    // Seeds 137 and 226 of "mixed": round 0 (1 s) and round 1 (2 s) ended before the first re-send
    // (2.5 s), so a bare quorum decided a height only when every message arrived the first time.
    // Node 3 is down; nodes 0, 1 and 2 are a bare quorum, and node 1's first PREPARE to each other
    // node is lost.
    cluster.node(3).crash();
    TreeSet<Integer> lostTo = new TreeSet<>();
    cluster.hold =
        delivery ->
            delivery.message() instanceof Prepare
                && delivery.from() == 1
                && lostTo.add(delivery.to());
    cluster.submit();
    for (int i = 0; i < 30 && cluster.node(0).chain.isEmpty(); i++) {
      cluster.advance(100);
    }

    assertThat(lostTo).containsExactly(0, 2);
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.node(i).chain).as("final at node " + i).hasSize(1);
      assertThat(cluster.node(i).chain.get(0).block().header().round())
          .as("decided in round 0 at node " + i)
          .isZero();
    }
    assertThat(cluster.node(1).sentOf(Prepare.class))
        .as("the same signed PREPARE, sent again within round 0")
        .hasSize(2)
        .containsOnly(cluster.node(1).sentOf(Prepare.class).get(0));
    assertThat(cluster.node(0).sentOf(io.entente.consensus.message.RoundChange.class))
        .as("no round change")
        .isEmpty();
  }

  @Test
  void aPrepareLostInARoundIsSentAgainWithinTheRound() {
    // Seeds 12, 33, 52 and 58: with links losing up to 20% of messages, rounds needing every
    // PREPARE and COMMIT of a bare quorum failed one after another; longer round timers do not
    // help against loss. Node 3 is down, so nodes 0, 1 and 2 are a bare quorum.
    cluster.node(3).crash();
    // Rounds 0 and 1 fail: their PROPOSALs never arrive, re-sent ones neither.
    cluster.hold =
        delivery -> delivery.message() instanceof Proposal proposal && proposal.round() < 2;
    cluster.submit();
    cluster.advance(3_100);
    cluster.held.clear();
    long roundTwoFrom = cluster.nowMs + 100;

    // Round 2 is proposed by node 2; its first PREPARE to each of the others is lost.
    TreeSet<Integer> lostTo = new TreeSet<>();
    cluster.hold =
        delivery ->
            (delivery.message() instanceof Proposal proposal && proposal.round() < 2)
                || (delivery.message() instanceof Prepare prepare
                    && delivery.from() == 2
                    && prepare.round() == 2
                    && lostTo.add(delivery.to()));
    long committedAt = -1;
    for (int i = 0; i < 100 && committedAt < 0; i++) {
      cluster.advance(100);
      if (!cluster.node(0).chain.isEmpty()
          && !cluster.node(1).chain.isEmpty()
          && !cluster.node(2).chain.isEmpty()) {
        committedAt = cluster.nowMs;
      }
    }
    assertThat(lostTo).containsExactly(0, 1);
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.node(i).chain.get(0).block().header().round())
          .as("decided in round 2 at node " + i)
          .isEqualTo(2);
    }
    assertThat(committedAt - roundTwoFrom)
        .as("within round 2's timer")
        .isLessThan(Cluster.CONFIG.roundTimeoutMs(2));
    assertThat(cluster.node(2).sentOf(Prepare.class))
        .as("the same signed PREPARE, sent again")
        .hasSize(2)
        .containsOnly(cluster.node(2).sentOf(Prepare.class).get(0));
  }
}
