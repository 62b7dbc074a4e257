package io.entente.app.colending;

import io.entente.app.colending.Requests.ProposalKind;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A break: what differs, since when (block time and height), its amount at stake, the open proposal
 * if any, and its resolution. Lifecycle OPEN → PROPOSED → RESOLVED → CLOSED; a rejection returns it
 * to OPEN. Mutable, copied on first edit in a transaction. Key {@code brk/<id>}.
 */
final class Break {
  enum State {
    OPEN,
    PROPOSED,
    RESOLVED,
    CLOSED
  }

  /** The open proposal: who made it (institution and user), what it is and why. */
  record Proposal(
      String proposalId,
      String institution,
      String user,
      ProposalKind kind,
      String reason,
      EventRecord record,
      long atMs) {
    void write(Writer w) {
      Fields.writeRef(w, proposalId);
      Fields.writeRef(w, institution);
      w.string(user, ColendingLimits.USER_BYTES_MAX);
      Fields.writeEnum(w, kind);
      Fields.writeReason(w, reason);
      w.optional(record, EventRecord.CODEC::writeTo);
      w.i64(atMs);
    }

    static Proposal read(Reader r) {
      return new Proposal(
          Fields.readRef(r, "proposal id"),
          Fields.readRef(r, "institution"),
          r.string(ColendingLimits.USER_BYTES_MAX, "user"),
          Fields.readEnum(r, ProposalKind.values(), "kind"),
          Fields.readReason(r, "reason"),
          r.optional("record", EventRecord.CODEC::readFrom),
          r.i64("at"));
    }
  }

  final String id;
  final String agreement;
  BreakType type;

  /** The key of a record break; null for agreement-level breaks. */
  final RecordKey key;

  /** For a balance break, the statement date; otherwise {@link Recon#NO_DAY}. */
  final int day;

  State state = State.OPEN;
  final long openedMs;

  /** The height of the block that opened it. */
  long openedHeight;

  final long slaMs;
  long amountAtStake;
  final ArrayList<String> diffs = new ArrayList<>();
  Proposal proposal;

  /** Proposals decided so far, so a repeated decision is a no-op. */
  final ArrayList<String> decided = new ArrayList<>();

  String lastRejection = "";
  long resolvedMs;
  String resolution = "";

  Break(
      String id,
      String agreement,
      BreakType type,
      RecordKey key,
      int day,
      long openedMs,
      long slaMs) {
    this.id = Fields.ref(id, "break id");
    this.agreement = agreement;
    this.type = type;
    this.key = key;
    this.day = day;
    this.openedMs = openedMs;
    this.slaMs = slaMs;
  }

  static Store.Key<Break> key(String id) {
    return Store.Key.of("brk/" + id, CODEC, Break::copy);
  }

  boolean isOpen() {
    return state == State.OPEN || state == State.PROPOSED;
  }

  void setDiffs(List<String> next) {
    diffs.clear();
    for (String diff : next.subList(0, Math.min(next.size(), ColendingLimits.BREAK_DIFFS_MAX))) {
      diffs.add(Fields.truncate(diff, ColendingLimits.DIFF_BYTES_MAX));
    }
  }

  Break copy() {
    Break c = new Break(id, agreement, type, key, day, openedMs, slaMs);
    c.openedHeight = openedHeight;
    c.state = state;
    c.amountAtStake = amountAtStake;
    c.diffs.addAll(diffs);
    c.proposal = proposal;
    c.decided.addAll(decided);
    c.lastRejection = lastRejection;
    c.resolvedMs = resolvedMs;
    c.resolution = resolution;
    return c;
  }

  static final Codec<Break> CODEC =
      new SimpleCodec<>(ColendingTags.BREAK, 2, 64 * 1024, Break::write, Break::read);

  private static void write(Writer w, Break b) {
    Fields.writeRef(w, b.id);
    Fields.writeRef(w, b.agreement);
    Fields.writeEnum(w, b.type);
    w.optional(b.key, (ww, k) -> k.write(ww));
    Fields.writeDay(w, b.day);
    w.i64(b.openedMs).i64(b.openedHeight).i64(b.slaMs);
    Fields.writeEnum(w, b.state);
    w.i64(b.amountAtStake);
    w.list(
        b.diffs,
        ColendingLimits.BREAK_DIFFS_MAX,
        (ww, d) -> ww.string(d, ColendingLimits.DIFF_BYTES_MAX));
    w.optional(b.proposal, (ww, p) -> p.write(ww));
    w.list(b.decided, ColendingLimits.DECIDED_PROPOSALS_MAX, Fields::writeRef);
    Fields.writeReason(w, b.lastRejection);
    w.i64(b.resolvedMs);
    Fields.writeReason(w, b.resolution);
  }

  private static Break read(Reader r) {
    Break b =
        new Break(
                Fields.readRef(r, "id"),
                Fields.readRef(r, "agreement"),
                Fields.readEnum(r, BreakType.values(), "type"),
                r.optional("key", RecordKey::read),
                Fields.readDay(r, "day"),
                0,
                0)
            .withTimes(r.i64("opened"), r.i64("opened height"), r.i64("sla"));
    b.state = Fields.readEnum(r, State.values(), "state");
    b.amountAtStake = r.i64("amount at stake");
    b.diffs.addAll(
        r.list(
            ColendingLimits.BREAK_DIFFS_MAX,
            "diffs",
            rr -> rr.string(ColendingLimits.DIFF_BYTES_MAX, "diff")));
    b.proposal = r.optional("proposal", Proposal::read);
    b.decided.addAll(
        r.list(
            ColendingLimits.DECIDED_PROPOSALS_MAX,
            "decided",
            rr -> Fields.readRef(rr, "proposal id")));
    b.lastRejection = Fields.readReason(r, "last rejection");
    b.resolvedMs = r.i64("resolved");
    b.resolution = Fields.readReason(r, "resolution");
    return b;
  }

  private Break withTimes(long opened, long height, long sla) {
    Break b = new Break(id, agreement, type, key, day, opened, sla);
    b.openedHeight = height;
    return b;
  }
}
