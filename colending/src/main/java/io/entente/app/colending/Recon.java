package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reconciliation record of one key: each institution's current attestation, the matching state,
 * the transfers it holds, and the breaks raised on it. Mutable, copied on first edit in a
 * transaction. Key {@code rec/<agreement>/<TYPE>/<ref>}.
 */
final class Recon {
  /** Where the key stands (the contract's AWAITING_COUNTERPART → MATCHED, and the others). */
  enum State {
    AWAITING_COUNTERPART,
    MATCHED,
    MISMATCHED,
    /** Every attestation was reversed. */
    WITHDRAWN,
    /** The two institutions agreed an adjustment through the break workflow. */
    ADJUSTED
  }

  /**
   * One institution's current attestation: the record with its partner portion filled in, whether
   * the portion was reported (and so checked), who reported it, when, and its version.
   */
  record Side(EventRecord record, boolean portionReported, String user, long atMs, int version) {
    Side {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(record.partnerPortion(), "effective partner portion");
    }

    void write(Writer w) {
      EventRecord.CODEC.writeTo(w, record);
      w.bool(portionReported).string(user, ColendingLimits.USER_BYTES_MAX);
      w.i64(atMs).u32(version);
    }

    static Side read(Reader r) {
      return new Side(
          EventRecord.CODEC.readFrom(r),
          r.bool("portion reported"),
          r.string(ColendingLimits.USER_BYTES_MAX, "user"),
          r.i64("at"),
          r.u32("version"));
    }
  }

  /** A transfer leg the record currently holds (mirrors the stored transfer). */
  record Leg(
      String transferId,
      Account from,
      Account to,
      long amount,
      Transfer.Status status,
      boolean conservative) {
    void write(Writer w) {
      Fields.writeRef(w, transferId);
      Fields.writeEnum(w, from);
      Fields.writeEnum(w, to);
      w.i64(amount);
      Fields.writeEnum(w, status);
      w.bool(conservative);
    }

    static Leg read(Reader r) {
      return new Leg(
          Fields.readRef(r, "transfer id"),
          Fields.readEnum(r, Account.values(), "from"),
          Fields.readEnum(r, Account.values(), "to"),
          r.i64("amount"),
          Fields.readEnum(r, Transfer.Status.values(), "status"),
          r.bool("conservative"));
    }
  }

  static final int NO_DAY = Integer.MIN_VALUE;

  final RecordKey key;
  Side lead;
  Side partner;
  int versions;

  /** Transfers created for this key so far: the sequence in each transfer id. */
  int transfers;

  State state = State.AWAITING_COUNTERPART;
  long firstAttestedMs;
  long slaDeadlineMs;
  boolean timingNote;
  EventRecord agreed;

  /** Slot per leg index (null when the leg has no transfer). */
  final ArrayList<Leg> legs = new ArrayList<>();

  String loanApplied = "";
  long loanPrincipalApplied;
  long loanPartnerApplied;
  String settlementApplied = "";
  long settlementContribution;
  String pairingBreak = "";
  String splitBreak = "";
  String duplicateBreak = "";
  String netBreak = "";
  int statementDay = NO_DAY;
  boolean holdConsumed;

  Recon(RecordKey key) {
    this.key = key;
  }

  static Store.Key<Recon> key(RecordKey key) {
    return Store.Key.of("rec/" + key.path(), CODEC, Recon::copy);
  }

  Side side(boolean isLead) {
    return isLead ? lead : partner;
  }

  void setSide(boolean isLead, Side side) {
    if (isLead) {
      lead = side;
    } else {
      partner = side;
    }
  }

  /** The record the books follow: the agreed one, else the lead's, else the partner's. */
  EventRecord effective() {
    if (agreed != null) {
      return agreed;
    }
    if (lead != null) {
      return lead.record();
    }
    return partner == null ? null : partner.record();
  }

