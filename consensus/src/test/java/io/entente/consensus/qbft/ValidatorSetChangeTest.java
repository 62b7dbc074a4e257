package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Message;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Seal;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validator-set changes at the machine (qbft.md pitfall 5): growth from one validator (Besu #8425
 * halted at 1 → 2), and a node brought in while behind, which must sync before it votes.
 */
class ValidatorSetChangeTest {
  private final Cluster cluster = new Cluster(1, 1);
  private final Cluster.Node first = cluster.node(0);
  private final Cluster.Node joiner = cluster.node(1);

  private ValidatorSet firstAndJoiner() {
    Validator only = cluster.genesis.validators().validators().get(0);
    return ValidatorSet.of(List.of(only, cluster.spareValidators.get(0)));
  }

  private static List<io.entente.core.bytes.Hash> sealers(CertifiedBlock block) {
    return block.certificate().seals().stream().map(Seal::validator).sorted().toList();
  }

  @Test
  void oneValidatorGrowsToTwoAndTheChainKeepsFinalizingWithBoth() {
    assertThat(joiner.qbft.isVoting()).as("a spare does not vote").isFalse();
    cluster.submitChange(firstAndJoiner());
    cluster.advance(300);

    assertThat(first.chain).hasSize(1);
    assertThat(joiner.chain).as("the spare follows the chain").hasSize(1);
    assertThat(joiner.sent()).as("the spare signed nothing for height 1").isEmpty();
    assertThat(joiner.qbft.isVoting()).as("it votes from height 2").isTrue();

    for (int i = 0; i < 4; i++) {
      cluster.submit();
      cluster.advance(3_000);
    }
    assertThat(first.chain).hasSize(5);
    assertThat(joiner.chain).hasSize(5);
    for (CertifiedBlock block : first.chain.subList(1, 5)) {
      assertThat(sealers(block)).as("both seal every block after the change").hasSize(2);
    }
    assertThat(first.chain.get(1).block().header().proposer())
        .as("the proposers alternate from height 2")
        .isNotEqualTo(first.chain.get(2).block().header().proposer());
  }

  @Test
  void aValidatorBroughtInWhileBehindSyncsTheBlockThatBroughtItInBeforeItVotes() {
    joiner.crash();
    cluster.submitChange(firstAndJoiner());
    cluster.advance(300);
    assertThat(first.chain).hasSize(1);
    assertThat(first.qbft.height()).isEqualTo(2);

    // Back, without the announcement of block 1: set(1) does not hold it, so it cannot vote yet.
    joiner.down = false;
    assertThat(joiner.qbft.height()).isEqualTo(1);
    assertThat(joiner.qbft.isVoting()).isFalse();

    cluster.submit();
    cluster.advance(10_000);

    assertThat(joiner.actionsOf(Action.RequestSync.class))
        .as("the first validator's messages for height 2 start its sync")
        .isNotEmpty();
    assertThat(joiner.sent()).isNotEmpty();
    for (Message message : joiner.sent()) {
      assertThat(message.height()).as("it never signed for height 1").isGreaterThanOrEqualTo(2);
    }
    int synced = joiner.actions.indexOf(joiner.actionsOf(Action.CommitBlock.class).get(0));
    int firstSend = joiner.actions.indexOf(joiner.actionsOf(Action.Multicast.class).get(0));
    assertThat(synced).as("block 1 committed before its first message").isLessThan(firstSend);
    assertThat(first.chain).hasSize(2);
    assertThat(sealers(first.chain.get(1))).hasSize(2);
  }
}
