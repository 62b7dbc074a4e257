package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.WriteSet;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of attestations (report, correct, reverse, by either bank, on a few keys), hold
 * requests and time steps. After every block the books are recomputed from every transfer ever
 * written, with no code shared with the application, and compared; and the same blocks run on a
 * second channel give the same write sets.
 */
class InvariantProperties {

  /**
   * One step: who, what (0: a hold request; 1-4: one bank's attestation; 5-9: both banks'), the
   * action, on which key, how much, whether a portion is reported, how far time moves first.
   */
  record Step(
      boolean lead,
      int kind,
      int action,
      int type,
      int ref,
      int amount,
      boolean portion,
      long advanceMs) {}

  private static final EventType[] TYPES = {
    EventType.RESERVE_DEPOSIT,
    EventType.RESERVE_WITHDRAWAL,
    EventType.DISBURSEMENT,
    EventType.REPAYMENT,
    EventType.FEE,
    EventType.WRITE_OFF,
    EventType.RECOVERY,
    EventType.SETTLEMENT
  };

  private static final long[] AMOUNTS = {1, 99, 100_00, 333_33, 5_000_00};

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 2),
                Arbitraries.frequency(
                    Tuple.of(3, 0),
                    Tuple.of(1, 1),
                    Tuple.of(3, 2),
                    Tuple.of(2, 3),
                    Tuple.of(1, 4),
                    Tuple.of(1, 5),
                    Tuple.of(1, 6),
                    Tuple.of(1, 7)),
                Arbitraries.integers().between(0, 3),
                // Mostly one amount, so the two banks' reports often agree and match.
                Arbitraries.frequency(
                    Tuple.of(8, 2), Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 3), Tuple.of(1, 4)),
                Arbitraries.of(true, false, false, false),
                Arbitraries.of(0L, 1000L, 40 * 60_000L, 3 * 3_600_000L))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 60)
  void booksBalanceAndBreaksStayOnePerKey(@ForAll("steps") List<Step> steps) {
    Fixture f = Fixture.active();
    Fixture twin = Fixture.active();
    TreeSet<String> keys = new TreeSet<>();
    for (Step step : steps) {
      Transaction transaction = transaction(f, step, step.lead());
      long time = f.nowMs + step.advanceMs() + 1000;
      // Kinds 5-9: the other bank reports the same record in the same block.
      Transaction[] block =
          step.kind() >= 5
              ? new Transaction[] {transaction, transaction(f, step, !step.lead())}
              : new Transaction[] {transaction};
      BlockResult result = f.blockAt(time, block);
      BlockResult twinResult = twin.blockAt(time, block);
      assertThat(twinResult.writes()).isEqualTo(result.writes());
      assertThat(twinResult.events()).isEqualTo(result.events());
      assertThat(twin.state.digest()).isEqualTo(f.state.digest());
      collect(keys, result.writes());
      check(f, keys, step, result.receipts().get(0));
    }
    // Shows that the runs reach matches and breaks, not just one-sided reports.
    Statistics.label("matched").collect(f.eventTypes().contains(Attestations.MATCHED));
    Statistics.label("break opened").collect(f.eventTypes().contains(Breaks.OPENED));
    Statistics.label("settlement net break")
        .collect(
            f.recon(EventType.SETTLEMENT, "S1") != null
                && !f.recon(EventType.SETTLEMENT, "S1").netBreak.isEmpty());
  }

  private static Transaction transaction(Fixture f, Step step, boolean lead) {
    if (step.kind() == 0) {
      return f.tx(
          LEAD_CERT,
          ColendingApplication.DISBURSEMENT_REQUEST,
          "alice",
          "submitter",
          Requests.HoldRequest.CODEC.encode(
              new Requests.HoldRequest(
                  AGREEMENT,
                  "H" + step.ref(),
                  "LH" + step.ref(),
                  AMOUNTS[step.amount()] * 100,
                  Fixture.DAY)));
    }
    EventType type = TYPES[step.type()];
    long amount = AMOUNTS[step.amount()];
    Components components =
        switch (type) {
          case RESERVE_DEPOSIT, RESERVE_WITHDRAWAL, SETTLEMENT -> Components.ZERO;
          case FEE -> new Components(0, 0, 0, amount);
          case REPAYMENT, RECOVERY -> new Components(amount, amount / 3, 1, 0);
          default -> Components.principal(amount);
        };
    long total = type.hasNoComponents() ? amount : components.sum();
    // The events of key 3 carry settlement_ref S1; the settlement itself is the key S1.
    boolean settlement = type == EventType.SETTLEMENT;
    Action action = Action.values()[step.action()];
    Components portion =
        step.portion() && !type.hasNoComponents()
            ? new Components(components.principal() / 2, 0, 0, 0)
            : null;
    String holdRef = type == EventType.DISBURSEMENT && step.ref() < 2 ? "H" + step.ref() : "";
    EventRecord record =
        new EventRecord(
            AGREEMENT,
            type,
            settlement ? "S1" : type.name().substring(0, 3) + step.ref(),
            action,
            action == Action.REPORT ? "" : "fix",
            "L" + step.ref(),
            Fixture.DAY,
            "CNY",
            total,
            components,
            portion,
            settlement ? Direction.IN : Direction.NONE,
            "",
            step.ref() == 3 && !settlement ? "S1" : "",
            holdRef);
    return f.attest(lead ? LEAD_CERT : PARTNER_CERT, record);
  }

  private static void collect(TreeSet<String> keys, WriteSet writes) {
    for (WriteSet.Write write : writes.writes()) {
      keys.add(new String(write.key().unsafeArray(), StandardCharsets.UTF_8));
    }
  }

  /** The oracle: recompute balances from transfers and holds, then compare. */
  private static void check(Fixture f, TreeSet<String> keys, Step step, Receipt receipt) {
    long[] posted = new long[Account.values().length];
    long pendingOut = 0;
    long pendingIn = 0;
    long pendingLoans = 0;
    long held = 0;
    for (String key : keys) {
      if (key.startsWith("xfer/")) {
        Transfer t = f.read(Transfer.key(key.substring(5)));
        assertThat(t.from()).isNotEqualTo(t.to());
        if (t.status() == Transfer.Status.POSTED) {
          posted[t.from().ordinal()] -= t.amount();
          posted[t.to().ordinal()] += t.amount();
        } else if (t.status() == Transfer.Status.PENDING) {
          pendingOut += t.from() == Account.RESERVE ? t.amount() : 0;
          pendingIn += t.to() == Account.RESERVE ? t.amount() : 0;
          pendingLoans += t.to() == Account.PARTNER_LOANS ? t.amount() : 0;
        }
      } else if (key.startsWith("hold/")) {
        Hold hold = f.read(Hold.key(AGREEMENT, key.substring(key.lastIndexOf('/') + 1)));
        held += hold.status() == Hold.Status.ACTIVE ? hold.amount() : 0;
      }
    }
    Position position = f.position();
    assertThat(position.posted).containsExactly(posted);
    assertThat(java.util.Arrays.stream(posted).sum()).isZero();
    assertThat(position.pendingOut).isEqualTo(pendingOut);
    assertThat(position.pendingIn).isEqualTo(pendingIn);
    assertThat(position.pendingLoans).isEqualTo(pendingLoans);
    assertThat(position.held).isEqualTo(held);
    long available = posted[Account.RESERVE.ordinal()] - held - pendingOut;
    assertThat(position.available()).isEqualTo(available);
    boolean shortfallOpen =
        !position.shortfallBreak.isEmpty() && f.breakOf(position.shortfallBreak).isOpen();
    assertThat(shortfallOpen).isEqualTo(available < 0);
    if (step.kind() == 0 && receipt.status() == Receipt.Status.ACCEPTED) {
      assertThat(available)
          .as("a granted hold never takes available below zero")
          .isGreaterThanOrEqualTo(0);
    }
    onePerKey(f, keys);
  }

  /** Every open record break is the one its key holds in its slot: one break per key and slot. */
  private static void onePerKey(Fixture f, TreeSet<String> keys) {
    long open = 0;
    for (String key : keys) {
      if (!key.startsWith("brk/")) {
        continue;
      }
      Break b = f.breakOf(key.substring(4));
      if (!b.isOpen()) {
        continue;
      }
      open++;
      if (b.key != null) {
        Recon recon = f.read(Recon.key(b.key));
        List<String> slots =
            List.of(recon.pairingBreak, recon.splitBreak, recon.duplicateBreak, recon.netBreak);
        assertThat(slots).contains(b.id);
      }
    }
    assertThat(f.position().openBreaks).isEqualTo(open);
  }

  @Property(tries = 20)
  void theSameBlockExecutedTwiceFromTheSameStateGivesTheSameResult(
      @ForAll("steps") List<Step> steps) {
    Fixture f = Fixture.active();
    List<Transaction> block = new ArrayList<>();
    for (Step step : steps) {
      block.add(transaction(f, step, step.lead()));
    }
    var context = new Application.BlockContext("loans-webank-huarui", 99, f.nowMs + 1000);
    BlockResult first = f.app.execute(f.state, context, block);
    BlockResult second = f.app.execute(f.state, context, block);
    assertThat(second.writes()).isEqualTo(first.writes());
    assertThat(second.receipts()).isEqualTo(first.receipts());
    assertThat(second.events()).isEqualTo(first.events());
    assertThat(second.nextDeadlineMs()).isEqualTo(first.nextDeadlineMs());
    assertThat(first.writes().writes())
        .extracting(w -> w.key())
        .isSortedAccordingTo(Bytes::compareTo);
  }
}
