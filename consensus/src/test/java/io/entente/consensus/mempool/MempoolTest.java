package io.entente.consensus.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.CounterApplication;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Forwarding of waiting transactions stays bounded (simulation seed 205 of "mixed": transactions
 * forwarded again every second, one message each, to every validator filled the links and 39% of
 * all sends were dropped, consensus messages among them): batches, back-off per transaction, no
 * copy for a validator known to hold it. And the mempool is bounded by count and by bytes.
 */
class MempoolTest {
  private static final String A = "v2";
  private static final String B = "v3";
  private static final String C = "v4";
  private static final List<String> PEERS = List.of(A, B, C);
  private static final MempoolLimits LIMITS =
      new MempoolLimits(10, 2_000, 1_000, 8_000, 64, 256 * 1024);

  private final CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
  private final Signer client = TestKeys.signer(SuiteId.STANDARD, 9);
  private final Mempool<String> mempool = new Mempool<>(LIMITS);
  private final Mempool<String> roomy =
      new Mempool<>(new MempoolLimits(1_000, 1L << 30, 1_000, 8_000, 64, 256 * 1024));
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
            1_000_000);
    return Transaction.sign(suite, client, body);
  }

  private Hash add(Transaction transaction, long nowMs, String from) {
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
    assertThat(mempool.backOffMs(Integer.MAX_VALUE)).isEqualTo(LIMITS.reforwardIntervalMsMax());
  }

  @Test
  void aForwardedTransactionIsForwardedOnlyIfItStillWaitsAndNeverBackToItsSender() {
    Transaction transaction = transaction();
    add(transaction, 0, A);
    assertThat(mempool.forwardsDue(0, PEERS)).isEmpty();
    assertThat(mempool.forwardsDue(900, PEERS)).isEmpty();

    TreeMap<String, List<Transaction>> due = mempool.forwardsDue(1_000, PEERS);
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
    long refresh = 3_000 + LIMITS.reforwardIntervalMsMax();
    assertThat(mempool.nextForwardMs()).hasValue(refresh);
    assertThat(mempool.forwardsDue(refresh - 100, PEERS)).isEmpty();
    assertThat(mempool.forwardsDue(refresh, PEERS)).containsOnlyKeys(A, B, C);
  }

  @Test
  void oneBatchPerValidatorTakesAtMostTheBudgetEarliestDueFirst() {
    List<Transaction> all = new ArrayList<>();
    for (int i = 0; i < LIMITS.forwardBatchTxsMax() + 10; i++) {
      Transaction transaction = transaction();
      all.add(transaction);
      roomy.add(transaction.id(suite), transaction, 200, i, null);
    }
    long now = LIMITS.forwardBatchTxsMax() + 10;

    TreeMap<String, List<Transaction>> first = roomy.forwardsDue(now, PEERS);
    assertThat(first).containsOnlyKeys(A, B, C);
    assertThat(first.get(A)).isEqualTo(all.subList(0, LIMITS.forwardBatchTxsMax()));
    assertThat(roomy.nextForwardMs()).hasValue(LIMITS.forwardBatchTxsMax());

    TreeMap<String, List<Transaction>> rest = roomy.forwardsDue(now + 100, PEERS);
    assertThat(rest.get(C)).isEqualTo(all.subList(LIMITS.forwardBatchTxsMax(), all.size()));
  }

  @Test
  void theByteBudgetSplitsBatchesButALargeTransactionStillGoesAlone() {
    Transaction big = transaction();
    Transaction small = transaction();
    roomy.add(big.id(suite), big, LIMITS.forwardBatchBytesMax() + 1, 0, null);
    roomy.add(small.id(suite), small, 100, 0, null);

    assertThat(roomy.forwardsDue(0, PEERS).get(A)).containsExactly(big);
    assertThat(roomy.forwardsDue(100, PEERS).get(A)).containsExactly(small);
  }

  @Test
  void aFinalTransactionIsNoLongerDue() {
    Transaction transaction = transaction();
    Hash id = add(transaction, 0, null);
    mempool.remove(id);
    assertThat(mempool.nextForwardMs()).isEmpty();
    assertThat(mempool.forwardsDue(0, PEERS)).isEmpty();
  }

  @Test
  void theMempoolIsBoundedByCountAndByBytesAndFreesBothOnRemoval() {
    List<Hash> kept = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Transaction transaction = transaction();
      kept.add(transaction.id(suite));
      assertThat(mempool.add(transaction.id(suite), transaction, 200, 0, null)).isTrue();
    }
    assertThat(mempool.bytes()).isEqualTo(1_800);
    Transaction tooLarge = transaction();
    assertThat(mempool.fits(201)).isFalse();
    assertThat(mempool.add(tooLarge.id(suite), tooLarge, 201, 0, null)).isFalse();
    Transaction last = transaction();
    assertThat(mempool.add(last.id(suite), last, 200, 0, null)).isTrue();
    Transaction eleventh = transaction();
    assertThat(mempool.add(eleventh.id(suite), eleventh, 1, 0, null))
        .as("the count bound")
        .isFalse();
    assertThat(mempool.size()).isEqualTo(10);

    mempool.remove(kept.get(0));
    assertThat(mempool.bytes()).isEqualTo(1_800);
    assertThat(mempool.add(eleventh.id(suite), eleventh, 200, 0, null)).isTrue();
  }
}
