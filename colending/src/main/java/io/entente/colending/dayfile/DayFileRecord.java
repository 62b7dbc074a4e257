package io.entente.colending.dayfile;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One event line of a day file, as read (or to be written). Money is in integer fen. {@code
 * components} already follow the contract's one-component rule: a line naming no component has the
 * single component of its type. {@code partnerPortions} are as reported (absent: the ledger
 * computes them from the agreement).
 *
 * <p>The constructor checks only what every record must satisfy (no nulls, no negative money); the
 * day file rules (required fields per type, components summing to the amount, ...) are checked by
 * the reader, which reports a line number.
 */
public record DayFileRecord(
    String eventRef,
    EventType eventType,
    String agreement,
    Optional<String> loanRef,
    LocalDate valueDate,
    String currency,
    long amountFen,
    Amounts components,
    Amounts partnerPortions,
    Optional<Direction> direction,
    Optional<String> paymentRef,
    Optional<String> settlementRef,
    Action action,
    Optional<String> reason) {

  public DayFileRecord {
    Objects.requireNonNull(eventRef, "eventRef");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(loanRef, "loanRef");
    Objects.requireNonNull(valueDate, "valueDate");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(components, "components");
    Objects.requireNonNull(partnerPortions, "partnerPortions");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(paymentRef, "paymentRef");
    Objects.requireNonNull(settlementRef, "settlementRef");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    if (amountFen < 0) {
      throw new IllegalArgumentException("amount is negative: " + amountFen + " fen");
    }
  }

  /** The matching key: (agreement, event_type, event_ref). */
  public EventKey key() {
    return new EventKey(agreement, eventType, eventRef);
  }

  /** A plain report of a business event, every optional field absent. */
  public static DayFileRecord report(
      String eventRef,
      EventType eventType,
      String agreement,
      LocalDate valueDate,
      String currency,
      long amountFen) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        Optional.empty(),
        valueDate,
        currency,
        amountFen,
        Amounts.NONE,
        Amounts.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Action.REPORT,
        Optional.empty());
  }

  public DayFileRecord withLoanRef(String value) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        Optional.of(value),
        valueDate,
        currency,
        amountFen,
        components,
        partnerPortions,
        direction,
        paymentRef,
        settlementRef,
        action,
        reason);
  }

  public DayFileRecord withValueDate(LocalDate value) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        value,
        currency,
        amountFen,
        components,
        partnerPortions,
        direction,
        paymentRef,
        settlementRef,
        action,
        reason);
  }

  public DayFileRecord withCurrency(String value) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        valueDate,
        value,
        amountFen,
        components,
        partnerPortions,
        direction,
        paymentRef,
        settlementRef,
        action,
        reason);
  }

  /** A copy with the given total and components (which should sum to it). */
  public DayFileRecord withAmounts(long total, Amounts newComponents, Amounts newPortions) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        valueDate,
        currency,
        total,
        newComponents,
        newPortions,
        direction,
        paymentRef,
        settlementRef,
        action,
        reason);
  }

  public DayFileRecord withDirection(Direction value) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        valueDate,
        currency,
        amountFen,
        components,
        partnerPortions,
        Optional.of(value),
        paymentRef,
        settlementRef,
        action,
        reason);
  }

  public DayFileRecord withPaymentRef(String value) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        valueDate,
        currency,
        amountFen,
        components,
        partnerPortions,
        direction,
        Optional.of(value),
        settlementRef,
        action,
        reason);
  }

  public DayFileRecord withSettlementRef(String value) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        valueDate,
        currency,
        amountFen,
        components,
        partnerPortions,
        direction,
        paymentRef,
        Optional.of(value),
        action,
        reason);
  }

  /** A copy with another action and its reason (CORRECT and REVERSE need one). */
  public DayFileRecord withAction(Action value, String why) {
    return new DayFileRecord(
        eventRef,
        eventType,
        agreement,
        loanRef,
        valueDate,
        currency,
        amountFen,
        components,
        partnerPortions,
        direction,
        paymentRef,
        settlementRef,
        value,
        Optional.ofNullable(why));
  }
}
