package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.CounterApplication;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.Signer;
import io.entente.simulation.world.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Forwarding of waiting transactions stays bounded (seed 205 of "mixed": transactions forwarded
 * again every second, one message each, to every validator filled the links and 39% of all sends
 * were dropped, consensus messages among them): batches, back-off per transaction, no copy for a
 * validator known to hold it.
 */
class MempoolTest {
  private static final NodeId A = NodeId.of("ch0-v2");
  private static final NodeId B = NodeId.of("ch0-v3");
  private static final NodeId C = NodeId.of("ch0-v4");
  private static final List<NodeId> PEERS = List.of(A, B, C);

  private final SimulatedSuite suite = new SimulatedSuite();
  private final Signer client = suite.newSigner(new SplittableRandom(3));
  private final Mempool mempool = new Mempool();
  private int made;

  private Transaction transaction() {
    int number = made++;
    TxBody body =
        new TxBody(
            "ch0",
            CounterApplication.NAME,
            CounterApplication.ADD,
            CounterApplication.payload("k", 1 + number),
            suite.fingerprint(client.publicKey()),
            "client-" + number,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    return Transaction.sign(suite, client, body);
  }

  private Hash add(Transaction transaction, long nowMs, NodeId from) {
    Hash id = transaction.id(suite);
    assertThat(mempool.add(id, transaction, 200, nowMs, from)).isTrue();
    return id;
  }

  /**
   * The times at which the transaction was forwarded, stepping 100 ms from 0 to {@code untilMs}.
   */
  private List<Long> forwardTimes(Transaction transaction, long untilMs) {
    List<Long> times = new ArrayList<>();
    for (long now = 0; now <= untilMs; now += 100) {
      if (mempool.forwardsDue(now, PEERS).values().stream()
          .anyMatch(b -> b.contains(transaction))) {
        times.add(now);
      }
    }
    return times;
  }

  @Test
  void aClientTransactionIsForwardedAtOnceThenWithDoublingBackOff() {
    Transaction transaction = transaction();
    add(transaction, 0, null);

    assertThat(forwardTimes(transaction, 40_000))
        .containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L, 23_000L, 31_000L, 39_000L);
    assertThat(Mempool.backOffMs(Integer.MAX_VALUE))
        .isEqualTo(ChannelLimits.REFORWARD_INTERVAL_MS_MAX);
  }

  @Test
  void aForwardedTransactionIsForwardedOnlyIfItStillWaitsAndNeverBackToItsSender() {
    Transaction transaction = transaction();
    add(transaction, 0, A);
    assertThat(mempool.forwardsDue(0, PEERS)).isEmpty();
    assertThat(mempool.forwardsDue(900, PEERS)).isEmpty();

    TreeMap<NodeId, List<Transaction>> due = mempool.forwardsDue(1_000, PEERS);
    assertThat(due).containsOnlyKeys(B, C);
    assertThat(due.get(B)).containsExactly(transaction);
  }

  @Test
  void forwardsAgainOfTransactionsThatArrivedApartGoOutInOneBatch() {
    Transaction early = transaction();
    Transaction late = transaction();
    add(early, 100, null);
    assertThat(mempool.forwardsDue(100, PEERS).get(A)).containsExactly(early);
    add(late, 700, A);

    assertThat(mempool.forwardsDue(1_900, PEERS)).isEmpty();
    assertThat(mempool.forwardsDue(2_000, PEERS).get(B)).containsExactly(early, late);
  }

  @Test
  void aTransactionEveryValidatorHoldsIsSentToAllAgainOnlyAfterTheLongestBackOff() {
    Transaction transaction = transaction();
    Hash id = add(transaction, 0, null);
    assertThat(mempool.forwardsDue(0, PEERS)).containsOnlyKeys(A, B, C);
    mempool.heldBy(id, A);
    mempool.heldBy(id, B);
    assertThat(mempool.forwardsDue(1_000, PEERS)).containsOnlyKeys(C);
    mempool.heldBy(id, C);

    assertThat(mempool.forwardsDue(3_000, PEERS)).isEmpty();
    assertThat(mempool.size()).as("still waiting for a block").isEqualTo(1);
    // Every holder may have crashed and lost it since: all of them get it again, much later.
    long refresh = 3_000 + ChannelLimits.REFORWARD_INTERVAL_MS_MAX;
    assertThat(mempool.nextForwardMs()).hasValue(refresh);
    assertThat(mempool.forwardsDue(refresh - 100, PEERS)).isEmpty();
    assertThat(mempool.forwardsDue(refresh, PEERS)).containsOnlyKeys(A, B, C);
  }

  @Test
  void oneBatchPerValidatorTakesAtMostTheBudgetEarliestDueFirst() {
    List<Transaction> all = new ArrayList<>();
    for (int i = 0; i < ChannelLimits.FORWARD_BATCH_TXS_MAX + 10; i++) {
      Transaction transaction = transaction();
      all.add(transaction);
      add(transaction, i, null);
    }
    long now = ChannelLimits.FORWARD_BATCH_TXS_MAX + 10;

    TreeMap<NodeId, List<Transaction>> first = mempool.forwardsDue(now, PEERS);
    assertThat(first).containsOnlyKeys(A, B, C);
    assertThat(first.get(A)).isEqualTo(all.subList(0, ChannelLimits.FORWARD_BATCH_TXS_MAX));
    assertThat(mempool.nextForwardMs()).hasValue(ChannelLimits.FORWARD_BATCH_TXS_MAX);

    TreeMap<NodeId, List<Transaction>> rest = mempool.forwardsDue(now + 100, PEERS);
    assertThat(rest.get(C)).isEqualTo(all.subList(ChannelLimits.FORWARD_BATCH_TXS_MAX, all.size()));
  }

  @Test
  void theByteBudgetSplitsBatchesButALargeTransactionStillGoesAlone() {
    Transaction large = transaction();
    Transaction small = transaction();
    mempool.add(large.id(suite), large, ChannelLimits.FORWARD_BATCH_BYTES_MAX + 1, 0, null);
    mempool.add(small.id(suite), small, 100, 0, null);

    assertThat(mempool.forwardsDue(0, PEERS).get(A)).containsExactly(large);
    assertThat(mempool.forwardsDue(100, PEERS).get(A)).containsExactly(small);
  }

  @Test
  void aBatchCrossesTheWireWholeAndAnOversizedOneIsGarbage() {
    List<Transaction> batch = List.of(transaction(), transaction());
    assertThat(ChannelWire.decode(ChannelWire.transactions(batch), suite))
        .isEqualTo(new ChannelWire.ForwardedBatch(batch));

    Writer writer = new Writer();
    writer.u8(ChannelWire.TRANSACTIONS).u32(ChannelLimits.FORWARD_BATCH_TXS_MAX + 1);
    assertThat(ChannelWire.decode(writer.toBytes(), suite)).isInstanceOf(ChannelWire.Garbage.class);
  }

  @Test
  void aFinalTransactionIsNoLongerDue() {
    Transaction transaction = transaction();
    Hash id = add(transaction, 0, null);
    mempool.remove(id);
    assertThat(mempool.nextForwardMs()).isEmpty();
    assertThat(mempool.forwardsDue(0, PEERS)).isEmpty();
  }
}
