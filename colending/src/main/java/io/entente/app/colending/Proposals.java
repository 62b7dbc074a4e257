package io.entente.app.colending;

import io.entente.app.colending.Requests.BreakDecision;
import io.entente.app.colending.Requests.BreakProposal;
import io.entente.app.colending.Requests.ProposalKind;
import io.entente.core.check.Check;

/**
 * The break workflow: OPEN → PROPOSED (one open proposal per break) → RESOLVED on approval by the
 * other institution; a rejection returns the break to OPEN. Repeated actions are no-ops. Breaks
 * about the partner's own reserve (balance) may be approved inside one bank, by another user.
 */
final class Proposals {
  private Proposals() {}

  static final String PROPOSED = "break-proposed";
  static final String REJECTED = "break-rejected";

  static final String NOT_OPEN = "break-not-open";
  static final String PROPOSAL_OPEN = "proposal-open";
  static final String NO_PROPOSAL = "no-open-proposal";
  static final String BAD_RECORD = "proposal-record-mismatch";
  static final String SELF_RESOLVING = "break-resolves-itself";
  static final String SAME_INSTITUTION = "approval-by-proposer-institution";
  static final String SAME_USER = "maker-checker";

  static Check propose(
      Context cx, AgreementTerms terms, String institution, String user, BreakProposal p) {
    Break b = cx.store.edit(Break.key(p.breakId()));
    if (b.decided.contains(p.proposalId())
        || (b.proposal != null && b.proposal.proposalId().equals(p.proposalId()))) {
      return Check.accepted(); // the same action again
    }
    if (!b.isOpen()) {
      return Check.rejected(NOT_OPEN, b.id + " is " + b.state);
    }
    if (b.state == Break.State.PROPOSED) {
      return Check.rejected(PROPOSAL_OPEN, b.id + " has proposal " + b.proposal.proposalId());
    }
    if (b.type == BreakType.RESERVE_SHORTFALL) {
      return Check.rejected(SELF_RESOLVING, "a shortfall resolves when available is back ≥ 0");
    }
    if (b.key == null
        ? p.record() != null
        : p.record() == null || !p.record().key().equals(b.key)) {
      return Check.rejected(BAD_RECORD, "a record break's proposal carries a record of its key");
    }
    b.proposal =
        new Break.Proposal(
            p.proposalId(), institution, user, p.kind(), p.reason(), p.record(), cx.nowMs);
    b.state = Break.State.PROPOSED;
    Breaks.emit(cx, PROPOSED, b);
    return Check.accepted();
  }

  static Check decide(
      Context cx,
      AgreementTerms terms,
      String institution,
      String user,
      BreakDecision d,
      boolean approve) {
    Break b = cx.store.edit(Break.key(d.breakId()));
    if (b.decided.contains(d.proposalId())) {
      return Check.accepted(); // already decided: idempotent
    }
    if (b.proposal == null || !b.proposal.proposalId().equals(d.proposalId())) {
      return Check.rejected(NO_PROPOSAL, b.id + " has no open proposal " + d.proposalId());
    }
    Check allowed = checker(b, institution, user);
    if (allowed instanceof Check.Rejected) {
      return allowed;
    }
    b.decided.add(d.proposalId());
    if (b.decided.size() > ColendingLimits.DECIDED_PROPOSALS_MAX) {
      b.decided.remove(0);
    }
    Break.Proposal proposal = b.proposal;
    if (!approve) {
      b.proposal = null;
      b.state = Break.State.OPEN;
      b.lastRejection = d.reason();
      Breaks.emit(cx, REJECTED, b);
      return Check.accepted();
    }
    if (b.key != null) {
      applyToRecord(cx, terms, b, proposal);
    }
    if (b.isOpen()) {
      Breaks.resolve(cx, b, "approved: " + proposal.reason());
    }
    return Check.accepted();
  }

  /**
   * Approval is by the other institution; for breaks about the agreement's reserve as a whole the
   * same bank may approve, but never the user who proposed (maker-checker).
   */
  private static Check checker(Break b, String institution, String user) {
    if (!institution.equals(b.proposal.institution())) {
      return Check.accepted();
    }
    if (!b.type.isAgreementLevel()) {
      return Check.rejected(SAME_INSTITUTION, "the other institution approves " + b.id);
    }
    return Check.require(
        !user.equals(b.proposal.user()), SAME_USER, () -> user + " proposed " + b.id);
  }

  /** An approved correction or adjustment becomes the key's agreed record. */
  private static void applyToRecord(
      Context cx, AgreementTerms terms, Break b, Break.Proposal proposal) {
    Recon recon = cx.store.edit(Recon.key(b.key));
    boolean proposerIsLead = proposal.institution().equals(terms.lead());
    EventRecord record = proposal.record().withAction(Action.CORRECT, proposal.reason());
    if (proposal.kind() == ProposalKind.CORRECTION) {
      Attestations.supersede(cx, terms, recon, proposerIsLead, proposal.user(), record);
      cx.store.put(
          Indexes.History.key(recon.key, recon.versions++),
          new Indexes.History(
              record,
              proposal.institution(),
              proposal.user(),
              "approved",
              cx.nowMs,
              Attestations.APPLIED));
    }
    boolean pairing =
        b.type == BreakType.AMOUNT_MISMATCH
            || b.type == BreakType.DATE_MISMATCH
            || b.type == BreakType.FIELD_MISMATCH
            || b.type == BreakType.ONE_SIDED;
    if (pairing && b.id.equals(recon.pairingBreak)) {
      // The break is resolved first, so the re-evaluation below does not reopen it.
      Breaks.resolve(cx, b, "approved: " + proposal.reason());
      recon.agreed = Attestations.fill(cx, terms, recon, record).withAction(Action.REPORT, "");
      recon.state = Recon.State.ADJUSTED;
    }
    Attestations.reevaluate(cx, terms, recon);
  }
}
