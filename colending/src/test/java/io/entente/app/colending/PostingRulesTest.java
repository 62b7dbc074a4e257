package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import org.junit.jupiter.api.Test;

/** Posting rules 1–5 of the contract, the posting table and the split rule. */
class PostingRulesTest {
  private final Fixture f = Fixture.active();

  private void fund(long fen) {
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", fen)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", fen)));
  }

  private Transfer transfer(Recon.Leg leg) {
    return f.read(Transfer.key(leg.transferId()));
  }

  @Test
  void rule1AReportedDisbursementIsNeverRefusedForLackOfFunds() {
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 1000_00)));
    assertThat(f.position().available()).isEqualTo(-700_00);
    Recon recon = f.recon(EventType.DISBURSEMENT, "D1");
    assertThat(recon.state).isEqualTo(Recon.State.AWAITING_COUNTERPART);
    Break shortfall = f.breakOf(f.position().shortfallBreak);
    assertThat(shortfall.type).isEqualTo(BreakType.RESERVE_SHORTFALL);
    assertThat(shortfall.isOpen()).isTrue();
  }

  @Test
  void rule2PendingOutflowsReduceAvailableAtOncePendingInflowsWaitForPosting() {
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", 500_00)));
    assertThat(f.position().pendingIn).isEqualTo(500_00);
    assertThat(f.position().available()).isZero();
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", 500_00)));
    assertThat(f.position().available()).isEqualTo(500_00);
    assertThat(f.position().pendingIn).isZero();

    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_00)));
    Recon recon = f.recon(EventType.DISBURSEMENT, "D1");
    Transfer pending = transfer(recon.legs.get(0));
    assertThat(pending.status()).isEqualTo(Transfer.Status.PENDING);
    assertThat(pending.from()).isEqualTo(Account.RESERVE);
    assertThat(pending.to()).isEqualTo(Account.PARTNER_LOANS);
    assertThat(pending.amount()).isEqualTo(70_00);
    assertThat(f.position().available()).isEqualTo(430_00);
    assertThat(f.position().postedReserve()).isEqualTo(500_00);
  }

  @Test
  void rule3MatchedPostsDifferingStaysConservativeResolutionVoidsAndLinks() {
    fund(1000_00);
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.disbursement("D1", "L1", 100_00)));
    Recon matched = f.recon(EventType.DISBURSEMENT, "D1");
    assertThat(matched.state).isEqualTo(Recon.State.MATCHED);
    assertThat(transfer(matched.legs.get(0)).status()).isEqualTo(Transfer.Status.POSTED);
    assertThat(f.position().postedReserve()).isEqualTo(930_00);

    // A repayment reported differently: the inflow is held at the smaller amount.
    f.ok(f.attest(LEAD_CERT, Samples.repayment("R1", "L1", 50_00, 10_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.repayment("R1", "L1", 40_00, 10_00)));
    Recon differ = f.recon(EventType.REPAYMENT, "R1");
    assertThat(differ.state).isEqualTo(Recon.State.MISMATCHED);
    Recon.Leg held = differ.legs.get(0);
    assertThat(held.amount()).isEqualTo(28_00); // min(35.00, 28.00)
    assertThat(held.conservative()).isTrue();
    assertThat(transfer(held).status()).isEqualTo(Transfer.Status.PENDING);

    // The partner corrects to the lead's figures: the held transfer is voided, the agreed posts.
    f.ok(
        f.attest(
            PARTNER_CERT,
            Samples.repayment("R1", "L1", 50_00, 10_00).withAction(Action.CORRECT, "typo")));
    Recon resolved = f.recon(EventType.REPAYMENT, "R1");
    assertThat(resolved.state).isEqualTo(Recon.State.MATCHED);
    assertThat(transfer(held).status()).isEqualTo(Transfer.Status.VOIDED);
    Transfer agreed = transfer(resolved.legs.get(0));
    assertThat(agreed.status()).isEqualTo(Transfer.Status.POSTED);
    assertThat(agreed.amount()).isEqualTo(35_00);
    assertThat(agreed.linkedTo()).isEqualTo(held.transferId());
    assertThat(f.breakOf(differ.pairingBreak).state).isEqualTo(Break.State.RESOLVED);
  }

  @Test
  void conservativeAmountIsTheLargerOutflow() {
    fund(1000_00);
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.disbursement("D1", "L1", 200_00)));
    assertThat(f.recon(EventType.DISBURSEMENT, "D1").legs.get(0).amount()).isEqualTo(140_00);
    assertThat(f.position().available()).isEqualTo(860_00);
  }

  @Test
  void rule4ShortfallIsOpenExactlyWhileAvailableIsBelowZeroAndResolvesItself() {
    fund(50_00);
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_00)));
    String id = f.position().shortfallBreak;
    assertThat(f.breakOf(id).isOpen()).isTrue();
    assertThat(f.breakOf(id).amountAtStake).isEqualTo(20_00);
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP1", 30_00)));
    assertThat(f.breakOf(id).isOpen()).as("a pending inflow does not count").isTrue();
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP1", 30_00)));
    Position p = f.position();
    assertThat(p.available()).isEqualTo(p.postedReserve() - p.held - p.pendingOut).isEqualTo(10_00);
    assertThat(f.breakOf(id).state).isEqualTo(Break.State.RESOLVED);
    assertThat(f.eventTypes()).contains(Breaks.RESOLVED);
  }

  @Test
  void rule5AHoldIsGrantedOrRefusedAtOnceAndConsumedByItsDisbursement() {
    fund(100_00);
    Receipt refused = f.refused(hold("H0", 200_00));
    assertThat(refused.code()).isEqualTo(Holds.INSUFFICIENT);
    f.ok(hold("H1", 100_00));
    assertThat(f.position().held).isEqualTo(70_00);
    assertThat(f.position().available()).isEqualTo(30_00);
    assertThat(f.refused(hold("H2", 50_00)).code())
        .as("never below zero")
        .isEqualTo(Holds.INSUFFICIENT);

    f.ok(f.attest(LEAD_CERT, Samples.refs(Samples.disbursement("D1", "L1", 100_00), "", "", "H1")));
    assertThat(f.read(Hold.key(AGREEMENT, "H1")).status()).isEqualTo(Hold.Status.CONSUMED);
    assertThat(f.position().held).isZero();
    assertThat(f.position().available()).isEqualTo(30_00);
    assertThat(f.eventTypes()).contains(Holds.GRANTED, Holds.CONSUMED);
  }

  @Test
  void theSameHoldRequestAgainIsANoOpAndAnotherWithItsRefIsRefused() {
    fund(100_00);
    f.ok(hold("H1", 100_00));
    f.ok(hold("H1", 100_00));
    assertThat(f.position().held).isEqualTo(70_00);
    assertThat(f.refused(hold("H1", 50_00)).code()).isEqualTo(Holds.HOLD_EXISTS);
  }

  @Test
  void rule5AnUnconsumedHoldIsReleasedAfterItsTtlInBlockTime() {
    fund(100_00);
    f.ok(hold("H1", 100_00));
    long expires = f.read(Hold.key(AGREEMENT, "H1")).expiresMs();
    assertThat(f.results.get(f.results.size() - 1).nextDeadlineMs()).hasValue(expires);
    f.blockAt(expires - 1);
    assertThat(f.position().held).isEqualTo(70_00);
    f.blockAt(expires); // a time-advancing block: no transactions
    assertThat(f.read(Hold.key(AGREEMENT, "H1")).status()).isEqualTo(Hold.Status.RELEASED);
    assertThat(f.position().held).isZero();
    assertThat(f.eventTypes()).contains(Holds.RELEASED);
  }

  @Test
  void onlyTheLeadRequestsHoldsAndCapsBoundThem() {
    fund(100_000_000_00L);
    Transaction byPartner =
        f.tx(
            PARTNER_CERT,
            ColendingApplication.DISBURSEMENT_REQUEST,
            "bob",
            "submitter",
            Requests.HoldRequest.CODEC.encode(
                new Requests.HoldRequest(AGREEMENT, "H9", "L9", 100, Fixture.DAY)));
    assertThat(f.app.admit(f.state, byPartner).isAccepted()).isFalse();
    // The cap is 10,000,000.00 of partner principal: 70% of 15,000,000.00 exceeds it.
    assertThat(f.refused(hold("H1", 15_000_000_00L)).code()).isEqualTo(Holds.CAP_EXCEEDED);
  }

  @Test
  void reportedDisbursementsBeyondTheCapAreAdmittedAndRaiseACapAlert() {
    fund(100_000_000_00L);
    // 70% of 15,000,000.00 pending is over the 10,000,000.00 cap: admitted, with an alert.
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 15_000_000_00L)));
    assertThat(f.position().capBreached).isTrue();
    assertThat(f.results.get(f.results.size() - 1).events())
        .anyMatch(
            e ->
                e.type().equals(Alerts.ALERT)
                    && Fixture.fields(e)
                        .equals(java.util.List.of(AGREEMENT, "CAP_BREACH", "1050000000")));
    assertThat(f.refused(hold("H1", 100_00)).code()).isEqualTo(Holds.CAP_EXCEEDED);
    f.ok(
        f.attest(
            LEAD_CERT,
            Samples.disbursement("D1", "L1", 15_000_000_00L)
                .withAction(Action.REVERSE, "sent in error")));
    assertThat(f.position().capBreached).isFalse();
  }

  @Test
  void splitIsFlooredPerComponentAndTheClosingRepaymentTakesTheRest() {
    fund(1000_00);
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 333)));
    f.ok(f.attest(PARTNER_CERT, Samples.disbursement("D1", "L1", 333)));
    assertThat(f.recon(EventType.DISBURSEMENT, "D1").agreed.partnerPortion().principal())
        .isEqualTo(233); // floor(333 × 0.7)
    f.ok(f.attest(LEAD_CERT, Samples.repayment("R1", "L1", 111, 7)));
    Components first = f.recon(EventType.REPAYMENT, "R1").lead.record().partnerPortion();
    assertThat(first).isEqualTo(new Components(77, 4, 0, 0)); // floor(77.7), floor(4.55)
    f.ok(f.attest(LEAD_CERT, Samples.repayment("R2", "L1", 222, 0)));
    Components last = f.recon(EventType.REPAYMENT, "R2").lead.record().partnerPortion();
    assertThat(last.principal()).as("233 − 77, not floor(155.4)").isEqualTo(156);
    Loan loan = f.read(Loan.key(AGREEMENT, "L1"));
    assertThat(loan.outstanding()).isZero();
    assertThat(loan.partnerOutstanding()).isZero();
  }

  private Transaction hold(String ref, long principal) {
    return f.tx(
        LEAD_CERT,
        ColendingApplication.DISBURSEMENT_REQUEST,
        "alice",
        "submitter",
        Requests.HoldRequest.CODEC.encode(
            new Requests.HoldRequest(AGREEMENT, ref, "L-" + ref, principal, Fixture.DAY)));
  }
}
