package io.entente.app.colending;

import io.entente.core.check.Check;

/**
 * DISBURSEMENT_REQUEST: a hold on available reserve for the partner's principal portion, granted or
 * refused at once (holds never take available below zero, nor the partner's principal above the
 * cap); consumed by the disbursement that names it; released when its TTL passes in block time.
 */
final class Holds {
  private Holds() {}

  static final String GRANTED = "hold-granted";
  static final String CONSUMED = "hold-consumed";
  static final String RELEASED = "hold-released";

  static final String INSUFFICIENT = "insufficient-available";
  static final String CAP_EXCEEDED = "cap-exceeded";
  static final String HOLD_EXISTS = "hold-exists";

  static Check request(Context cx, AgreementTerms terms, Requests.HoldRequest request) {
    Store.Key<Hold> key = Hold.key(terms.id(), request.holdRef());
    long amount = SplitTable.share(request.principal(), terms.split().principalBp());
    Hold existing = cx.store.get(key);
    if (existing != null) {
      // The same request again is a no-op; another with the same ref is refused.
      boolean same =
          existing.amount() == amount
              && existing.loanRef().equals(request.loanRef())
              && existing.status() == Hold.Status.ACTIVE;
      return Check.require(same, HOLD_EXISTS, () -> "hold " + request.holdRef() + " exists");
    }
    Position position = cx.store.get(Position.key(terms.id()));
    if (position.available() - amount < 0) {
      return Check.rejected(
          INSUFFICIENT,
          "available " + Money.yuan(position.available()) + " < hold " + Money.yuan(amount));
    }
    long exposure = position.partnerExposure() + amount;
    if (exposure > terms.partnerPrincipalCapFen()) {
      return Check.rejected(
          CAP_EXCEEDED,
          "partner principal would reach "
              + Money.yuan(exposure)
              + " above the cap "
              + Money.yuan(terms.partnerPrincipalCapFen()));
    }
    long expires = cx.nowMs + terms.holdTtlMs();
    cx.store.put(
        key,
        new Hold(
            terms.id(),
            request.holdRef(),
            request.loanRef(),
            amount,
            cx.nowMs,
            expires,
            Hold.Status.ACTIVE));
    Position edited = cx.store.edit(Position.key(terms.id()));
    edited.held += amount;
    cx.touched.add(terms.id());
    Deadlines.enqueueHold(cx, terms.id(), request.holdRef(), expires);
    cx.emit(GRANTED, terms.id(), request.holdRef(), Long.toString(amount), Long.toString(expires));
    return Check.accepted();
  }

  /** Posting rule 5: a disbursement carrying a hold_ref consumes that hold, once. */
  static void consume(Context cx, Recon recon) {
    if (recon.holdConsumed || recon.key.type() != EventType.DISBURSEMENT) {
      return;
    }
    String holdRef = "";
    for (Recon.Side side : new Recon.Side[] {recon.lead, recon.partner}) {
      if (side != null && holdRef.isEmpty()) {
        holdRef = side.record().holdRef();
      }
    }
    if (holdRef.isEmpty()) {
      return;
    }
    Store.Key<Hold> key = Hold.key(recon.key.agreement(), holdRef);
    Hold hold = cx.store.get(key);
    if (hold == null || hold.status() != Hold.Status.ACTIVE) {
      return;
    }
    end(cx, hold, Hold.Status.CONSUMED, CONSUMED);
    recon.holdConsumed = true;
  }

  /** A hold's TTL has passed: release it unless it was consumed. */
  static void expire(Context cx, String agreement, String holdRef) {
    Hold hold = cx.store.get(Hold.key(agreement, holdRef));
    if (hold != null && hold.status() == Hold.Status.ACTIVE && hold.expiresMs() <= cx.nowMs) {
      end(cx, hold, Hold.Status.RELEASED, RELEASED);
    }
  }

  private static void end(Context cx, Hold hold, Hold.Status status, String event) {
    cx.store.put(Hold.key(hold.agreement(), hold.holdRef()), hold.with(status));
    Position position = cx.store.edit(Position.key(hold.agreement()));
    position.held -= hold.amount();
    cx.touched.add(hold.agreement());
    cx.emit(event, hold.agreement(), hold.holdRef(), Long.toString(hold.amount()));
  }
}
