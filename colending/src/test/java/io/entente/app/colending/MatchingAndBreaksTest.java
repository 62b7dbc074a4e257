package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.DAY;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.BlockResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching by key, every break type, the precedence and one break per key. */
class MatchingAndBreaksTest {
  private final Fixture f = Fixture.active();

  private void fund(long fen) {
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", fen)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", fen)));
  }

  private EventRecord fee(String ref, long fen) {
    return Samples.record(EventType.FEE, ref, "", fen, new Components(0, 0, 0, fen));
  }

  @Test
  void equalReportsMatchAndADateWithinToleranceMatchesWithATimingNote() {
    fund(1000_00);
    f.ok(f.attest(LEAD_CERT, fee("F1", 10_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.dated(fee("F1", 10_00), DAY + 1)));
    Recon recon = f.recon(EventType.FEE, "F1");
    assertThat(recon.state).isEqualTo(Recon.State.MATCHED);
    assertThat(recon.timingNote).isTrue();
    assertThat(recon.pairingBreak).isEmpty();
    assertThat(f.eventTypes()).contains(Attestations.MATCHED);
  }

  @Test
  void oneBreakPerKeyTypedByPrecedenceListingEveryDifference() {
    fund(1000_00);
    EventRecord lead = Samples.disbursement("D1", "L1", 100_00);
    EventRecord partner =
        new EventRecord(
            AGREEMENT,
            EventType.DISBURSEMENT,
            "D1",
            Action.REPORT,
            "",
            "L2",
            DAY + 5,
            "CNY",
            90_00,
            Components.principal(90_00),
            null,
            Direction.NONE,
            "",
            "",
            "");
    f.ok(f.attest(LEAD_CERT, lead));
    f.ok(f.attest(PARTNER_CERT, partner));
    Recon recon = f.recon(EventType.DISBURSEMENT, "D1");
    Break b = f.breakOf(recon.pairingBreak);
    assertThat(b.type).isEqualTo(BreakType.AMOUNT_MISMATCH);
    assertThat(b.diffs)
        .anyMatch(d -> d.startsWith("amount:"))
        .anyMatch(d -> d.startsWith("principal:"))
        .anyMatch(d -> d.startsWith("partner_principal:"))
        .anyMatch(d -> d.startsWith("value_date:"))
        .anyMatch(d -> d.startsWith("loan_ref:"));
    assertThat(b.amountAtStake).isEqualTo(10_00);

    // Fix the amount: the same break becomes a date mismatch, then a field mismatch.
    f.ok(
        f.attest(
            PARTNER_CERT,
            Samples.dated(
                    Samples.record(
                        EventType.DISBURSEMENT, "D1", "L2", 100_00, Components.principal(100_00)),
                    DAY + 5)
                .withAction(Action.CORRECT, "amount")));
    assertThat(f.breakOf(recon.pairingBreak).type).isEqualTo(BreakType.DATE_MISMATCH);
    f.ok(
        f.attest(
            PARTNER_CERT,
            Samples.record(EventType.DISBURSEMENT, "D1", "L2", 100_00, Components.principal(100_00))
                .withAction(Action.CORRECT, "date")));
    Break same = f.breakOf(recon.pairingBreak);
    assertThat(same.id).isEqualTo(b.id);
    assertThat(same.type).isEqualTo(BreakType.FIELD_MISMATCH);
    assertThat(same.diffs).containsExactly("loan_ref: lead 'L1', partner 'L2'");
    assertThat(f.eventTypes()).contains(Breaks.CHANGED);
  }

  @Test
  void oneSidedFiresAfterTheSlaOnAnIdleChainThroughTheNextDeadline() {
    fund(1000_00);
    BlockResult reported = f.block(f.attest(LEAD_CERT, fee("F1", 10_00)));
    long deadline = f.nowMs + Fixture.SLA_MS;
    assertThat(reported.nextDeadlineMs()).hasValue(deadline);
    // Nothing happens until the ledger makes the time-advancing block the deadline asked for.
    BlockResult idle = f.blockAt(deadline);
    assertThat(idle.events()).anyMatch(e -> e.type().equals(Breaks.OPENED));
    BlockResult.Event opened =
        idle.events().stream().filter(e -> e.type().equals(Breaks.OPENED)).findFirst().get();
    assertThat(opened.index()).as("raised by the block, not a transaction").isZero();
    Recon recon = f.recon(EventType.FEE, "F1");
    assertThat(f.breakOf(recon.pairingBreak).type).isEqualTo(BreakType.ONE_SIDED);
    assertThat(Fixture.fields(opened)).contains("ONE_SIDED", "F1");
    // The counterpart reports at last: the records match and the break resolves.
    f.ok(f.attest(PARTNER_CERT, fee("F1", 10_00)));
    assertThat(f.breakOf(recon.pairingBreak).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void aReversalWithdrawsAOneSidedReport() {
    fund(1000_00);
    f.ok(f.attest(LEAD_CERT, fee("F1", 10_00)));
    f.blockAt(f.nowMs + Fixture.SLA_MS);
    String id = f.recon(EventType.FEE, "F1").pairingBreak;
    assertThat(f.breakOf(id).isOpen()).isTrue();
    f.ok(f.attest(LEAD_CERT, fee("F1", 10_00).withAction(Action.REVERSE, "reported in error")));
    assertThat(f.recon(EventType.FEE, "F1").state).isEqualTo(Recon.State.WITHDRAWN);
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.RESOLVED);
    assertThat(f.position().pendingOut).isZero();
  }

  @Test
  void splitMismatchIsRaisedEvenWhenBothBanksAgreeOnAWrongPortion() {
    fund(1000_00);
    EventRecord wrong =
        Samples.disbursement("D1", "L1", 100_00).withPartnerPortion(Components.principal(80_00));
    f.ok(f.attest(LEAD_CERT, wrong));
    f.ok(f.attest(PARTNER_CERT, wrong));
    Recon recon = f.recon(EventType.DISBURSEMENT, "D1");
    assertThat(recon.state).isEqualTo(Recon.State.MATCHED);
    Break split = f.breakOf(recon.splitBreak);
    assertThat(split.type).isEqualTo(BreakType.SPLIT_MISMATCH);
    assertThat(split.diffs).hasSize(2);
    assertThat(split.amountAtStake).isEqualTo(10_00);
  }

  @Test
  void aDifferingRepeatIsADuplicateConflictAndTheFirstReportStays() {
    fund(1000_00);
    f.ok(f.attest(LEAD_CERT, fee("F1", 10_00)));
    f.ok(f.attest(LEAD_CERT, fee("F1", 10_00)));
    assertThat(f.recon(EventType.FEE, "F1").duplicateBreak).as("identical: a no-op").isEmpty();
    f.ok(f.attest(LEAD_CERT, fee("F1", 12_00)));
    Recon recon = f.recon(EventType.FEE, "F1");
    assertThat(f.breakOf(recon.duplicateBreak).type).isEqualTo(BreakType.DUPLICATE_CONFLICT);
    assertThat(recon.lead.record().amount()).isEqualTo(10_00);
    assertThat(recon.versions).as("history keeps all three").isEqualTo(3);
    // A correction settles which report counts.
    f.ok(f.attest(LEAD_CERT, fee("F1", 12_00).withAction(Action.CORRECT, "the second was right")));
    assertThat(f.breakOf(recon.duplicateBreak).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void aSettlementDifferentFromTheNetOfItsBatchIsAnAmountMismatchOnItsKey() {
    fund(1000_00);
    f.ok(
        f.attest(
            LEAD_CERT,
            Samples.refs(Samples.repayment("R1", "L1", 100_00, 0), "", "S1", ""),
            Samples.refs(fee("F1", 10_00), "", "S1", "")));
    // Net into the reserve: 70.00 − 5.00 = 65.00; the settlement says 60.00 IN.
    EventRecord settlement = Samples.record(EventType.SETTLEMENT, "S1", "", 60_00, Components.ZERO);
    f.ok(f.attest(LEAD_CERT, settlement));
    Recon recon = f.recon(EventType.SETTLEMENT, "S1");
    Break net = f.breakOf(recon.netBreak);
    assertThat(net.type).isEqualTo(BreakType.AMOUNT_MISMATCH);
    assertThat(net.key.type()).isEqualTo(EventType.SETTLEMENT);
    assertThat(net.amountAtStake).isEqualTo(5_00);
    assertThat(net.diffs).containsExactly("settlement amount 60.00, net of 2 events 65.00");
    f.ok(
        f.attest(
            LEAD_CERT,
            Samples.with(settlement, 65_00, Components.ZERO)
                .withAction(Action.CORRECT, "batch total")));
    assertThat(f.breakOf(recon.netBreak).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void aSettlementNamesItsBatchByItsOwnSettlementRef() {
    fund(1000_00);
    f.ok(
        f.attest(
            LEAD_CERT,
            Samples.refs(Samples.repayment("R1", "L1", 100_00, 0), "", "STL-1", ""),
            Samples.refs(fee("F1", 10_00), "", "STL-1", "")));
    EventRecord settlement =
        Samples.refs(
            Samples.record(EventType.SETTLEMENT, "SE-1", "", 60_00, Components.ZERO),
            "",
            "STL-1",
            "");
    f.ok(f.attest(LEAD_CERT, settlement));
    Recon recon = f.recon(EventType.SETTLEMENT, "SE-1");
    Break net = f.breakOf(recon.netBreak);
    assertThat(net.type).isEqualTo(BreakType.AMOUNT_MISMATCH);
    assertThat(net.diffs).containsExactly("settlement amount 60.00, net of 2 events 65.00");

    // A late member of the batch (net 65.00 − 5.00) is checked against the settlement that named
    // the batch, which now agrees.
    f.ok(f.attest(LEAD_CERT, Samples.refs(fee("F2", 10_00), "", "STL-1", "")));
    assertThat(f.breakOf(recon.netBreak).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void aBankStatementWhoseClosingBalanceDiffersFromTheLedgerIsABalanceMismatch() {
    fund(1000_00);
    f.ok(close(DAY));
    assertThat(f.read(Statement.key(AGREEMENT, DAY)).closingReserve()).isEqualTo(1000_00);
    f.ok(statement(DAY, 999_00));
    Indexes.BankBalance bank = f.read(Indexes.BankBalance.key(AGREEMENT, DAY));
    Break b = f.breakOf(bank.breakId());
    assertThat(b.type).isEqualTo(BreakType.BALANCE_MISMATCH);
    assertThat(b.amountAtStake).isEqualTo(1_00);
    f.ok(statement(DAY, 1000_00)); // the bank's corrected statement
    assertThat(f.breakOf(bank.breakId()).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void aBankStatementForAnOpenDayIsComparedWhenTheDayCloses() {
    fund(1000_00);
    f.ok(statement(DAY, 1000_00 + 1));
    assertThat(f.read(Indexes.BankBalance.key(AGREEMENT, DAY)).compared()).isFalse();
    f.blockAt(ShanghaiCalendar.startOfDay(DAY + 1) + Samples.terms().closeGraceMs());
    Indexes.BankBalance bank = f.read(Indexes.BankBalance.key(AGREEMENT, DAY));
    assertThat(bank.compared()).isTrue();
    assertThat(f.breakOf(bank.breakId()).type).isEqualTo(BreakType.BALANCE_MISMATCH);
    assertThat(f.breakOf(bank.breakId()).day).isEqualTo(DAY);
  }

  @Test
  void statementEntriesMatchEventsByPaymentRefAmountAndDate() {
    f.ok(f.attest(LEAD_CERT, Samples.refs(Samples.deposit("DEP1", 500_00), "PAY1", "", "")));
    f.ok(f.attest(PARTNER_CERT, Samples.refs(Samples.deposit("DEP1", 500_00), "PAY1", "", "")));
    var entries =
        List.of(
            new Requests.StatementEntry("E1", "PAY1", 500_00, true, DAY),
            new Requests.StatementEntry("E2", "PAY9", 1_00, true, DAY));
    var receipt =
        f.ok(
            f.tx(
                PARTNER_CERT,
                ColendingApplication.RESERVE_STATEMENT,
                "bob",
                "submitter",
                Requests.ReserveStatement.CODEC.encode(
                    new Requests.ReserveStatement(AGREEMENT, "ACC", DAY, 500_00, entries))));
    assertThat(receipt.result()).isEqualTo(Context.eventBytes(List.of("1")));
  }

  private io.entente.core.chain.Transaction close(int day) {
    f.nowMs = ShanghaiCalendar.startOfDay(day + 1) + 60_000; // after midnight, before the grace
    return f.tx(
        LEAD_CERT,
        ColendingApplication.DAY_CLOSE,
        "alice",
        "submitter",
        Requests.DayClose.CODEC.encode(new Requests.DayClose(AGREEMENT, day)));
  }

  private io.entente.core.chain.Transaction statement(int day, long closing) {
    return f.tx(
        PARTNER_CERT,
        ColendingApplication.RESERVE_STATEMENT,
        "bob",
        "submitter",
        Requests.ReserveStatement.CODEC.encode(
            new Requests.ReserveStatement(AGREEMENT, "ACC", day, closing, List.of())));
  }
}
