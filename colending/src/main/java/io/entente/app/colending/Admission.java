package io.entente.app.colending;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import java.util.function.Function;

/**
 * The syntax and authorization checks of a transaction, shared by {@code admit} and {@code
 * execute}: the submitter's institution, the user and role, the content's canonical encoding, and
 * who may act on which agreement or break. Business differences are never refused here; they raise
 * breaks when the transaction executes.
 */
final class Admission {
  private Admission() {}

  static final String UNKNOWN_TYPE = "unknown-transaction-type";
  static final String UNKNOWN_SUBMITTER = "unknown-submitter";
  static final String MALFORMED = "malformed-content";
  static final String ROLE = "role-not-allowed";
  static final String UNKNOWN_AGREEMENT = "unknown-agreement";
  static final String NOT_ACTIVE = "agreement-not-active";
  static final String NOT_A_PARTY = "not-a-party";
  static final String WRONG_INSTITUTION = "wrong-institution";
  static final String AGREEMENT_EXISTS = "agreement-exists";
  static final String UNKNOWN_BREAK = "unknown-break";

  static final String SUBMITTER = "submitter";
  static final String APPROVER = "approver";

  /** A transaction that passed: who acts, and its decoded content. */
  record Admitted(String type, String institution, String user, String role, Object content) {}

  /** The outcome: the admitted request, or the check that refused it. */
  record Outcome(Check check, Admitted admitted) {}

  /** What admission reads from state: agreements and breaks. */
  interface Lookup {
    AgreementState agreement(String id);

    Break breakById(String id);
  }

  static Outcome check(Parties parties, Lookup lookup, Transaction transaction) {
    TxBody body = transaction.body();
    String institution = parties.institutionOf(body.submitterCertificateId()).orElse(null);
    if (institution == null) {
      return refuse(UNKNOWN_SUBMITTER, "certificate " + body.submitterCertificateId().shortHex());
    }
    UserRequestPayload request;
    try {
      request = UserRequestPayload.decode(body.payload());
    } catch (CodecException | IllegalArgumentException e) {
      return refuse(MALFORMED, "user request: " + e.getMessage());
    }
    boolean approver = request.role().equals(APPROVER);
    if (!approver && !request.role().equals(SUBMITTER)) {
      return refuse(ROLE, "role '" + request.role() + "' may not submit");
    }
    Object content;
    try {
      content = decode(body.type(), request.content());
    } catch (CodecException e) {
      return refuse(MALFORMED, body.type() + ": " + e.getMessage());
    }
    if (content == null) {
      return refuse(UNKNOWN_TYPE, body.application() + "/" + body.type());
    }
    Admitted admitted =
        new Admitted(body.type(), institution, request.username(), request.role(), content);
    Check check = authorize(parties, lookup, admitted, approver);
    return new Outcome(check, check.isAccepted() ? admitted : null);
  }

  private static Outcome refuse(String reason, String detail) {
    return new Outcome(Check.rejected(reason, detail), null);
  }

  private static Object decode(String type, Bytes content) {
    Function<Bytes, ?> decoder =
        switch (type) {
          case ColendingApplication.AGREEMENT_PROPOSE -> AgreementTerms.CODEC::decode;
          case ColendingApplication.AGREEMENT_ACCEPT -> Requests.AgreementAccept.CODEC::decode;
          case ColendingApplication.ATTEST -> Requests.AttestationBatch.CODEC::decode;
          case ColendingApplication.DISBURSEMENT_REQUEST -> Requests.HoldRequest.CODEC::decode;
          case ColendingApplication.BREAK_PROPOSE -> Requests.BreakProposal.CODEC::decode;
          case ColendingApplication.BREAK_APPROVE, ColendingApplication.BREAK_REJECT ->
              Requests.BreakDecision.CODEC::decode;
          case ColendingApplication.DAY_CLOSE -> Requests.DayClose.CODEC::decode;
          case ColendingApplication.RESERVE_STATEMENT -> Requests.ReserveStatement.CODEC::decode;
          default -> null;
        };
    return decoder == null ? null : decoder.apply(content);
  }

  private static Check authorize(Parties parties, Lookup lookup, Admitted a, boolean approver) {
    Object c = a.content();
    if (c instanceof AgreementTerms terms) {
      return proposeAgreement(parties, lookup, a, terms);
    }
    if (c instanceof Requests.AgreementAccept accept) {
      return agreement(lookup, accept.agreement(), a, false)
          .and(() -> partnerOnly(lookup.agreement(accept.agreement()), a))
          .and(() -> Check.require(approver, ROLE, () -> "an approver accepts an agreement"));
    }
    if (c instanceof Requests.AttestationBatch batch) {
      for (EventRecord record : batch.records()) {
        Check check = agreement(lookup, record.agreement(), a, true);
        if (check instanceof Check.Rejected) {
          return check.within("record " + record.eventRef());
        }
      }
      return Check.accepted();
    }
    if (c instanceof Requests.HoldRequest hold) {
      return agreement(lookup, hold.agreement(), a, true)
          .and(() -> leadOnly(lookup.agreement(hold.agreement()), a));
    }
    if (c instanceof Requests.BreakProposal proposal) {
      return breakParty(lookup, proposal.breakId(), a);
    }
    if (c instanceof Requests.BreakDecision decision) {
      return breakParty(lookup, decision.breakId(), a)
          .and(() -> Check.require(approver, ROLE, () -> "an approver decides on a proposal"));
    }
    if (c instanceof Requests.DayClose close) {
      return agreement(lookup, close.agreement(), a, true);
    }
    if (c instanceof Requests.ReserveStatement statement) {
      return agreement(lookup, statement.agreement(), a, true);
    }
    throw new AssertionError("no authorization for " + c.getClass());
  }

  private static Check proposeAgreement(
      Parties parties, Lookup lookup, Admitted a, AgreementTerms terms) {
    if (!terms.lead().equals(parties.lead()) || !terms.partner().equals(parties.partner())) {
      return Check.rejected(
          WRONG_INSTITUTION, "the agreement names other banks than the channel's");
    }
    if (!a.institution().equals(terms.lead())) {
      return Check.rejected(WRONG_INSTITUTION, "the lead proposes an agreement");
    }
    AgreementState existing = lookup.agreement(terms.id());
    return Check.require(
        existing == null || !existing.active(), AGREEMENT_EXISTS, () -> terms.id() + " is active");
  }

  private static Check agreement(Lookup lookup, String id, Admitted a, boolean mustBeActive) {
    AgreementState state = lookup.agreement(id);
    if (state == null) {
      return Check.rejected(UNKNOWN_AGREEMENT, id);
    }
    if (!state.isParty(a.institution())) {
      return Check.rejected(NOT_A_PARTY, a.institution() + " is not a party to " + id);
    }
    return Check.require(!mustBeActive || state.active(), NOT_ACTIVE, () -> id + " is proposed");
  }

  private static Check leadOnly(AgreementState state, Admitted a) {
    return Check.require(
        state.terms().lead().equals(a.institution()),
        WRONG_INSTITUTION,
        () -> "only the lead requests a disbursement hold");
  }

  private static Check partnerOnly(AgreementState state, Admitted a) {
    return Check.require(
        state.terms().partner().equals(a.institution()),
        WRONG_INSTITUTION,
        () -> "only the partner accepts an agreement");
  }

  private static Check breakParty(Lookup lookup, String breakId, Admitted a) {
    Break b = lookup.breakById(breakId);
    if (b == null) {
      return Check.rejected(UNKNOWN_BREAK, breakId);
    }
    return agreement(lookup, b.agreement, a, true);
  }
}
