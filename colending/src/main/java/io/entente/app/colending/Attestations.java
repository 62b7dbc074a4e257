package io.entente.app.colending;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies one institution's attestation of one key: REPORT, CORRECT or REVERSE, then runs the
 * checks that follow every change of a key (split, pairing, postings, loan, settlement, hold,
 * statement row). Reported facts are never refused: differences become breaks.
 */
final class Attestations {
  private Attestations() {}

  static final String MATCHED = "record-matched";

  /** Outcomes kept in the attestation history. */
  static final String APPLIED = "applied";

  static final String IDENTICAL = "identical-repeat";
  static final String CONFLICT = "duplicate-conflict";
  static final String NOTHING_TO_REVERSE = "nothing-to-reverse";

  /** Applies the attestation; returns its outcome. */
  static String apply(
      Context cx,
      AgreementTerms terms,
      String institution,
      String user,
      String role,
      EventRecord record) {
    boolean isLead = institution.equals(terms.lead());
    Store.Key<Recon> storeKey = Recon.key(record.key());
    Recon recon = cx.store.edit(storeKey);
    if (recon == null) {
      if (record.action() == Action.REVERSE) {
        return NOTHING_TO_REVERSE;
      }
      recon = new Recon(record.key());
      cx.store.put(storeKey, recon);
    }
    String outcome =
        switch (record.action()) {
          case REPORT -> report(cx, terms, recon, isLead, user, record);
          case CORRECT -> supersede(cx, terms, recon, isLead, user, record);
          case REVERSE -> reverse(cx, terms, recon, isLead);
        };
    cx.store.put(
        Indexes.History.key(recon.key, recon.versions++),
        new Indexes.History(record, institution, user, role, cx.nowMs, outcome));
    if (outcome.equals(APPLIED)) {
      if (recon.state == Recon.State.ADJUSTED) {
        // A new attestation after an agreed adjustment: matching runs on the reports again.
        recon.state = Recon.State.AWAITING_COUNTERPART;
      }
      reevaluate(cx, terms, recon);
    }
    return outcome;
  }

  private static String report(
      Context cx,
      AgreementTerms terms,
      Recon recon,
      boolean isLead,
      String user,
      EventRecord record) {
    Recon.Side side = recon.side(isLead);
    if (side == null) {
      return supersede(cx, terms, recon, isLead, user, record);
    }
    EventRecord filled = fill(cx, terms, recon, record);
    if (filled.sameFacts(side.record())) {
      return IDENTICAL;
    }
    // The first report stays in effect; the conflicting one is kept in the history only.
    Matching.Comparison diff = Matching.compare(side.record(), filled, 0, "first", "repeat");
    List<String> diffs = new ArrayList<>();
    diffs.add((isLead ? "lead" : "partner") + " reported the key again with other content");
    diffs.addAll(diff.diffs());
    if (diffs.size() == 1) {
      diffs.add("a field outside the compared ones differs (payment, settlement or hold ref)");
    }
    recon.duplicateBreak =
        Breaks.openOrUpdate(
            cx,
            terms,
            recon.duplicateBreak,
            BreakType.DUPLICATE_CONFLICT,
            recon.key,
            Math.abs(side.record().amount() - filled.amount()),
            diffs);
    return CONFLICT;
  }

  /** Sets the institution's current attestation (a first report, or a correction). */
  static String supersede(
      Context cx,
      AgreementTerms terms,
      Recon recon,
      boolean isLead,
      String user,
      EventRecord record) {
    if (recon.lead == null && recon.partner == null) {
      // A first attestation (or the first after every one was reversed) starts the SLA clock.
      recon.firstAttestedMs = cx.nowMs;
      recon.slaDeadlineMs = cx.nowMs + terms.counterpartSlaMs();
      Deadlines.enqueueSla(cx, recon.key, recon.slaDeadlineMs);
    }
    EventRecord filled = fill(cx, terms, recon, record);
    recon.setSide(
        isLead,
        new Recon.Side(filled, record.partnerPortion() != null, user, cx.nowMs, recon.versions));
    if (record.action() == Action.CORRECT) {
      Breaks.resolveIfOpen(cx, recon.duplicateBreak, "superseded by a correction");
    }
    return APPLIED;
  }

  private static String reverse(Context cx, AgreementTerms terms, Recon recon, boolean isLead) {
    if (recon.side(isLead) == null) {
      return NOTHING_TO_REVERSE;
    }
    recon.setSide(isLead, null);
    Breaks.resolveIfOpen(cx, recon.duplicateBreak, "withdrawn by a reversal");
    return APPLIED;
  }

  /** The record with its partner portion: as reported, or computed by the split rule. */
  static EventRecord fill(Context cx, AgreementTerms terms, Recon recon, EventRecord record) {
    if (record.partnerPortion() != null) {
      return record;
    }
    Loan before = Splits.loanBefore(cx.store, recon, record);
    return record.withPartnerPortion(Splits.expected(terms, record, before));
  }

