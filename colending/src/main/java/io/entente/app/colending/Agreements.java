package io.entente.app.colending;

import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;

/** Agreement proposal by the lead and acceptance by the partner. */
final class Agreements {
  private Agreements() {}

  static final String ACTIVE = "agreement-active";
  static final String PROPOSED = "agreement-proposed";
  static final String TERMS_CHANGED = "terms-changed";
  static final String NOT_PROPOSED = "agreement-not-proposed";
  static final String TOO_MANY = "too-many-agreements";

  static Hash termsHash(AgreementTerms terms) {
    return new Hash(Books.sha256(AgreementTerms.CODEC.encode(terms).unsafeArray()));
  }

  /** Every agreement ever proposed in the channel, in proposal order (ids, once each). */
  static final String INDEX = "agrs";

  /**
   * Proposes an agreement or re-proposes one not yet active. A channel holds at most {@value
   * ColendingLimits#AGREEMENTS_MAX} agreements, proposed or active (none is ever removed), so
   * proposals never accepted cannot grow the index without bound.
   */
  static Check propose(Context cx, AgreementTerms terms, String user) {
    if (cx.store.get(AgreementState.key(terms.id())) == null) {
      long count = Chunks.head(cx.store, INDEX).count();
      if (count >= ColendingLimits.AGREEMENTS_MAX) {
        return Check.rejected(
            TOO_MANY,
            "the channel already holds "
                + count
                + " agreements, proposed or active (at most "
                + ColendingLimits.AGREEMENTS_MAX
                + ")");
      }
      Chunks.append(cx.store, INDEX, new Chunks.Entry(0, terms.id()));
    }
    cx.store.put(
        AgreementState.key(terms.id()),
        new AgreementState(terms, AgreementState.Status.PROPOSED, user, ""));
    cx.emit(PROPOSED, terms.id(), termsHash(terms).toHex());
    return Check.accepted();
  }

  static Check accept(Context cx, Requests.AgreementAccept accept, String user) {
    AgreementState state = cx.store.get(AgreementState.key(accept.agreement()));
    if (state.active()) {
      return Check.require(
          termsHash(state.terms()).equals(accept.termsHash()),
          TERMS_CHANGED,
          () -> "the active terms differ from the accepted hash");
    }
    AgreementTerms terms = state.terms();
    if (!termsHash(terms).equals(accept.termsHash())) {
      return Check.rejected(TERMS_CHANGED, "the proposed terms differ from the accepted hash");
    }
    cx.store.put(
        AgreementState.key(terms.id()),
        new AgreementState(terms, AgreementState.Status.ACTIVE, state.proposedBy(), user));
    AgreementState.ActiveList list = cx.store.get(AgreementState.ActiveList.KEY);
    List<String> ids = new ArrayList<>(list == null ? List.of() : list.agreements());
    ids.add(terms.id());
    ids.sort(String::compareTo);
    cx.store.put(AgreementState.ActiveList.KEY, new AgreementState.ActiveList(ids));
    Position position = new Position(terms.id());
    position.roll(cx.nowMs);
    cx.store.put(Position.key(terms.id()), position);
    cx.store.put(DayBook.key(terms.id()), new DayBook(terms.id(), cx.today, 0));
    cx.touched.add(terms.id());
    cx.emit(ACTIVE, terms.id(), termsHash(terms).toHex());
    return Check.accepted();
  }
}
