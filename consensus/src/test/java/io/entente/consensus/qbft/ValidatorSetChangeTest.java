package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Message;
import io.entente.consensus.message.Prepare;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Seal;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * qbft.md "our additions": a validator-set change decided in block h applies from height h + 1; and
 * pitfall 5's second half (besu#8425: a channel grown from 1 to 2 validators halted). Node 0 is the
 * only validator of genesis; node 1 is a member node that follows the chain until block 1 makes it
 * a validator. With two validators the quorum is two, so height 2 needs both.
 */
class ValidatorSetChangeTest {
  private final Cluster cluster = new Cluster(List.of("bank-a", "bank-b"), 1, Rules.CORRECT, false);
  private final Cluster.Node first = cluster.node(0);
  private final Cluster.Node joiner = cluster.node(1);

  @Test
  void aChannelGrowsFromOneValidatorToTwoFromTheHeightAfterTheChange() {
    assertThat(joiner.qbft.isVoting()).isFalse();
    cluster.submitValidatorSetChange(cluster.set(0, 1));
    cluster.advance(300);

    // Block 1 is decided by the one validator of height 1 alone and includes the change.
    CertifiedBlock one = first.chain.get(0);
    assertThat(one.block().transactions())
        .singleElement()
        .satisfies(tx -> assertThat(ValidatorSetChange.isChange(tx.body())).isTrue());
    assertThat(one.certificate().seals()).hasSize(1);
    assertThat(one.block().header().validatorSetHash())
        .isEqualTo(cluster.set(0).hash(Cluster.SUITE));
    assertThat(joiner.chain).as("the member followed the chain").containsExactly(one);
    assertThat(joiner.sent()).as("a member that is not a validator signs nothing").isEmpty();
    assertThat(joiner.qbft.isVoting()).as("a validator of height 2").isTrue();

    cluster.submit();
    cluster.advance(300);
    assertThat(cluster.heights()).containsOnly(3L);
    CertifiedBlock two = first.chain.get(1);
    assertThat(joiner.chain.get(1)).isEqualTo(two);
    assertThat(two.block().header().validatorSetHash())
        .isEqualTo(cluster.set(0, 1).hash(Cluster.SUITE));
    assertThat(two.block().header().proposer())
        .as("the validator after block 1's proposer in the new set")
        .isEqualTo(joiner.id);
    assertThat(two.certificate().seals()).as("a quorum of two is both").hasSize(2);
    assertThat(joiner.sentOf(Prepare.class)).hasSize(1);
  }

  @Test
  void aNewValidatorThatMissedTheChangeSyncsBeforeItVotesAndTheChannelGoesOn() {
    joiner.crash();
    cluster.submitValidatorSetChange(cluster.set(0, 1));
    cluster.advance(300);
    assertThat(first.chain).hasSize(1);
    assertThat(first.qbft.height()).isEqualTo(2);

    // The joiner comes back knowing nothing of block 1. Height 2 is its to propose in round 0, and
    // the first validator alone is no quorum: the first validator's round change reaches it.
    joiner.restart(true);
    cluster.submit();
    cluster.advance(10_000);

    assertThat(cluster.heights()).containsOnly(3L);
    assertThat(joiner.chain).isEqualTo(first.chain);
    assertThat(first.chain.get(1).certificate().seals()).hasSize(2);
    List<Action> actions = joiner.actions;
    int sync = indexOf(actions, Action.RequestSync.class);
    int firstMessage = indexOf(actions, Action.Multicast.class);
    assertThat(actions.get(sync))
        .as("it asked for block 1")
        .isEqualTo(new Action.RequestSync(1, 1));
    assertThat(firstMessage).isGreaterThan(sync);
    for (Message message : joiner.sent()) {
      assertThat(message.height()).as("nothing signed for height 1").isEqualTo(2);
    }
  }

  @Test
  void aChangeTheApplicationRefusesIsNeverPreparedAndTheSetStays() {
    // Whether a node may be promoted (its readiness message, one addition at a time while n ≤ 3) is
    // the governance application's verdict on the block; the machine prepares nothing it refuses.
    first.verdicts =
        block ->
            block.transactions().stream().anyMatch(tx -> ValidatorSetChange.isChange(tx.body()))
                ? Check.rejected("not-ready", "no readiness message from the node")
                : Check.accepted();
    cluster.submitValidatorSetChange(cluster.set(0, 1));
    cluster.advance(3_000);
    assertThat(first.chain).isEmpty();
    assertThat(first.sentOf(Prepare.class)).isEmpty();
    assertThat(joiner.qbft.isVoting()).isFalse();
  }

  @Test
  void whenTheProposerLeavesTheSetItsPositionInTheOldSetPicksTheNextProposer() {
    // qbft.md Parameters: proposer(h, r) = set(h)[(i + 1 + r) mod |set(h)|], i the index of block
    // h − 1's proposer in set(h − 1), also when that proposer left the set.
    Cluster four = new Cluster(4);
    four.submitValidatorSetChange(four.set(1, 2, 3));
    four.advance(300);
    CertifiedBlock one = four.node(1).chain.get(0);
    assertThat(one.block().header().proposer()).isEqualTo(four.node(0).id);

    four.submit();
    four.advance(300);
    CertifiedBlock two = four.node(1).chain.get(1);
    assertThat(two.block().header().proposer())
        .as("set(2) = [1, 2, 3]; node 0 was at 0 in set(1), so round 0 is set(2)[1]")
        .isEqualTo(four.node(2).id);
    assertThat(two.certificate().seals())
        .extracting(Seal::validator)
        .doesNotContain(four.node(0).id);
    assertThat(four.node(0).qbft.isVoting()).as("no longer a validator").isFalse();
    assertThat(four.node(0).chain).as("but still a member that follows the chain").hasSize(2);
    assertThat(four.node(0).sent()).allSatisfy(m -> assertThat(m.height()).isEqualTo(1));
  }

  private static int indexOf(List<Action> actions, Class<? extends Action> type) {
    for (int i = 0; i < actions.size(); i++) {
      if (type.isInstance(actions.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
