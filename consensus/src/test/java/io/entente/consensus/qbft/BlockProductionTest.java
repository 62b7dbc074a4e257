package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.core.chain.Block;
import io.entente.core.check.Check;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When blocks are made: never while idle, after the minimum interval, for passed deadlines. */
class BlockProductionTest {
  private final Cluster cluster = new Cluster(4);

  @Test
  void anIdleChainMakesNoBlocksNoTimersAndNoMessages() {
    // Pitfalls 1 and 10 (besu#2095, #6965).
    cluster.advance(3_600_000);
    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.chain).isEmpty();
      assertThat(node.sent()).isEmpty();
      assertThat(node.actionsOf(Action.BuildBlock.class)).isEmpty();
      assertThat(node.actionsOf(Action.ScheduleTimer.class)).isEmpty();
    }
  }

  @Test
  void anIdleChainAfterSomeBlocksStaysQuiet() {
    cluster.submit();
    cluster.advance(1_000);
    assertThat(cluster.node(0).chain).hasSize(1);
    int sent = cluster.node(1).sent().size();

    cluster.advance(3_600_000);
    assertThat(cluster.node(1).chain).hasSize(1);
    assertThat(cluster.node(1).sent()).hasSize(sent);
    assertThat(cluster.node(1).sentOf(RoundChange.class)).isEmpty();
  }

  @Test
  void aTransactionWaitsForTheMinimumIntervalSinceTheParent() {
    cluster.submit();
    cluster.run();
    long parentMs = cluster.node(0).chain.get(0).block().header().timestampMs();

    cluster.submit();
    cluster.run();
    assertThat(cluster.node(1).actionsOf(Action.BuildBlock.class))
        .as("the height-2 proposer waits")
        .isEmpty();
    cluster.advance(199);
    assertThat(cluster.node(1).actionsOf(Action.BuildBlock.class)).isEmpty();
    cluster.advance(2);
    assertThat(cluster.node(1).actionsOf(Action.BuildBlock.class)).hasSize(1);
    cluster.run();
    Block second = cluster.node(0).chain.get(1).block();
    assertThat(second.header().timestampMs() - parentMs).isGreaterThanOrEqualTo(200);
  }

  @Test
  void aPassedDeadlineMakesTimeAdvancingEmptyBlocksAtMostOnePerTick() {
    long deadline = cluster.nowMs + 5_000;
    cluster.deadlines = height -> OptionalLong.of(deadline);
    cluster.submit();
    cluster.run();
    assertThat(cluster.node(0).chain).hasSize(1);

    cluster.advance(4_900);
    assertThat(cluster.node(0).chain).as("before the deadline").hasSize(1);
    cluster.advance(200);
    assertThat(cluster.node(0).chain).hasSize(2);
    Block tick = cluster.node(0).chain.get(1).block();
    assertThat(tick.transactions()).isEmpty();
    assertThat(tick.header().timestampMs()).isGreaterThanOrEqualTo(deadline);

    // The deadline stays passed (the application reports it again): one block per tick interval.
    cluster.advance(10_000);
    int blocks = cluster.node(0).chain.size();
    assertThat(blocks).isBetween(10, 12);
    for (int i = 2; i < blocks; i++) {
      long gap =
          cluster.node(0).chain.get(i).block().header().timestampMs()
              - cluster.node(0).chain.get(i - 1).block().header().timestampMs();
      assertThat(gap).isGreaterThanOrEqualTo(1_000);
    }

    // Once the application has no deadline, the chain is quiet again.
    cluster.deadlines = height -> OptionalLong.empty();
    cluster.advance(2_000);
    int settled = cluster.node(0).chain.size();
    cluster.advance(60_000);
    assertThat(cluster.node(0).chain).hasSize(settled);
  }

  @Test
  void aSilentOrCensoringProposerIsReplacedByTheCensorshipTimer() {
    cluster.node(0).autoBuild = false;
    cluster.submit();
    cluster.advance(199);
    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.timers).doesNotContainKey(Timer.Kind.ROUND);
    }
    cluster.advance(2);
    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.timers).as("the transaction is old: timer on").containsKey(Timer.Kind.ROUND);
    }
    cluster.advance(3_000);
    Block block = cluster.node(2).chain.get(0).block();
    assertThat(block.header().round()).isEqualTo(1);
    assertThat(block.header().proposer()).isEqualTo(cluster.node(1).id);
    assertThat(block.transactions()).hasSize(1);
  }

  @Test
  void theProposerValidatesItsOwnProposalLikeAnyOther() {
    Cluster.Node proposer = cluster.node(0);
    proposer.verdicts = block -> Check.rejected("test", "the proposer's application says no");
    cluster.submit();
    cluster.run();
    Proposal own = proposer.sentOf(Proposal.class).get(0);
    assertThat(proposer.validated)
        .extracting(b -> b.hash(Cluster.SUITE))
        .contains(own.signed().payload().digest());
    assertThat(proposer.sentOf(Prepare.class)).as("no PREPARE for its own invalid block").isEmpty();
    assertThat(cluster.node(1).sentOf(Prepare.class)).hasSize(1);
  }

  @Test
  void aBlockTooFarInTheFutureWaitsAndAStaleTimestampIsRefused() {
    Forge forge = new Forge(cluster);
    Cluster.Node judge = cluster.node(3);
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
    Block future = forge.block(0, 0, cluster.nowMs + 5_001, java.util.List.of());
    judge.deliver(new Event.MessageReceived(forge.proposal(0, future), cluster.nowMs));
    cluster.run();
    assertThat(judge.sentOf(Prepare.class)).isEmpty();
    cluster.advance(1);
    judge.deliver(new Event.TransactionsWaiting(0, cluster.nowMs, cluster.nowMs));
    cluster.run();
    assertThat(judge.sentOf(Prepare.class)).hasSize(1);

    Cluster other = new Cluster(4);
    Forge otherForge = new Forge(other);
    Cluster.Node second = other.node(3);
    for (int i = 0; i < 3; i++) {
      other.node(i).down = true;
    }
    Block stale = otherForge.block(0, 0, Cluster.GENESIS_MS, java.util.List.of());
    second.deliver(new Event.MessageReceived(otherForge.proposal(0, stale), other.nowMs));
    other.run();
    assertThat(second.sentOf(Prepare.class)).isEmpty();
  }

  @Test
  void theProposerWaitsForTheParentsExecutionAndSoDoValidators() {
    // Execution is deferred by one block: header h carries the receipt root and state digest after
    // h − 1. Node 1 proposes height 2; nodes 1, 2 and 3 execute block 1 slowly.
    Cluster.Node proposer = cluster.node(1);
    Cluster.Node slow = cluster.node(2);
    proposer.executionSlow = true;
    slow.executionSlow = true;
    cluster.node(3).executionSlow = true;
    cluster.submit();
    cluster.advance(300);
    assertThat(cluster.heights()).containsOnly(2L);

    cluster.submit();
    cluster.advance(300);
    assertThat(proposer.actionsOf(Action.BuildBlock.class))
        .as("without the parent's execution there is no header to make")
        .isEmpty();

    proposer.finishExecution();
    assertThat(proposer.actionsOf(Action.BuildBlock.class)).hasSize(1);
    Proposal proposal = proposer.sentOf(Proposal.class).get(0);
    assertThat(proposal.block().header().prevStateDigest())
        .isEqualTo(proposer.executed.stateDigest());
    assertThat(slow.sentOf(Prepare.class))
        .as("a validator without its own execution of block 1 does not prepare block 2")
        .hasSize(1);
    assertThat(cluster.node(0).chain).hasSize(1);

    slow.finishExecution();
    assertThat(slow.sentOf(Prepare.class)).hasSize(2);
    assertThat(cluster.node(0).chain).hasSize(2);
  }
}
