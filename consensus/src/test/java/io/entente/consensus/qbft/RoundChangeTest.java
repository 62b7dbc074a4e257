package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.message.Commit;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparedState;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round changes: timeouts, the f + 1 skip, re-sending, bounded timers, huge rounds, recovery. */
class RoundChangeTest {
  private final Cluster cluster = new Cluster(4);
  private final Forge forge = new Forge(cluster);

  private void deliver(Cluster.Node node, Message message) {
    node.deliver(new Event.MessageReceived(message, cluster.nowMs));
    cluster.run();
  }

  private void isolateAllBut(int index) {
    for (Cluster.Node node : cluster.nodes) {
      node.down = node.index != index;
    }
  }

  @Test
  void roundChangesFromFPlusOneValidatorsMoveToTheSmallestOfTheFPlusOneHighestRounds() {
    isolateAllBut(3);
    Cluster.Node node = cluster.node(3);
    deliver(node, forge.roundChangeMessage(0, 5));
    assertThat(node.qbft.round()).as("one validator is not enough").isZero();
    deliver(node, forge.roundChangeMessage(1, 7));
    assertThat(node.qbft.round()).isEqualTo(5);
    assertThat(node.sentOf(RoundChange.class)).extracting(RoundChange::round).containsExactly(5);

    deliver(node, forge.roundChangeMessage(2, 9));
    assertThat(node.qbft.round()).as("9 and 7 are the f + 1 highest").isEqualTo(7);
    assertThat(node.sentOf(RoundChange.class)).extracting(RoundChange::round).containsExactly(5, 7);
  }

  @Test
  void withoutTheRoundSkipTheKeptBrokenVariantStaysBehind() {
    Cluster broken = new Cluster(4, BrokenRules.noRoundSkip(), false);
    Forge brokenForge = new Forge(broken);
    for (Cluster.Node node : broken.nodes) {
      node.down = node.index != 3;
    }
    Cluster.Node node = broken.node(3);
    for (int signer = 0; signer < 3; signer++) {
      node.deliver(new Event.MessageReceived(brokenForge.roundChangeMessage(signer, 5), 0));
    }
    broken.run();
    assertThat(node.qbft.round()).isZero();
  }

  /** Every PROPOSAL is held back, so every round fails with all four validators in it. */
  private void failEveryRound() {
    cluster.hold = delivery -> delivery.message() instanceof Proposal;
  }

