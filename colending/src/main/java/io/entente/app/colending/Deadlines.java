package io.entente.app.colending;

import java.util.List;
import java.util.OptionalLong;

/**
 * Deadlines in block time. Each agreement has two FIFO queues in state (counterpart SLAs and hold
 * TTLs): within one agreement both durations are fixed and block time only grows, so entries are
 * appended in deadline order and a block pops only what is due. Entries are checked when popped, so
 * one that no longer applies (the counterpart reported, the hold was consumed) costs nothing.
 */
final class Deadlines {
  private Deadlines() {}

  static String slaQueue(String agreement) {
    return "q/" + agreement + "/sla";
  }

  static String holdQueue(String agreement) {
    return "q/" + agreement + "/hold";
  }

  static void enqueueSla(Context cx, RecordKey key, long deadlineMs) {
    Chunks.append(
        cx.store,
        slaQueue(key.agreement()),
        new Chunks.Entry(deadlineMs, key.type().name() + "/" + key.eventRef()));
  }

  static void enqueueHold(Context cx, String agreement, String holdRef, long deadlineMs) {
    Chunks.append(cx.store, holdQueue(agreement), new Chunks.Entry(deadlineMs, holdRef));
  }

  /** Everything due at the block time, for every active agreement. */
  static void run(Context cx) {
    AgreementState.ActiveList active = cx.store.get(AgreementState.ActiveList.KEY);
    if (active == null) {
      return;
    }
    for (String agreement : active.agreements()) {
      AgreementTerms terms = cx.store.get(AgreementState.key(agreement)).terms();
      runSla(cx, terms);
      runHolds(cx, agreement);
      Days.autoClose(cx, terms);
      cx.touched.add(agreement);
    }
  }

  private static void runSla(Context cx, AgreementTerms terms) {
    String queue = slaQueue(terms.id());
    Chunks.Entry entry;
    while ((entry = Chunks.peek(cx.store, queue)) != null && entry.number() <= cx.nowMs) {
      Chunks.pop(cx.store, queue);
      if (slaApplies(cx.store, terms.id(), entry)) {
        Recon recon = cx.store.edit(Recon.key(slaKey(terms.id(), entry)));
        recon.pairingBreak = oneSided(cx, terms, recon);
      }
    }
  }

  private static RecordKey slaKey(String agreement, Chunks.Entry entry) {
    int slash = entry.text().indexOf('/');
    return new RecordKey(
        agreement,
        EventType.valueOf(entry.text().substring(0, slash)),
        entry.text().substring(slash + 1));
  }

  /** Whether an SLA entry still matters: its key is one-sided since that deadline, no break yet. */
  private static boolean slaApplies(Store store, String agreement, Chunks.Entry entry) {
    Recon recon = store.get(Recon.key(slaKey(agreement, entry)));
    if (recon == null || (recon.lead == null) == (recon.partner == null)) {
      return false;
    }
    if (recon.slaDeadlineMs != entry.number()) {
      return false;
    }
    if (recon.pairingBreak.isEmpty()) {
      return true;
    }
    return !store.get(Break.key(recon.pairingBreak)).isOpen();
  }

  private static boolean holdApplies(Store store, String agreement, Chunks.Entry entry) {
    Hold hold = store.get(Hold.key(agreement, entry.text()));
    return hold != null && hold.status() == Hold.Status.ACTIVE;
  }

  /**
   * Drops queue heads that no longer apply (the counterpart reported, the hold was consumed), so
   * the next deadline the ledger is told of is a real one and an idle chain makes no needless
   * block. Every entry is dropped once, here or when due, so this costs O(1) per entry.
   */
  static void trim(Context cx) {
    AgreementState.ActiveList active = cx.store.get(AgreementState.ActiveList.KEY);
    if (active == null) {
      return;
    }
    for (String agreement : active.agreements()) {
      Chunks.Entry entry;
      String sla = slaQueue(agreement);
      while ((entry = Chunks.peek(cx.store, sla)) != null
          && !slaApplies(cx.store, agreement, entry)) {
        Chunks.pop(cx.store, sla);
      }
      String holds = holdQueue(agreement);
      while ((entry = Chunks.peek(cx.store, holds)) != null
          && !holdApplies(cx.store, agreement, entry)) {
        Chunks.pop(cx.store, holds);
      }
    }
  }

  /** Opens (or re-types to) ONE_SIDED the key's pairing break: the counterpart is late. */
  static String oneSided(Context cx, AgreementTerms terms, Recon recon) {
    boolean leadReported = recon.lead != null;
    EventRecord sole = leadReported ? recon.lead.record() : recon.partner.record();
    List<String> diffs =
        List.of(
            (leadReported ? "partner" : "lead")
                + " has not reported within the SLA; "
                + (leadReported ? "lead" : "partner")
                + " reported "
                + Money.yuan(sole.amount()));
    return Breaks.openOrUpdate(
        cx, terms, recon.pairingBreak, BreakType.ONE_SIDED, recon.key, sole.amount(), diffs);
  }

  private static void runHolds(Context cx, String agreement) {
    String queue = holdQueue(agreement);
    Chunks.Entry entry;
    while ((entry = Chunks.peek(cx.store, queue)) != null && entry.number() <= cx.nowMs) {
      Chunks.pop(cx.store, queue);
      Holds.expire(cx, agreement, entry.text());
    }
  }

  /**
   * The earliest deadline still ahead: a queue head or a day's automatic close. The ledger makes a
   * time-advancing block then, so deadlines fire on an idle chain.
   */
  static OptionalLong next(Store store) {
    AgreementState.ActiveList active = store.get(AgreementState.ActiveList.KEY);
    if (active == null) {
      return OptionalLong.empty();
    }
    long next = Long.MAX_VALUE;
    for (String agreement : active.agreements()) {
      for (String queue : List.of(slaQueue(agreement), holdQueue(agreement))) {
        Chunks.Entry head = Chunks.peek(store, queue);
        if (head != null) {
          next = Math.min(next, head.number());
        }
      }
      next = Math.min(next, Days.autoCloseAt(store, agreement));
    }
    return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
  }
}
