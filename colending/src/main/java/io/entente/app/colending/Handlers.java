package io.entente.app.colending;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;

/** Runs an admitted request against the block's state; returns its check and result bytes. */
final class Handlers {
  private Handlers() {}

  record Result(Check check, Bytes result) {
    static Result of(Check check) {
      return new Result(check, Bytes.EMPTY);
    }
  }

  static Result handle(Context cx, Admission.Admitted a) {
    Object c = a.content();
    if (c instanceof AgreementTerms terms) {
      return Result.of(Agreements.propose(cx, terms, a.user()));
    }
    if (c instanceof Requests.AgreementAccept accept) {
      return Result.of(Agreements.accept(cx, accept, a.user()));
    }
    if (c instanceof Requests.AttestationBatch batch) {
      return attest(cx, a, batch);
    }
    if (c instanceof Requests.HoldRequest hold) {
      return Result.of(Holds.request(cx, terms(cx, hold.agreement()), hold));
    }
    if (c instanceof Requests.BreakProposal proposal) {
      Break b = cx.store.get(Break.key(proposal.breakId()));
      return Result.of(
          Proposals.propose(cx, terms(cx, b.agreement), a.institution(), a.user(), proposal));
    }
    if (c instanceof Requests.BreakDecision decision) {
      Break b = cx.store.get(Break.key(decision.breakId()));
      boolean approve = a.type().equals(ColendingApplication.BREAK_APPROVE);
      return Result.of(
          Proposals.decide(
              cx, terms(cx, b.agreement), a.institution(), a.user(), decision, approve));
    }
    if (c instanceof Requests.DayClose close) {
      List<String> closed =
          Days.closeUpTo(cx, terms(cx, close.agreement()), close.day(), a.institution());
      return new Result(Check.accepted(), Context.eventBytes(closed));
    }
    if (c instanceof Requests.ReserveStatement statement) {
      long unmatched = BankStatements.apply(cx, terms(cx, statement.agreement()), statement);
      return new Result(Check.accepted(), Context.eventBytes(List.of(Long.toString(unmatched))));
    }
    throw new AssertionError("no handler for " + c.getClass());
  }

  private static AgreementTerms terms(Context cx, String agreement) {
    return cx.store.get(AgreementState.key(agreement)).terms();
  }

  /**
   * Applies every record in order. The result lists how many were applied, identical repeats,
   * duplicate conflicts and reversals of nothing.
   */
  private static Result attest(Context cx, Admission.Admitted a, Requests.AttestationBatch batch) {
    long[] counts = new long[4];
    AgreementTerms terms = null;
    for (EventRecord record : batch.records()) {
      if (terms == null || !terms.id().equals(record.agreement())) {
        terms = terms(cx, record.agreement());
      }
      String outcome = Attestations.apply(cx, terms, a.institution(), a.user(), a.role(), record);
      switch (outcome) {
        case Attestations.APPLIED -> counts[0]++;
        case Attestations.IDENTICAL -> counts[1]++;
        case Attestations.CONFLICT -> counts[2]++;
        default -> counts[3]++;
      }
    }
    List<String> result = new ArrayList<>();
    for (long count : counts) {
      result.add(Long.toString(count));
    }
    return new Result(Check.accepted(), Context.eventBytes(result));
  }
}