  @Test
  void theCurrentRoundChangeIsSentAgainUntilTheRoundChangeSucceeds() {
    failEveryRound();
    Cluster.Node node = cluster.node(3);
    cluster.submit();
    // The transaction is old enough after 200 ms; the round-0 timer (1 s) then fires.
    cluster.advance(1_300);
    assertThat(node.qbft.round()).isEqualTo(1);
    List<RoundChange> sent = node.sentOf(RoundChange.class);
    assertThat(sent).hasSize(1);

    // The round-1 timer is 2 s, shorter than the configured re-send interval (2.5 s): the round
    // re-sends at least twice before it ends all the same.
    cluster.advance(1_800);
    assertThat(node.sentOf(RoundChange.class)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(node.qbft.round()).isEqualTo(1);
    cluster.advance(200);
    assertThat(node.qbft.round()).isEqualTo(2);

    // Round 2's timer is 4 s: its ROUND-CHANGE goes out again twice within it.
    cluster.advance(2_700);
    List<RoundChange> all = node.sentOf(RoundChange.class);
    List<RoundChange> roundOne = all.stream().filter(r -> r.round() == 1).toList();
    List<RoundChange> roundTwo = all.stream().filter(r -> r.round() == 2).toList();
    assertThat(all).extracting(RoundChange::round).isSorted().containsOnly(1, 2);
    assertThat(roundOne).hasSizeGreaterThanOrEqualTo(3).containsOnly(roundOne.get(0));
    assertThat(roundTwo).hasSize(3).containsOnly(roundTwo.get(0));
    assertThat(node.actionsOf(Action.Persist.class))
        .as("a re-send is the persisted message, not a new signature")
        .hasSize(2);
  }

  @Test
  void aValidatorAloneInItsRoundWaitsThereReSendingItsRoundChange() {
    // Round alignment: a round above 0 is timed only once a quorum has reached it, so a validator
    // cut off from the others does not climb rounds on its own (the drift that stalled long-run
    // seeds 1124, 2944, 4510, 4647, 6202 and 6764).
    isolateAllBut(3);
    Cluster.Node node = cluster.node(3);
    cluster.submit();
    cluster.advance(60_000);
    assertThat(node.qbft.round()).isEqualTo(1);
    assertThat(node.timers).doesNotContainKey(Timer.Kind.ROUND).containsKey(Timer.Kind.RESEND);
    List<RoundChange> sent = node.sentOf(RoundChange.class);
    assertThat(sent).hasSizeGreaterThan(10).containsOnly(sent.get(0));

    // Two more validators show they reached round 1 or later: now the round is timed.
    deliver(node, forge.roundChangeMessage(0, 1));
    assertThat(node.timers).doesNotContainKey(Timer.Kind.ROUND);
    deliver(node, forge.roundChangeMessage(1, 3));
    assertThat(node.timers).containsKey(Timer.Kind.ROUND);
    cluster.advance(Cluster.CONFIG.roundTimeoutMs(1));
    assertThat(node.qbft.round()).isEqualTo(2);
  }

  @Test
  void roundTimersGrowByDoublingUpToTheCapAndNeverOverflow() {
    failEveryRound();
    Cluster.Node node = cluster.node(3);
    cluster.submit();
    cluster.advance(120_000);
    List<Long> durations = new ArrayList<>();
    long previousAt = -1;
    for (Action.ScheduleTimer schedule : node.actionsOf(Action.ScheduleTimer.class)) {
      Timer timer = schedule.timer();
      if (timer.kind() == Timer.Kind.ROUND) {
        if (previousAt >= 0) {
          durations.add(timer.atMs() - previousAt);
        }
        previousAt = timer.atMs();
      }
    }
    // Base 1 s, doubling at most 4 times, capped at 8 s.
    assertThat(durations.subList(0, 6))
        .containsExactly(2_000L, 4_000L, 8_000L, 8_000L, 8_000L, 8_000L);
    assertThat(Cluster.CONFIG.roundTimeoutMs(Integer.MAX_VALUE)).isEqualTo(8_000);
    assertThat(Cluster.CONFIG.roundTimeoutMs(0)).isEqualTo(1_000);
  }

  @Test
  void hugeRoundNumbersAreKeptNotRejectedAndMemoryStaysBoundedPerSender() {
    isolateAllBut(3);
    Cluster.Node node = cluster.node(3);
    for (int round = 1; round <= 2_000; round++) {
      deliver(node, forge.roundChangeMessage(0, round));
      deliver(node, forge.prepare(0, round, Cluster.hash("x" + round)));
    }
    deliver(node, forge.roundChangeMessage(0, Integer.MAX_VALUE));
    assertThat(node.qbft.messagesKept()).isLessThanOrEqualTo(4 * 4);
    assertThat(node.qbft.round()).as("one sender moves nobody").isZero();

    deliver(node, forge.roundChangeMessage(1, Integer.MAX_VALUE - 1));
    assertThat(node.qbft.round()).isEqualTo(Integer.MAX_VALUE - 1);

    // Timeouts at the top round neither overflow nor stop re-arming the timer.
    cluster.advance(Cluster.CONFIG.roundTimeoutMs(Integer.MAX_VALUE - 1));
    assertThat(node.qbft.round()).isEqualTo(Integer.MAX_VALUE);
    deliver(node, forge.roundChangeMessage(1, Integer.MAX_VALUE));
    cluster.advance(60_000);
    assertThat(node.qbft.round()).isEqualTo(Integer.MAX_VALUE);
    assertThat(node.qbft.isHalted()).isFalse();
    assertThat(node.timers).containsKey(Timer.Kind.ROUND);
  }

  @Test
  void messagesAreKeptForAtMostHeightsAheadMaxHeights() {
    Cluster.Node node = cluster.node(3);
    for (Cluster.Node other : cluster.nodes) {
      other.down = other != node;
    }
    for (long height = 2; height < 2 + 3 * ConsensusLimits.HEIGHTS_AHEAD_MAX; height++) {
      deliver(node, prepareAt(0, height));
    }
    assertThat(node.qbft.futureHeightsKept()).isEqualTo(ConsensusLimits.HEIGHTS_AHEAD_MAX);
  }

  private Prepare prepareAt(int signer, long height) {
    return Prepare.sign(
        Cluster.SUITE,
        cluster.node(signer).signer,
        new io.entente.consensus.message.PreparePayload(
            Cluster.CHANNEL, height, 0, Cluster.hash("block " + height)));
  }

  @Test
  void aPreparedBlockIsReProposedAfterARoundChangeAndCommitted() {
    // Pitfall 2 (besu#6613, #7875): every COMMIT of round 0, re-sent ones too, is lost; node 3 is
    // down throughout.
    cluster.node(3).crash();
    cluster.hold = delivery -> delivery.message() instanceof Commit commit && commit.round() == 0;
    cluster.submit();
    cluster.advance(500);
    Block prepared = cluster.node(0).qbft.prepared().orElseThrow().block();
    assertThat(cluster.node(1).qbft.prepared()).isPresent();

    cluster.advance(5_000);
    for (int i = 0; i < 3; i++) {
      Cluster.Node node = cluster.node(i);
      assertThat(node.chain).as("node " + i).hasSize(1);
      Block committed = node.chain.get(0).block();
      assertThat(committed.header().round()).isEqualTo(1);
      assertThat(committed.withRound(0)).isEqualTo(prepared);
    }
    Proposal reProposal = cluster.node(1).sentOf(Proposal.class).get(0);
    assertThat(reProposal.round()).isEqualTo(1);
    assertThat(reProposal.prepares()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void twoOfFourValidatorsDownForThreeMinutesThenBlocksResumeQuickly() {
    // Pitfall 3: rounds that cannot hold a quorum are not timed, so the two left running wait in
    // round 1 instead of climbing into long timers (besu#7642); re-sent ROUND-CHANGEs bring the
    // restarted ones into that round.
    cluster.node(2).crash();
    cluster.node(3).crash();
    cluster.submit();
    cluster.advance(180_000);
    assertThat(cluster.node(0).chain).isEmpty();
    assertThat(cluster.node(0).qbft.round()).isEqualTo(1);
    assertThat(cluster.node(1).qbft.round()).isEqualTo(1);

    long restartedAt = cluster.nowMs;
    cluster.node(2).restart(true);
    cluster.node(3).restart(true);
    long committedAt = -1;
    for (int i = 0; i < 200 && committedAt < 0; i++) {
      cluster.advance(100);
      if (!cluster.node(0).chain.isEmpty() && !cluster.node(3).chain.isEmpty()) {
        committedAt = cluster.nowMs;
      }
    }
    assertThat(committedAt).as("committed within 20 s of virtual time").isPositive();
    assertThat(committedAt - restartedAt).isLessThanOrEqualTo(20_000);
    assertThat(cluster.node(2).sentOf(RoundChange.class))
        .as("a restarted node joined the others' round")
        .anySatisfy(roundChange -> assertThat(roundChange.round()).isEqualTo(1));
  }

  @Test
  void aCertifiedBlockForMyHeightEndsMyRound() {
    cluster.node(3).crash();
    cluster.submit();
    cluster.run();
    CertifiedBlock block = cluster.node(0).chain.get(0);

    Cluster.Node late = cluster.node(3);
    late.down = false;
    late.deliver(new Event.CertifiedBlockReceived(block, cluster.nowMs));
    cluster.run();
    assertThat(late.chain).containsExactly(block);
    assertThat(late.qbft.height()).isEqualTo(2);
  }

  @Test
  void aCertifiedBlockAboveMyHeightOrFPlusOneValidatorsAheadStartSync() {
    cluster.node(3).crash();
    cluster.submit();
    cluster.advance(300);
    cluster.submit();
    cluster.advance(300);
    assertThat(cluster.node(0).chain).hasSize(2);

    Cluster.Node late = cluster.node(3);
    late.down = false;
    late.deliver(new Event.CertifiedBlockReceived(cluster.node(0).chain.get(1), cluster.nowMs));
    cluster.run();
    assertThat(late.actionsOf(Action.RequestSync.class))
        .containsExactly(new Action.RequestSync(1, 2));

    late.deliver(new Event.SyncResult(cluster.node(0).chain, cluster.nowMs));
    cluster.run();
    assertThat(late.qbft.height()).isEqualTo(3);

    // Messages of a higher height from f + 1 = 2 validators also start sync.
    Cluster other = new Cluster(4);
    Forge otherForge = new Forge(other);
    Cluster.Node behind = other.node(3);
    for (Cluster.Node node : other.nodes) {
      node.down = node != behind;
    }
    behind.deliver(new Event.MessageReceived(prepareAtHeight(other, 0, 5), other.nowMs));
    other.run();
    assertThat(behind.actionsOf(Action.RequestSync.class)).isEmpty();
    behind.deliver(new Event.MessageReceived(prepareAtHeight(other, 1, 4), other.nowMs));
    other.run();
    assertThat(behind.actionsOf(Action.RequestSync.class))
        .containsExactly(new Action.RequestSync(1, 3));
    assertThat(otherForge).isNotNull();
  }

  private static Prepare prepareAtHeight(Cluster cluster, int signer, long height) {
    return Prepare.sign(
        Cluster.SUITE,
        cluster.node(signer).signer,
        new io.entente.consensus.message.PreparePayload(
            Cluster.CHANNEL, height, 0, Cluster.hash("block " + height)));
  }

  @Test
  void aTimedOutValidatorSendsARoundChangeWithItsPreparedBlockAndTheQuorumOfPrepares() {
    // Rule 6: every COMMIT is lost, so each validator prepared the block; then nothing arrives.
    cluster.hold = delivery -> delivery.message() instanceof Commit;
    cluster.submit();
    cluster.advance(300);
    Cluster.Node node = cluster.node(2);
    PreparedState prepared = node.qbft.prepared().orElseThrow();
    Hash digest = prepared.block().hash(Cluster.SUITE);
    cluster.hold = delivery -> true;
    cluster.advance(1_000);

    assertThat(node.qbft.round()).isEqualTo(1);
    RoundChange roundChange = node.sentOf(RoundChange.class).get(0);
    assertThat(roundChange.round()).isEqualTo(1);
    assertThat(roundChange.signed().payload().prepared())
        .contains(new RoundChangePayload.Prepared(0, digest));
    assertThat(roundChange.preparedBlock()).contains(prepared.block());
    assertThat(roundChange.prepares())
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(
            prepare -> {
              assertThat(prepare.payload().round()).isZero();
              assertThat(prepare.payload().digest()).isEqualTo(digest);
            });
  }

  @Test
  void aValidatorThatPreparedNothingSendsAnEmptyRoundChange() {
    isolateAllBut(3);
    Cluster.Node node = cluster.node(3);
    cluster.submit();
    cluster.advance(1_300);
    RoundChange roundChange = node.sentOf(RoundChange.class).get(0);
    assertThat(roundChange.round()).isEqualTo(1);
    assertThat(roundChange.signed().payload().prepared()).isEmpty();
    assertThat(roundChange.preparedBlock()).isEmpty();
    assertThat(roundChange.prepares()).isEmpty();
  }
}
