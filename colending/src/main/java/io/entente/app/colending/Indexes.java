package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;

/** Small state values that index or count: settlement batches, payment refs, history, counters. */
final class Indexes {
  private Indexes() {}

  /**
   * The net reserve effect of the events carrying one settlement_ref, and how many there are. Key
   * {@code stl/<agreement>/<settlement ref>}.
   */
  record SettlementBatch(long net, long members) {
    static final Codec<SettlementBatch> CODEC =
        new SimpleCodec<>(
            ColendingTags.SETTLEMENT_BATCH,
            1,
            32,
            (w, v) -> w.i64(v.net).i64(v.members),
            r -> new SettlementBatch(r.i64("net"), r.i64("members")));

    static Store.Key<SettlementBatch> key(String agreement, String settlementRef) {
      return Store.Key.immutable("stl/" + agreement + "/" + settlementRef, CODEC);
    }
  }

  /**
   * The settlement that names a batch by its settlement_ref, when that differs from the
   * settlement's own event_ref. Key {@code stlname/<agreement>/<batch ref>}.
   */
  record SettlementName(String eventRef) {
    static final Codec<SettlementName> CODEC =
        new SimpleCodec<>(
            ColendingTags.SETTLEMENT_NAME,
            1,
            128,
            (w, v) -> w.string(v.eventRef, ColendingLimits.REF_BYTES_MAX),
            r ->
                new SettlementName(
                    r.string(ColendingLimits.REF_BYTES_MAX, "settlement event_ref")));

    static Store.Key<SettlementName> key(String agreement, String batchRef) {
      return Store.Key.immutable("stlname/" + agreement + "/" + batchRef, CODEC);
    }
  }

  /** Which key a payment reference belongs to. Key {@code pref/<agreement>/<payment ref>}. */
  record PaymentRef(RecordKey key) {
    static final Codec<PaymentRef> CODEC =
        new SimpleCodec<>(
            ColendingTags.REF_INDEX,
            1,
            256,
            (w, v) -> v.key.write(w),
            r -> new PaymentRef(RecordKey.read(r)));

    static Store.Key<PaymentRef> key(String agreement, String paymentRef) {
      return Store.Key.immutable("pref/" + agreement + "/" + paymentRef, CODEC);
    }
  }

  /**
   * One attestation as received, kept forever (records are immutable; corrections are new records).
   * Key {@code att/<agreement>/<TYPE>/<ref>/<n>}, n counting every attestation of the key.
   */
  record History(
      EventRecord record, String institution, String user, String role, long atMs, String outcome) {
    static final Codec<History> CODEC =
        new SimpleCodec<>(
            ColendingTags.ATTESTATION_HISTORY,
            1,
            4096,
            (w, v) -> {
              EventRecord.CODEC.writeTo(w, v.record);
              Fields.writeRef(w, v.institution);
              w.string(v.user, ColendingLimits.USER_BYTES_MAX);
              w.string(v.role, ColendingLimits.USER_BYTES_MAX);
              w.i64(v.atMs);
              Fields.writeRef(w, v.outcome);
            },
            r ->
                new History(
                    EventRecord.CODEC.readFrom(r),
                    Fields.readRef(r, "institution"),
                    r.string(ColendingLimits.USER_BYTES_MAX, "user"),
                    r.string(ColendingLimits.USER_BYTES_MAX, "role"),
                    r.i64("at"),
                    Fields.readRef(r, "outcome")));

    static Store.Key<History> key(RecordKey key, int n) {
      return Store.Key.immutable("att/" + key.path() + "/" + n, CODEC);
    }
  }

  /** A counter (break ids). */
  record Counter(long value) {
    static final Codec<Counter> CODEC =
        new SimpleCodec<>(
            ColendingTags.COUNTER,
            1,
            16,
            (w, v) -> w.i64(v.value),
            r -> new Counter(r.i64("value")));

    static final Store.Key<Counter> BREAKS = Store.Key.immutable("seq/break", CODEC);
  }

  /**
   * A bank statement's closing booked balance for a date, kept until the ledger's own day closes
   * and the two are compared. Key {@code bank/<agreement>/<day>}.
   */
  record BankBalance(
      long closingBookedFen, long unmatchedEntries, boolean compared, String breakId) {
    static final Codec<BankBalance> CODEC =
        new SimpleCodec<>(
            ColendingTags.BANK_STATEMENT,
            1,
            128,
            (w, v) -> {
              w.i64(v.closingBookedFen).i64(v.unmatchedEntries).bool(v.compared);
              Fields.writeRef(w, v.breakId);
            },
            r ->
                new BankBalance(
                    r.i64("closing booked"),
                    r.i64("unmatched"),
                    r.bool("compared"),
                    Fields.readRef(r, "break id")));

    BankBalance {
      Fields.optionalRef(breakId, "break id");
    }

    static Store.Key<BankBalance> key(String agreement, int day) {
      return Store.Key.immutable("bank/" + agreement + "/" + day, CODEC);
    }
  }

  /** The last block time the application saw, for age buckets in queries. */
  static final Store.Key<Counter> LAST_BLOCK_MS = Store.Key.immutable("clock", Counter.CODEC);
}
