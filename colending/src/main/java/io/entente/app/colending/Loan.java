package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;

/**
 * A loan (借據) as the records describe it: principal disbursed, outstanding principal and the
 * partner's outstanding principal. Key {@code loan/<agreement>/<ref>}.
 */
record Loan(
    String agreement, String loanRef, long principal, long outstanding, long partnerOutstanding) {
  static final Codec<Loan> CODEC =
      new SimpleCodec<>(
          ColendingTags.LOAN,
          1,
          256,
          (w, v) -> {
            Fields.writeRef(w, v.agreement);
            Fields.writeRef(w, v.loanRef);
            w.i64(v.principal).i64(v.outstanding).i64(v.partnerOutstanding);
          },
          r ->
              new Loan(
                  Fields.readRef(r, "agreement"),
                  Fields.readRef(r, "loan_ref"),
                  r.i64("principal"),
                  r.i64("outstanding"),
                  r.i64("partner outstanding")));

  Loan {
    Fields.ref(agreement, "agreement");
    Fields.ref(loanRef, "loan_ref");
  }

  static Store.Key<Loan> key(String agreement, String loanRef) {
    return Store.Key.immutable("loan/" + agreement + "/" + loanRef, CODEC);
  }
}
