package io.entente.app.colending;

import io.entente.core.codec.Codec;

/** Sample terms and records for tests. */
final class Samples {
  private Samples() {}

  static final String LEAD = "webank";
  static final String PARTNER = "huarui";
  static final String AGREEMENT = "wld-2026";

  /** 2026-03-02 09:00 Shanghai (01:00 UTC). */
  static final long START_MS = 1_772_413_200_000L;

  static final long HOUR_MS = 3_600_000L;
  static final long SLA_MS = 2 * HOUR_MS;
  static final long HOLD_TTL_MS = 30 * 60_000L;
  static final int DAY = ShanghaiCalendar.day(START_MS);

  static AgreementTerms terms() {
    return new AgreementTerms(
        AGREEMENT,
        LEAD,
        PARTNER,
        "CNY",
        new SplitTable(7000, 6500, 6000, 5000),
        100_000_00L,
        20_000_00L,
        SLA_MS,
        1,
        HOLD_TTL_MS,
        10_000_000_00L,
        3000,
        30 * 60_000L);
  }

  static <T> T roundTrip(Codec<T> codec, T value) {
    return codec.decode(codec.encode(value));
  }

  // Record builders ------------------------------------------------------------------------------

  static EventRecord record(EventType type, String ref, String loan, long amount, Components c) {
    return new EventRecord(
        AGREEMENT,
        type,
        ref,
        Action.REPORT,
        "",
        loan,
        DAY,
        "CNY",
        amount,
        c,
        null,
        type == EventType.SETTLEMENT ? Direction.IN : Direction.NONE,
        "",
        "",
        "");
  }

  static EventRecord deposit(String ref, long amount) {
    return record(EventType.RESERVE_DEPOSIT, ref, "", amount, Components.ZERO);
  }

  static EventRecord withdrawal(String ref, long amount) {
    return record(EventType.RESERVE_WITHDRAWAL, ref, "", amount, Components.ZERO);
  }

  static EventRecord disbursement(String ref, String loan, long principal) {
    return record(EventType.DISBURSEMENT, ref, loan, principal, Components.principal(principal));
  }

  static EventRecord repayment(String ref, String loan, long principal, long interest) {
    return record(
        EventType.REPAYMENT,
        ref,
        loan,
        principal + interest,
        new Components(principal, interest, 0, 0));
  }

  static EventRecord with(EventRecord r, long amount, Components components) {
    return new EventRecord(
        r.agreement(),
        r.type(),
        r.eventRef(),
        r.action(),
        r.reason(),
        r.loanRef(),
        r.valueDate(),
        r.currency(),
        amount,
        components,
        r.partnerPortion(),
        r.direction(),
        r.paymentRef(),
        r.settlementRef(),
        r.holdRef());
  }

  static EventRecord dated(EventRecord r, int valueDate) {
    return new EventRecord(
        r.agreement(),
        r.type(),
        r.eventRef(),
        r.action(),
        r.reason(),
        r.loanRef(),
        valueDate,
        r.currency(),
        r.amount(),
        r.components(),
        r.partnerPortion(),
        r.direction(),
        r.paymentRef(),
        r.settlementRef(),
        r.holdRef());
  }

  static EventRecord refs(EventRecord r, String paymentRef, String settlementRef, String holdRef) {
    return new EventRecord(
        r.agreement(),
        r.type(),
        r.eventRef(),
        r.action(),
        r.reason(),
        r.loanRef(),
        r.valueDate(),
        r.currency(),
        r.amount(),
        r.components(),
        r.partnerPortion(),
        r.direction(),
        paymentRef,
        settlementRef,
        holdRef);
  }
}