  /** Everything that follows a change of the key's attestations. */
  static void reevaluate(Context cx, AgreementTerms terms, Recon recon) {
    checkSplit(cx, terms, recon);
    if (recon.state != Recon.State.ADJUSTED || recon.agreed == null) {
      pair(cx, terms, recon);
    }
    follow(cx, recon);
    Loans.apply(cx, recon);
    Settlements.apply(cx, terms, recon);
    Holds.consume(cx, recon);
    Days.addRow(cx, recon);
    indexPaymentRef(cx, recon);
  }

  /** SPLIT_MISMATCH: a reported partner portion differs from the rule; one break per key. */
  private static void checkSplit(Context cx, AgreementTerms terms, Recon recon) {
    List<String> diffs = new ArrayList<>();
    long atStake = 0;
    for (boolean isLead : new boolean[] {true, false}) {
      Recon.Side side = recon.side(isLead);
      if (side == null || !side.portionReported()) {
        continue;
      }
      Loan before = Splits.loanBefore(cx.store, recon, side.record());
      Components expected = Splits.expected(terms, side.record(), before);
      Components reported = side.record().partnerPortion();
      if (!expected.equals(reported)) {
        String who = isLead ? "lead" : "partner";
        diffs.add(who + " partner portion " + portion(reported) + ", rule " + portion(expected));
        atStake = Math.max(atStake, Math.abs(reported.sum() - expected.sum()));
      }
    }
    if (diffs.isEmpty()) {
      Breaks.resolveIfOpen(cx, recon.splitBreak, "partner portions follow the split rule");
    } else {
      recon.splitBreak =
          Breaks.openOrUpdate(
              cx, terms, recon.splitBreak, BreakType.SPLIT_MISMATCH, recon.key, atStake, diffs);
    }
  }

  private static String portion(Components c) {
    return Money.yuan(c.principal())
        + "/"
        + Money.yuan(c.interest())
        + "/"
        + Money.yuan(c.penalty())
        + "/"
        + Money.yuan(c.fee());
  }

  /** Matching of the two reports, and the key's pairing break (one per key). */
  private static void pair(Context cx, AgreementTerms terms, Recon recon) {
    Recon.State before = recon.state;
    recon.agreed = null;
    recon.timingNote = false;
    if (recon.lead == null && recon.partner == null) {
      recon.state = Recon.State.WITHDRAWN;
      Breaks.resolveIfOpen(cx, recon.pairingBreak, "every report was reversed");
      return;
    }
    if (recon.lead == null || recon.partner == null) {
      recon.state = Recon.State.AWAITING_COUNTERPART;
      Break open = Breaks.editOpen(cx, recon.pairingBreak);
      if (open != null && open.type != BreakType.ONE_SIDED) {
        if (cx.nowMs >= recon.slaDeadlineMs) {
          recon.pairingBreak = Deadlines.oneSided(cx, terms, recon);
        } else {
          Breaks.resolve(cx, open, "the counterpart withdrew its report; awaiting it again");
        }
      }
      return;
    }
    Matching.Comparison comparison =
        Matching.compare(recon.lead.record(), recon.partner.record(), terms.dateToleranceDays());
    if (comparison.type() == null) {
      recon.state = Recon.State.MATCHED;
      recon.agreed = Matching.agreed(recon.lead.record(), recon.partner.record());
      recon.timingNote = comparison.timingNote();
      Breaks.resolveIfOpen(cx, recon.pairingBreak, "the records match");
      if (before != Recon.State.MATCHED) {
        cx.emit(
            MATCHED,
            recon.key.agreement(),
            recon.key.type().name(),
            recon.key.eventRef(),
            recon.timingNote ? "timing-note" : "");
      }
      return;
    }
    recon.state = Recon.State.MISMATCHED;
    recon.pairingBreak =
        Breaks.openOrUpdate(
            cx,
            terms,
            recon.pairingBreak,
            comparison.type(),
            recon.key,
            comparison.amountAtStake(),
            comparison.diffs());
  }

  /** Posting rules 2 and 3 for the key's current state. */
  private static void follow(Context cx, Recon recon) {
    switch (recon.state) {
      case MATCHED, ADJUSTED -> Books.follow(cx, recon, Books.legs(recon.agreed), true, false);
      case AWAITING_COUNTERPART ->
          Books.follow(cx, recon, Books.legs(recon.effective()), false, false);
      case MISMATCHED ->
          Books.follow(
              cx,
              recon,
              Books.conservative(
                  Books.legs(recon.lead.record()), Books.legs(recon.partner.record())),
              false,
              true);
      case WITHDRAWN -> Books.follow(cx, recon, Books.none(), false, false);
    }
  }

  private static void indexPaymentRef(Context cx, Recon recon) {
    EventRecord effective = recon.effective();
    if (effective == null || effective.paymentRef().isEmpty()) {
      return;
    }
    Store.Key<Indexes.PaymentRef> key =
        Indexes.PaymentRef.key(recon.key.agreement(), effective.paymentRef());
    if (cx.store.get(key) == null) {
      cx.store.put(key, new Indexes.PaymentRef(recon.key));
    }
  }
}
