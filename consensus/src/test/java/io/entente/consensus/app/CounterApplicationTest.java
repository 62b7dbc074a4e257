package io.entente.consensus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterApplicationTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  private final CounterApplication app = new CounterApplication(SUITE);
  private final MemoryState state = new MemoryState(SUITE, Hash.ZERO);
  private final Application.BlockContext context =
      new Application.BlockContext("counters", 1, 1_000_000);
  private int sequence;

  private Transaction tx(String application, String type, Bytes payload) {
    sequence++;
    return Transaction.sign(
        SUITE,
        TestKeys.signer(SuiteId.STANDARD, 50),
        new TxBody(
            "counters", application, type, payload, Hash.ZERO, "k" + sequence, 0, 3_600_000));
  }

  private Transaction add(String key, long delta) {
    return tx(
        CounterApplication.NAME, CounterApplication.ADD, CounterApplication.payload(key, delta));
  }

  private static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void addsCountersWithSortedWritesReceiptsAndTheStateDigestRule() {
    BlockResult result =
        app.execute(state, context, List.of(add("b", 2), add("a", 5), add("b", 3)));
    assertThat(result.receipts()).extracting(Receipt::status).containsOnly(Receipt.Status.ACCEPTED);
    assertThat(result.receipts().get(2).result()).isEqualTo(utf8("5"));
    assertThat(result.writes().writes())
        .extracting(write -> write.key())
        .containsExactly(utf8("a"), utf8("b"));

    Hash before = state.digest();
    state.apply(result.writes());
    assertThat(state.digest())
        .isEqualTo(SUITE.hash(before.value(), result.writes().hash(SUITE).value()));
    assertThat(app.query(state, new Application.Caller("bank-a", "alice"), utf8("b")).result())
        .isEqualTo(utf8("5"));
    assertThat(
            app.query(state, new Application.Caller("bank-a", "alice"), utf8("zz"))
                .check()
                .isAccepted())
        .isFalse();
  }

  @Test
  void theSameBlockOnTheSameStateGivesTheSameResult() {
    List<Transaction> block = List.of(add("x", 1), add("y", -4));
    assertThat(app.execute(state, context, block)).isEqualTo(app.execute(state, context, block));
  }

  @Test
  void malformedAndOverflowingTransactionsAreRejectedWithReasons() {
    Transaction malformed = tx(CounterApplication.NAME, CounterApplication.ADD, utf8("no delta"));
    Transaction other = tx("colending", "loan", utf8("x"));
    assertThat(app.admit(state, malformed).isAccepted()).isFalse();
    assertThat(app.admit(state, other).isAccepted()).isFalse();

    BlockResult result =
        app.execute(state, context, List.of(add("m", Long.MAX_VALUE), add("m", 1), malformed));
    assertThat(result.receipts())
        .extracting(Receipt::code)
        .containsExactly("", CounterApplication.OVERFLOW, CounterApplication.MALFORMED);
  }

  @Test
  void validatorSetChangesAreAdmitted() {
    ValidatorSet next =
        ValidatorSet.of(
            List.of(TestKeys.validator(TestKeys.signer(SuiteId.STANDARD, 7), "bank-a")));
    Transaction change =
        tx(
            ValidatorSetChange.APPLICATION,
            ValidatorSetChange.TYPE,
            new ValidatorSetChange(next).toPayload());
    assertThat(app.admit(state, change).isAccepted()).isTrue();
    BlockResult result = app.execute(state, context, List.of(change));
    assertThat(result.receipts().get(0).status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(result.writes()).isEqualTo(WriteSet.EMPTY);
  }
}
