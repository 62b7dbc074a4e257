package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Prepare;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2 State digest: a node whose own execution gives another receipt root or state digest
 * than a certified header says halts the channel with a clear error, and from then on takes no
 * event: it signs nothing, schedules nothing and commits nothing. The header of block h carries the
 * execution after h − 1, so the disagreement shows when block h is final.
 */
class HaltTest {
  private final Cluster cluster = new Cluster(4);

  /** A state digest nobody else computes. */
  private static Execution corrupted(Execution execution) {
    return new Execution(
        execution.height(),
        execution.receiptRoot(),
        Cluster.hash("corrupted state after " + execution.height()));
  }

  @Test
  void aValidatorWhoseStateDisagreesWithACertifiedHeaderHaltsReportsItAndStopsVoting() {
    Cluster.Node odd = cluster.node(3);
    odd.executionFault = HaltTest::corrupted;
    cluster.submit();
    cluster.advance(300);
    assertThat(odd.chain).hasSize(1);
    assertThat(odd.qbft.isHalted()).as("nothing to compare with yet").isFalse();

    cluster.submit();
    cluster.advance(300);
    assertThat(cluster.node(0).chain).hasSize(2);
    assertThat(odd.sentOf(Prepare.class))
        .as("block 2 names another parent state than its own: no PREPARE for it")
        .extracting(prepare -> prepare.payload().height())
        .containsExactly(1L);

    List<Action.Halt> halts = odd.actionsOf(Action.Halt.class);
    assertThat(halts).hasSize(1);
    assertThat(halts.get(0).reason()).isEqualTo(Chain.EXECUTION_MISMATCH);
    assertThat(halts.get(0).detail()).contains("executing block 1");
    List<Action> haltingStep =
        odd.steps.stream()
            .filter(step -> step.stream().anyMatch(Action.Halt.class::isInstance))
            .findFirst()
            .orElseThrow();
    assertThat(haltingStep)
        .as("the halt is the last action of its step")
        .last()
        .isInstanceOf(Action.Halt.class);
    assertThat(odd.qbft.isHalted()).isTrue();
    assertThat(odd.qbft.isVoting()).as("a halted node signs nothing").isFalse();

    // The others go on without it (3 of 4 are a quorum); it takes no further event.
    int actions = odd.actions.size();
    for (int i = 0; i < 3; i++) {
      cluster.submit();
      cluster.advance(5_000);
    }
    assertThat(cluster.node(0).chain).hasSize(5);
    assertThat(odd.actions).as("no message, timer, commit or sync after the halt").hasSize(actions);
    assertThat(odd.qbft.height()).isEqualTo(3);
  }

  @Test
  void aNodeThatReExecutesSyncedBlocksDifferentlyHalts() {
    Cluster.Node late = cluster.node(3);
    late.crash();
    for (int i = 0; i < 2; i++) {
      cluster.submit();
      cluster.advance(300);
    }
    assertThat(cluster.node(0).chain).hasSize(2);

    late.executionFault = HaltTest::corrupted;
    late.restart(true);
    late.deliver(new Event.CertifiedBlockReceived(cluster.node(0).chain.get(1), cluster.nowMs));
    cluster.run();

    assertThat(late.actionsOf(Action.RequestSync.class))
        .containsExactly(new Action.RequestSync(1, 2));
    assertThat(late.actionsOf(Action.CommitBlock.class))
        .as("both synced blocks are final; executing the first one disagrees with the second")
        .hasSize(2);
    assertThat(late.actionsOf(Action.Halt.class))
        .singleElement()
        .satisfies(halt -> assertThat(halt.reason()).isEqualTo(Chain.EXECUTION_MISMATCH));
    assertThat(late.qbft.isHalted()).isTrue();
    assertThat(late.sent()).isEmpty();

    int actions = late.actions.size();
    cluster.submit();
    cluster.advance(10_000);
    assertThat(late.actions).hasSize(actions);
    assertThat(cluster.node(0).chain).hasSize(3);
  }

  @Test
  void withTheSameExecutionNothingHalts() {
    for (int i = 0; i < 3; i++) {
      cluster.submit();
      cluster.advance(300);
    }
    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.actionsOf(Action.Halt.class)).isEmpty();
      assertThat(node.qbft.isHalted()).isFalse();
    }
  }
}
