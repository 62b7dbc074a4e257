package io.entente.app.colending;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the two institutions' reports of one key: every amount, component and partner portion,
 * the loan ref, the value date (± tolerance in calendar days) and the currency. A pairing problem
 * is typed by precedence AMOUNT_MISMATCH > DATE_MISMATCH > FIELD_MISMATCH and lists every
 * difference.
 */
final class Matching {
  private Matching() {}

  /** The outcome: null type when the reports match; a timing note for dates within tolerance. */
  record Comparison(BreakType type, List<String> diffs, boolean timingNote, long amountAtStake) {}

  static Comparison compare(EventRecord lead, EventRecord partner, int toleranceDays) {
    return compare(lead, partner, toleranceDays, "lead", "partner");
  }

  /** Compares two reports, naming them {@code first} and {@code second} in the differences. */
  static Comparison compare(
      EventRecord lead, EventRecord partner, int toleranceDays, String first, String second) {
    Labels labels = new Labels(first, second);
    List<String> amounts = new ArrayList<>();
    long atStake = 0;
    atStake =
        Math.max(
            atStake,
            amount(
                labels,
                amounts,
                "amount",
                lead.signedSettlementAmount(),
                partner.signedSettlementAmount()));
    atStake =
        Math.max(atStake, components(labels, amounts, "", lead.components(), partner.components()));
    atStake =
        Math.max(
            atStake,
            components(
                labels, amounts, "partner_", lead.partnerPortion(), partner.partnerPortion()));
    List<String> dates = new ArrayList<>();
    int dayGap = Math.abs(lead.valueDate() - partner.valueDate());
    if (dayGap > toleranceDays) {
      dates.add(
          "value_date: "
              + first
              + " "
              + ShanghaiCalendar.iso(lead.valueDate())
              + ", "
              + second
              + " "
              + ShanghaiCalendar.iso(partner.valueDate()));
    }
    List<String> fields = new ArrayList<>();
    text(labels, fields, "loan_ref", lead.loanRef(), partner.loanRef());
    text(labels, fields, "currency", lead.currency(), partner.currency());
    List<String> all = new ArrayList<>(amounts);
    all.addAll(dates);
    all.addAll(fields);
    BreakType type =
        !amounts.isEmpty()
            ? BreakType.AMOUNT_MISMATCH
            : !dates.isEmpty()
                ? BreakType.DATE_MISMATCH
                : !fields.isEmpty() ? BreakType.FIELD_MISMATCH : null;
    boolean timing = type == null && dayGap > 0;
    return new Comparison(type, all, timing, type == BreakType.AMOUNT_MISMATCH ? atStake : 0);
  }

  private record Labels(String first, String second) {}

  private static long amount(
      Labels labels, List<String> diffs, String field, long lead, long partner) {
    if (lead == partner) {
      return 0;
    }
    diffs.add(
        field
            + ": "
            + labels.first
            + " "
            + Money.yuan(lead)
            + ", "
            + labels.second
            + " "
            + Money.yuan(partner));
    return Math.abs(lead - partner);
  }

  private static long components(
      Labels labels, List<String> diffs, String prefix, Components a, Components b) {
    long stake = amount(labels, diffs, prefix + "principal", a.principal(), b.principal());
    stake = Math.max(stake, amount(labels, diffs, prefix + "interest", a.interest(), b.interest()));
    stake = Math.max(stake, amount(labels, diffs, prefix + "penalty", a.penalty(), b.penalty()));
    return Math.max(stake, amount(labels, diffs, prefix + "fee", a.fee(), b.fee()));
  }

  private static void text(
      Labels labels, List<String> diffs, String field, String lead, String partner) {
    if (!lead.equals(partner)) {
      diffs.add(
          field + ": " + labels.first + " '" + lead + "', " + labels.second + " '" + partner + "'");
    }
  }

  /** The agreed record of matching reports: the lead's, dated the earlier of the two dates. */
  static EventRecord agreed(EventRecord lead, EventRecord partner) {
    if (partner.valueDate() >= lead.valueDate()) {
      return lead.withAction(Action.REPORT, "");
    }
    return new EventRecord(
        lead.agreement(),
        lead.type(),
        lead.eventRef(),
        Action.REPORT,
        "",
        lead.loanRef(),
        partner.valueDate(),
        lead.currency(),
        lead.amount(),
        lead.components(),
        lead.partnerPortion(),
        lead.direction(),
        lead.paymentRef(),
        lead.settlementRef(),
        lead.holdRef());
  }
}
