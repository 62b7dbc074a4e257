package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.Objects;

/**
 * One institution's report of one business event: the unit of an attestation. Amounts are integer
 * fen; the value date is a Shanghai epoch day.
 *
 * @param loanRef the loan (借據) number; required for loan events, otherwise empty
 * @param components the event's money components; they sum to {@code amount}, and are all zero for
 *     reserve deposits, withdrawals and settlements
 * @param partnerPortion the reported partner portion, or null when the reporter leaves it to the
 *     ledger to compute from the agreement
 * @param direction IN or OUT for a settlement, NONE otherwise
 * @param holdRef for a disbursement, the hold it consumes (empty if none)
 */
public record EventRecord(
    String agreement,
    EventType type,
    String eventRef,
    Action action,
    String reason,
    String loanRef,
    int valueDate,
    String currency,
    long amount,
    Components components,
    Components partnerPortion,
    Direction direction,
    String paymentRef,
    String settlementRef,
    String holdRef) {

  public static final Codec<EventRecord> CODEC =
      new SimpleCodec<>(
          ColendingTags.EVENT_RECORD,
          1,
          ColendingLimits.RECORD_BYTES_MAX,
          EventRecord::write,
          EventRecord::read);

  public EventRecord {
    Fields.ref(agreement, "agreement");
    Objects.requireNonNull(type, "type");
    Fields.ref(eventRef, "event_ref");
    Objects.requireNonNull(action, "action");
    Fields.text(reason, ColendingLimits.REASON_BYTES_MAX, "reason");
    if (action != Action.REPORT && reason.isBlank()) {
      throw new IllegalArgumentException(action + " needs a reason");
    }
    Fields.optionalRef(loanRef, "loan_ref");
    if (type.isLoanEvent() && loanRef.isEmpty()) {
      throw new IllegalArgumentException(type + " needs a loan_ref");
    }
    AgreementTerms.currency(currency);
    Fields.fen(amount, "amount");
    Objects.requireNonNull(components, "components");
    checkComponents(type, amount, components, partnerPortion);
    Objects.requireNonNull(direction, "direction");
    if ((type == EventType.SETTLEMENT) != (direction != Direction.NONE)) {
      throw new IllegalArgumentException("direction is IN or OUT for a settlement, else NONE");
    }
    Fields.optionalRef(paymentRef, "payment_ref");
    Fields.optionalRef(settlementRef, "settlement_ref");
    Fields.optionalRef(holdRef, "hold_ref");
    if (!holdRef.isEmpty() && type != EventType.DISBURSEMENT) {
      throw new IllegalArgumentException("only a disbursement carries a hold_ref");
    }
  }

  private static void checkComponents(
      EventType type, long amount, Components components, Components partnerPortion) {
    if (type.hasNoComponents()) {
      // The effective record of such an event carries a zero portion; reporters send none.
      if (!components.isZero() || (partnerPortion != null && !partnerPortion.isZero())) {
        throw new IllegalArgumentException(type + " carries no components or partner portion");
      }
      return;
    }
    if (components.sum() != amount) {
      throw new IllegalArgumentException("components do not sum to the amount");
    }
    if (partnerPortion != null && !partnerPortion.within(components)) {
      throw new IllegalArgumentException("a partner portion exceeds its component");
    }
  }

  /** The key both banks' reports of one event share: agreement, event type, event ref. */
  public RecordKey key() {
    return new RecordKey(agreement, type, eventRef);
  }

  /** Whether two reports state the same facts, whatever their action and reason. */
  boolean sameFacts(EventRecord other) {
    return withAction(Action.REPORT, "").equals(other.withAction(Action.REPORT, ""));
  }

  EventRecord withAction(Action newAction, String newReason) {
    return new EventRecord(
        agreement,
        type,
        eventRef,
        newAction,
        newReason,
        loanRef,
        valueDate,
        currency,
        amount,
        components,
        partnerPortion,
        direction,
        paymentRef,
        settlementRef,
        holdRef);
  }

  EventRecord withPartnerPortion(Components portion) {
    return new EventRecord(
        agreement,
        type,
        eventRef,
        action,
        reason,
        loanRef,
        valueDate,
        currency,
        amount,
        components,
        portion,
        direction,
        paymentRef,
        settlementRef,
        holdRef);
  }

  /** The amount with its sign relative to the reserve: a settlement OUT is negative. */
  long signedSettlementAmount() {
    return direction == Direction.OUT ? -amount : amount;
  }

  static void write(Writer writer, EventRecord record) {
    Fields.writeRef(writer, record.agreement);
    Fields.writeEnum(writer, record.type);
    Fields.writeRef(writer, record.eventRef);
    Fields.writeEnum(writer, record.action);
    Fields.writeReason(writer, record.reason);
    Fields.writeRef(writer, record.loanRef);
    Fields.writeDay(writer, record.valueDate);
    writer.string(record.currency, 3);
    writer.i64(record.amount);
    record.components.write(writer);
    writer.optional(record.partnerPortion, (w, portion) -> portion.write(w));
    Fields.writeEnum(writer, record.direction);
    Fields.writeRef(writer, record.paymentRef);
    Fields.writeRef(writer, record.settlementRef);
    Fields.writeRef(writer, record.holdRef);
  }

  static EventRecord read(Reader reader) {
    return new EventRecord(
        Fields.readRef(reader, "agreement"),
        Fields.readEnum(reader, EventType.values(), "event type"),
        Fields.readRef(reader, "event_ref"),
        Fields.readEnum(reader, Action.values(), "action"),
        Fields.readReason(reader, "reason"),
        Fields.readRef(reader, "loan_ref"),
        Fields.readDay(reader, "value date"),
        reader.string(3, "currency"),
        reader.i64("amount"),
        Components.read(reader),
        reader.optional("partner portion", Components::read),
        Fields.readEnum(reader, Direction.values(), "direction"),
        Fields.readRef(reader, "payment_ref"),
        Fields.readRef(reader, "settlement_ref"),
        Fields.readRef(reader, "hold_ref"));
  }
}
