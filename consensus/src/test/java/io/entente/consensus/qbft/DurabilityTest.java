package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.MessageType;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparedState;
import io.entente.consensus.message.RoundChange;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sign, persist, then send; after a restart never sign a conflict; without a log, don't vote. */
class DurabilityTest {

  /**
   * Every multicast message was persisted before it: earlier in the same step, or in an earlier
   * step for a re-sent ROUND-CHANGE; a COMMIT's prepared state is persisted earlier in the same
   * step.
   */
  static boolean persistedBeforeSent(List<List<Action>> steps) {
    ArrayList<Object> durable = new ArrayList<>();
    for (List<Action> step : steps) {
      boolean preparedInStep = false;
      for (Action action : step) {
        if (action instanceof Action.Persist persist) {
          durable.add(persist.record());
          preparedInStep |= persist.record() instanceof PreparedState;
        } else if (action instanceof Action.Multicast multicast) {
          Message message = multicast.message();
          if (!durable.contains(message) || (message instanceof Commit && !preparedInStep)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void everyMessageIsPersistedBeforeItIsSentInTheSameStep() {
    Cluster cluster = new Cluster(4);
    cluster.node(0).autoBuild = false; // round changes too
    for (int i = 0; i < 3; i++) {
      cluster.submit();
      cluster.advance(5_000);
    }
    assertThat(cluster.node(1).chain).isNotEmpty();
    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.sentOf(io.entente.consensus.message.RoundChange.class)).isNotEmpty();
      assertThat(persistedBeforeSent(node.steps)).as("node " + node.index).isTrue();
    }
  }

  @Test
  void theKeptBrokenVariantSendsCommitBeforePersistingThePreparedState() {
    Cluster cluster = new Cluster(4, BrokenRules.commitBeforePersist(), false);
    cluster.submit();
    cluster.run();
    assertThat(persistedBeforeSent(cluster.node(2).steps)).isFalse();
  }

  @Test
  void afterARestartANodeNeverSignsAPrepareThatConflictsWithItsLog() {
    Cluster cluster = new Cluster(4);
    Forge forge = new Forge(cluster);
    Cluster.Node node = cluster.node(3);
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
    Block first = forge.block(0, 0, cluster.nowMs, List.of());
    Block second = forge.block(0, 0, cluster.nowMs + 1, List.of());
    node.deliver(new Event.MessageReceived(forge.proposal(0, first), cluster.nowMs));
    cluster.run();
    assertThat(node.sentOf(Prepare.class)).hasSize(1);

    node.crash();
    node.restart(true);
    node.deliver(new Event.MessageReceived(forge.proposal(0, second), cluster.nowMs));
    cluster.run();
    assertThat(node.sentOf(Prepare.class))
        .as("the equivocating proposal gets no PREPARE")
        .hasSize(1);
    assertThat(node.qbft.evidence()).isEmpty();

    // The first proposal again: the proposer equivocated (evidence), and the node signs the same
    // PREPARE as before its crash, never the other.
    node.deliver(new Event.MessageReceived(forge.proposal(0, first), cluster.nowMs));
    cluster.run();
    assertThat(node.qbft.evidence()).hasSize(1);
    assertThat(node.sentOf(Prepare.class)).hasSize(2);
    assertThat(node.sentOf(Prepare.class).get(1)).isEqualTo(node.sentOf(Prepare.class).get(0));
  }

  @Test
  void aRestartedNodeResumesInTheRoundOfItsLogWithItsPreparedState() {
    Cluster cluster = new Cluster(4);
    cluster.hold = delivery -> delivery.message() instanceof Commit;
    cluster.submit();
    cluster.run();
    Cluster.Node node = cluster.node(2);
    PreparedState prepared = node.qbft.prepared().orElseThrow();
    cluster.held.clear();
    cluster.hold = delivery -> false;

    node.crash();
    node.restart(true);
    assertThat(node.qbft.prepared()).contains(prepared);
    cluster.advance(10_000);
    assertThat(node.chain).hasSize(1);
    assertThat(node.chain.get(0).block().withRound(0)).isEqualTo(prepared.block());
  }

  @Test
  void aNodeWithoutItsLogDoesNotVoteUntilABlockAboveItsHeightPlusOneIsFinal() {
    // Pitfall 5 (besu#8307): a node restarted with empty data must not vote blindly.
    Cluster cluster = new Cluster(4);
    Cluster.Node node = cluster.node(3);
    node.crash();
    node.restart(false);
    assertThat(node.qbft.isVoting()).isFalse();
    for (int i = 0; i < 2; i++) {
      cluster.submit();
      cluster.advance(1_000);
    }
    assertThat(node.chain).as("it follows the chain from announcements").hasSize(2);
    assertThat(node.sent()).as("but signs nothing at heights 1 and 2").isEmpty();
    assertThat(node.qbft.isVoting()).isTrue();

    cluster.submit();
    cluster.advance(1_000);
    assertThat(node.sentOf(Prepare.class)).hasSize(1);
  }

  @Test
  void aValidatorRestartedWithEmptyDataSyncsBeforeItVotes() {
    // Pitfall 5 (besu#8307): a validator that lost its whole disk (blocks, state and log) comes
    // back while the channel is at height 4.
    Cluster cluster = new Cluster(4);
    for (int i = 0; i < 3; i++) {
      cluster.submit();
      cluster.advance(300);
    }
    Cluster.Node node = cluster.node(3);
    node.crash();
    node.wipe();
    node.restart(false);
    assertThat(node.qbft.height()).isEqualTo(1);
    int restartedAt = node.actions.size();

    for (int i = 0; i < 4; i++) {
      cluster.submit();
      cluster.advance(5_000);
    }
    assertThat(cluster.heights()).containsOnly(8L);
    assertThat(blocks(node)).isEqualTo(blocks(cluster.node(0)));
    List<Action> after = node.actions.subList(restartedAt, node.actions.size());
    int sync = -1;
    int firstSend = -1;
    for (int i = 0; i < after.size(); i++) {
      if (sync < 0 && after.get(i) instanceof Action.RequestSync request) {
        sync = i;
        assertThat(request.fromHeight()).isEqualTo(1);
        assertThat(request.toHeight()).isGreaterThanOrEqualTo(3);
      }
      if (firstSend < 0 && after.get(i) instanceof Action.Multicast) {
        firstSend = i;
      }
    }
    assertThat(sync).as("it asked for the blocks it lost").isNotNegative();
    assertThat(firstSend).as("and signed something only after that").isGreaterThan(sync);
    for (Action action : after) {
      if (action instanceof Action.Multicast multicast) {
        assertThat(multicast.message().height())
            .as("nothing signed at a height that was final before it came back")
            .isGreaterThanOrEqualTo(4);
      }
    }
    assertThat(node.qbft.isVoting()).isTrue();
    assertThat(after)
        .as("it votes again")
        .anySatisfy(
            action ->
                assertThat(action)
                    .isInstanceOfSatisfying(
                        Action.Multicast.class,
                        multicast -> assertThat(multicast.message()).isInstanceOf(Prepare.class)));
  }

  @Test
  void aValidatorRestoredWithNothingNeverSignsAgainstWhatItSignedAtTheHeightItWasDeciding() {
    // DESIGN §2 Durability: a node without its log "does not vote until it has seen a final block
    // above its last known height + 1", so that it never signs against what it signed before. A
    // node that lost everything knows no height at all; what it syncs on return is what it may
    // have voted on.
    Cluster cluster = new Cluster(4);
    for (int i = 0; i < 2; i++) {
      cluster.submit();
      cluster.advance(300);
    }
    // Height 3: COMMITs and ROUND-CHANGEs are held, so all prepare the block and time out into
    // round 1, each signing a ROUND-CHANGE that names it.
    cluster.hold =
        delivery ->
            delivery.message() instanceof Commit || delivery.message() instanceof RoundChange;
    cluster.submit();
    cluster.advance(1_300);
    Cluster.Node node = cluster.node(3);
    assertThat(node.qbft.height()).isEqualTo(3);
    assertThat(node.qbft.round()).isEqualTo(1);
    List<Message> before = new ArrayList<>();
    for (Message message : node.sent()) {
      if (message.height() == 3) {
        before.add(message);
      }
    }
    assertThat(before).extracting(Message::type).contains(MessageType.ROUND_CHANGE);

    // It loses its disk and comes back; the held messages reach it now.
    node.crash();
    node.wipe();
    node.restart(false);
    int restartedAt = node.sent().size();
    cluster.release();
    cluster.advance(30_000);

    assertThat(blocks(node)).as("it caught up").isEqualTo(blocks(cluster.node(0)));
    List<Message> after = node.sent().subList(restartedAt, node.sent().size());
    assertThat(after)
        .as("it synced blocks 1 and 2, so it may have voted at 3: it sits out heights 3 and 4")
        .allSatisfy(message -> assertThat(message.height()).isGreaterThanOrEqualTo(5));
    for (Message earlier : before) {
      for (Message later : after) {
        if (later.height() == earlier.height()
            && later.round() == earlier.round()
            && later.type() == earlier.type()) {
          assertThat(MessageLog.conflicting(earlier.signed().payload(), later.signed().payload()))
              .as(
                  "signed again for %s of round %d: %s, before: %s",
                  later.type(), later.round(), later.signed().payload(), earlier.signed().payload())
              .isFalse();
        }
      }
    }

    // Once blocks 3 and 4 are final without it, it votes again.
    for (int i = 0; i < 3; i++) {
      cluster.submit();
      cluster.advance(5_000);
    }
    assertThat(node.qbft.isVoting()).isTrue();
    List<Message> since = node.sent().subList(restartedAt, node.sent().size());
    assertThat(since).extracting(Message::type).contains(MessageType.PREPARE);
    assertThat(since).allSatisfy(m -> assertThat(m.height()).isGreaterThanOrEqualTo(5));
  }

  /** The blocks of a node's chain (certificates may hold different quorums of seals). */
  private static List<Block> blocks(Cluster.Node node) {
    return node.chain.stream().map(CertifiedBlock::block).toList();
  }
}
