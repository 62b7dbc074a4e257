package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;

/**
 * A hold on available reserve granted to a disbursement request: consumed by the disbursement that
 * names it, or released when its TTL passes in block time. Key {@code hold/<agreement>/<ref>}.
 */
record Hold(
    String agreement,
    String holdRef,
    String loanRef,
    long amount,
    long createdMs,
    long expiresMs,
    Status status) {
  enum Status {
    ACTIVE,
    CONSUMED,
    RELEASED
  }

  static final Codec<Hold> CODEC =
      new SimpleCodec<>(
          ColendingTags.HOLD,
          1,
          512,
          (w, v) -> {
            Fields.writeRef(w, v.agreement);
            Fields.writeRef(w, v.holdRef);
            Fields.writeRef(w, v.loanRef);
            w.i64(v.amount).i64(v.createdMs).i64(v.expiresMs);
            Fields.writeEnum(w, v.status);
          },
          r ->
              new Hold(
                  Fields.readRef(r, "agreement"),
                  Fields.readRef(r, "hold_ref"),
                  Fields.readRef(r, "loan_ref"),
                  r.i64("amount"),
                  r.i64("created"),
                  r.i64("expires"),
                  Fields.readEnum(r, Status.values(), "status")));

  Hold {
    Fields.ref(agreement, "agreement");
    Fields.ref(holdRef, "hold_ref");
    Fields.ref(loanRef, "loan_ref");
    Fields.fen(amount, "amount");
  }

  static Store.Key<Hold> key(String agreement, String holdRef) {
    return Store.Key.immutable("hold/" + agreement + "/" + holdRef, CODEC);
  }

  Hold with(Status next) {
    return new Hold(agreement, holdRef, loanRef, amount, createdMs, expiresMs, next);
  }
}
