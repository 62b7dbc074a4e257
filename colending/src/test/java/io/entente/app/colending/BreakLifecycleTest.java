package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.DAY;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPEN → PROPOSED → RESOLVED → CLOSED, rejection, idempotency, maker-checker, age buckets. */
class BreakLifecycleTest {
  private final Fixture f = Fixture.active();

  private EventRecord fee(long fen) {
    return Samples.record(EventType.FEE, "F1", "", fen, new Components(0, 0, 0, fen));
  }

  /** An AMOUNT_MISMATCH on F1: lead 10.00, partner 12.00. */
  private String mismatch() {
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", 1000_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", 1000_00)));
    f.ok(f.attest(LEAD_CERT, fee(10_00)));
    f.ok(f.attest(PARTNER_CERT, fee(12_00)));
    return f.recon(EventType.FEE, "F1").pairingBreak;
  }

  private Transaction propose(
      Hash cert,
      String user,
      String id,
      String proposal,
      Requests.ProposalKind kind,
      EventRecord record) {
    return f.tx(
        cert,
        ColendingApplication.BREAK_PROPOSE,
        user,
        "submitter",
        Requests.BreakProposal.CODEC.encode(
            new Requests.BreakProposal(id, proposal, kind, "agreed on the phone", record)));
  }

  private Transaction decide(
      Hash cert, String user, String role, String type, String id, String proposal) {
    return f.tx(
        cert,
        type,
        user,
        role,
        Requests.BreakDecision.CODEC.encode(new Requests.BreakDecision(id, proposal, "checked")));
  }

  @Test
  void anAdjustmentApprovedByTheOtherBankResolvesAndPostsTheAgreedAmount() {
    String id = mismatch();
    Recon.Leg held = f.recon(EventType.FEE, "F1").legs.get(0);
    assertThat(held.amount()).isEqualTo(6_00); // larger outflow: 50% of 12.00
    f.ok(propose(LEAD_CERT, "alice", id, "P1", Requests.ProposalKind.ADJUSTMENT, fee(11_00)));
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.PROPOSED);
    // One open proposal per break; the same proposal again is a no-op.
    assertThat(
            f.refused(
                    propose(
                        PARTNER_CERT,
                        "bob",
                        id,
                        "P2",
                        Requests.ProposalKind.ADJUSTMENT,
                        fee(12_00)))
                .code())
        .isEqualTo(Proposals.PROPOSAL_OPEN);
    f.ok(propose(LEAD_CERT, "alice", id, "P1", Requests.ProposalKind.ADJUSTMENT, fee(11_00)));
    // The proposer's own bank may not approve a record break.
    assertThat(
            f.refused(
                    decide(
                        LEAD_CERT,
                        "carol",
                        "approver",
                        ColendingApplication.BREAK_APPROVE,
                        id,
                        "P1"))
                .code())
        .isEqualTo(Proposals.SAME_INSTITUTION);
    f.ok(decide(PARTNER_CERT, "dave", "approver", ColendingApplication.BREAK_APPROVE, id, "P1"));

    Break resolved = f.breakOf(id);
    assertThat(resolved.state).isEqualTo(Break.State.RESOLVED);
    Recon recon = f.recon(EventType.FEE, "F1");
    assertThat(recon.state).isEqualTo(Recon.State.ADJUSTED);
    Transfer agreed = f.read(Transfer.key(recon.legs.get(0).transferId()));
    assertThat(agreed.amount()).isEqualTo(5_50);
    assertThat(agreed.status()).isEqualTo(Transfer.Status.POSTED);
    assertThat(agreed.linkedTo()).isEqualTo(held.transferId());
    assertThat(f.read(Transfer.key(held.transferId())).status()).isEqualTo(Transfer.Status.VOIDED);
    // Approving again changes nothing.
    f.ok(decide(PARTNER_CERT, "dave", "approver", ColendingApplication.BREAK_APPROVE, id, "P1"));
    assertThat(f.results.get(f.results.size() - 1).writes().writes())
        .as("only the block clock moved")
        .extracting(w -> new String(w.key().unsafeArray(), java.nio.charset.StandardCharsets.UTF_8))
        .containsExactly("clock");
    assertThat(f.position().postedReserve()).isEqualTo(1000_00 - 5_50);

    // Later reports count again: both banks correct to the agreed figure one after the other
    // (differing in between) and the key matches with the same books; a new difference opens a
    // new break.
    f.ok(f.attest(LEAD_CERT, fee(11_00).withAction(Action.CORRECT, "as agreed")));
    f.ok(f.attest(PARTNER_CERT, fee(11_00).withAction(Action.CORRECT, "as agreed")));
    Recon matched = f.recon(EventType.FEE, "F1");
    assertThat(matched.state).isEqualTo(Recon.State.MATCHED);
    assertThat(matched.legs.get(0).amount()).isEqualTo(5_50);
    assertThat(matched.legs.get(0).status()).isEqualTo(Transfer.Status.POSTED);
    assertThat(f.position().postedReserve()).isEqualTo(1000_00 - 5_50);
    f.ok(f.attest(PARTNER_CERT, fee(13_00).withAction(Action.CORRECT, "changed again")));
    String reopened = f.recon(EventType.FEE, "F1").pairingBreak;
    assertThat(reopened).isNotEqualTo(id);
    assertThat(f.breakOf(reopened).isOpen()).isTrue();
  }

  @Test
  void aRejectionReturnsTheBreakToOpenAndAllowsANewProposal() {
    String id = mismatch();
    f.ok(propose(PARTNER_CERT, "bob", id, "P1", Requests.ProposalKind.CORRECTION, fee(10_00)));
    f.ok(decide(LEAD_CERT, "carol", "approver", ColendingApplication.BREAK_REJECT, id, "P1"));
    Break b = f.breakOf(id);
    assertThat(b.state).isEqualTo(Break.State.OPEN);
    assertThat(b.lastRejection).isEqualTo("checked");
    assertThat(f.eventTypes()).contains(Proposals.REJECTED);
    // The rejected proposal cannot be approved later; a new one can.
    f.ok(decide(LEAD_CERT, "carol", "approver", ColendingApplication.BREAK_APPROVE, id, "P1"));
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.OPEN);
    f.ok(propose(PARTNER_CERT, "bob", id, "P2", Requests.ProposalKind.CORRECTION, fee(10_00)));
    f.ok(decide(LEAD_CERT, "carol", "approver", ColendingApplication.BREAK_APPROVE, id, "P2"));
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.RESOLVED);
    Recon recon = f.recon(EventType.FEE, "F1");
    assertThat(recon.partner.record().amount())
        .as("the correction replaced the partner's report")
        .isEqualTo(10_00);
  }

  @Test
  void onlyAnApproverDecides() {
    String id = mismatch();
    f.ok(propose(LEAD_CERT, "alice", id, "P1", Requests.ProposalKind.ADJUSTMENT, fee(11_00)));
    Transaction bySubmitter =
        decide(PARTNER_CERT, "erin", "submitter", ColendingApplication.BREAK_APPROVE, id, "P1");
    assertThat(f.app.admit(f.state, bySubmitter).isAccepted()).isFalse();
    assertThat(f.refused(bySubmitter).code()).isEqualTo(Admission.ROLE);
  }

  @Test
  void insideOneBankTheProposingAndApprovingUsersDiffer() {
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", 1000_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", 1000_00)));
    f.nowMs = ShanghaiCalendar.startOfDay(DAY + 1) + 1000;
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.DAY_CLOSE,
            "alice",
            "submitter",
            Requests.DayClose.CODEC.encode(new Requests.DayClose(AGREEMENT, DAY))));
    f.ok(
        f.tx(
            PARTNER_CERT,
            ColendingApplication.RESERVE_STATEMENT,
            "bob",
            "submitter",
            Requests.ReserveStatement.CODEC.encode(
                new Requests.ReserveStatement(AGREEMENT, "ACC", DAY, 990_00, List.of()))));
    String id = f.read(Indexes.BankBalance.key(AGREEMENT, DAY)).breakId();
    f.ok(propose(PARTNER_CERT, "bob", id, "P1", Requests.ProposalKind.ADJUSTMENT, null));
    assertThat(
            f.refused(
                    decide(
                        PARTNER_CERT,
                        "bob",
                        "approver",
                        ColendingApplication.BREAK_APPROVE,
                        id,
                        "P1"))
                .code())
        .isEqualTo(Proposals.SAME_USER);
    f.ok(decide(PARTNER_CERT, "frank", "approver", ColendingApplication.BREAK_APPROVE, id, "P1"));
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void aResolvedBreakClosesWhenTheStatementOfItsResolutionDateCloses() {
    String id = mismatch();
    f.ok(f.attest(PARTNER_CERT, fee(10_00).withAction(Action.CORRECT, "typo")));
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.RESOLVED);
    long closeAt = ShanghaiCalendar.startOfDay(DAY + 1) + Samples.terms().closeGraceMs();
    f.blockAt(closeAt - 1);
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.RESOLVED);
    f.blockAt(closeAt);
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.CLOSED);
    assertThat(f.eventTypes()).contains(Breaks.CLOSED, Days.CLOSED);
  }

  @Test
  void ageBucketsCountShanghaiCalendarDaysAfterTheSla() {
    long opened = Fixture.START_MS; // 09:00 Shanghai
    Break b =
        new Break("B1", AGREEMENT, BreakType.ONE_SIDED, null, Recon.NO_DAY, opened, Fixture.SLA_MS);
    long midnight = ShanghaiCalendar.startOfDay(DAY + 1);
    assertThat(Breaks.ageBucket(b, opened + Fixture.SLA_MS - 1)).isEqualTo("WITHIN_SLA");
    assertThat(Breaks.ageBucket(b, midnight - 1)).isEqualTo("T0");
    assertThat(Breaks.ageBucket(b, midnight)).isEqualTo("T1_2");
    assertThat(Breaks.ageBucket(b, midnight + 2 * Samples.HOUR_MS * 24 - 1)).isEqualTo("T1_2");
    assertThat(Breaks.ageBucket(b, midnight + 2 * Samples.HOUR_MS * 24)).isEqualTo("T3_6");
    assertThat(Breaks.ageBucket(b, midnight + 6 * Samples.HOUR_MS * 24)).isEqualTo("T7_PLUS");
  }
}