  Recon copy() {
    Recon c = new Recon(key);
    c.lead = lead;
    c.partner = partner;
    c.versions = versions;
    c.transfers = transfers;
    c.state = state;
    c.firstAttestedMs = firstAttestedMs;
    c.slaDeadlineMs = slaDeadlineMs;
    c.timingNote = timingNote;
    c.agreed = agreed;
    c.legs.addAll(legs);
    c.loanApplied = loanApplied;
    c.loanPrincipalApplied = loanPrincipalApplied;
    c.loanPartnerApplied = loanPartnerApplied;
    c.settlementApplied = settlementApplied;
    c.settlementContribution = settlementContribution;
    c.pairingBreak = pairingBreak;
    c.splitBreak = splitBreak;
    c.duplicateBreak = duplicateBreak;
    c.netBreak = netBreak;
    c.statementDay = statementDay;
    c.holdConsumed = holdConsumed;
    return c;
  }

  static final Codec<Recon> CODEC =
      new SimpleCodec<>(ColendingTags.RECON, 1, 8 * 1024, Recon::write, Recon::read);

  private static void write(Writer w, Recon v) {
    v.key.write(w);
    w.optional(v.lead, (ww, s) -> s.write(ww));
    w.optional(v.partner, (ww, s) -> s.write(ww));
    w.u32(v.versions).u32(v.transfers);
    Fields.writeEnum(w, v.state);
    w.i64(v.firstAttestedMs).i64(v.slaDeadlineMs).bool(v.timingNote);
    w.optional(v.agreed, EventRecord.CODEC::writeTo);
    w.list(v.legs, 4, (ww, leg) -> ww.optional(leg, (www, l) -> l.write(www)));
    Fields.writeRef(w, v.loanApplied);
    w.i64(v.loanPrincipalApplied).i64(v.loanPartnerApplied);
    Fields.writeRef(w, v.settlementApplied);
    w.i64(v.settlementContribution);
    Fields.writeRef(w, v.pairingBreak);
    Fields.writeRef(w, v.splitBreak);
    Fields.writeRef(w, v.duplicateBreak);
    Fields.writeRef(w, v.netBreak);
    Fields.writeDay(w, v.statementDay);
    w.bool(v.holdConsumed);
  }

  private static Recon read(Reader r) {
    Recon v = new Recon(RecordKey.read(r));
    v.lead = r.optional("lead", Side::read);
    v.partner = r.optional("partner", Side::read);
    v.versions = r.u32("versions");
    v.transfers = r.u32("transfers");
    v.state = Fields.readEnum(r, State.values(), "state");
    v.firstAttestedMs = r.i64("first attested");
    v.slaDeadlineMs = r.i64("SLA deadline");
    v.timingNote = r.bool("timing note");
    v.agreed = r.optional("agreed", EventRecord.CODEC::readFrom);
    List<Leg> legs = r.list(4, "legs", rr -> rr.optional("leg", Leg::read));
    v.legs.addAll(legs);
    v.loanApplied = Fields.optionalRef(Fields.readRef(r, "loan applied"), "loan applied");
    v.loanPrincipalApplied = r.i64("loan principal applied");
    v.loanPartnerApplied = r.i64("loan partner applied");
    v.settlementApplied = Fields.optionalRef(Fields.readRef(r, "settlement"), "settlement");
    v.settlementContribution = r.i64("settlement contribution");
    v.pairingBreak = Fields.optionalRef(Fields.readRef(r, "pairing break"), "break");
    v.splitBreak = Fields.optionalRef(Fields.readRef(r, "split break"), "break");
    v.duplicateBreak = Fields.optionalRef(Fields.readRef(r, "duplicate break"), "break");
    v.netBreak = Fields.optionalRef(Fields.readRef(r, "net break"), "break");
    v.statementDay = Fields.readDay(r, "statement day");
    v.holdConsumed = r.bool("hold consumed");
    return v;
  }
}
