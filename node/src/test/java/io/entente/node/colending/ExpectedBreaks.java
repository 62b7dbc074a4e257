package io.entente.node.colending;

import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.EventType;
import io.entente.colending.generator.GeneratedDay;
import io.entente.colending.generator.GeneratedEvent;
import io.entente.colending.generator.InjectedBreak;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The breaks a round trip must report, from the generator's label file alone, each as a line {@code
 * <agreement> <break type> <event type> <event_ref>} (a key's break) or {@code <agreement> <break
 * type> @<date>} (a shortfall or balance break, dated by the business day it arose in).
 *
 * <p>One kind of break follows from others by the contract's N:1 settlement rule (a settlement
 * whose amount differs from the net of its batch is an AMOUNT_MISMATCH on the settlement's key, and
 * the net is taken over the records in effect): a batch member whose amount or partner portion was
 * reported wrongly, or that the partner did not report, moves the net its settlement is compared
 * with. With the partner's day file submitted before the lead's, the settlement's key then gets
 * that AMOUNT_MISMATCH when
 *
 * <ul>
 *   <li>the settlement itself was reported with a wrong amount by either bank (the net slot, on top
 *       of the pairing break), or
 *   <li>a member carries an amount break or a lead correction (the lead's first, wrong report is in
 *       effect until corrected), or a wrong split (both banks' portion), or
 *   <li>the partner left out a member, or reported its amount wrongly, while the partner did report
 *       the settlement (the settlement then meets a net without that member or with its wrong
 *       amount until the lead's file arrives).
 * </ul>
 *
 * A settlement injected as SETTLEMENT_MISMATCH already has that break. A settlement's
 * AMOUNT_MISMATCH is compared by key, not by count ({@link #settlementsOnce}).
 */
final class ExpectedBreaks {
  private ExpectedBreaks() {}

  /** One line of {@code labels.csv}. */
  record Label(
      String kind,
      String expectedBreak,
      String expectedEnd,
      String agreement,
      String eventType,
      String eventRef,
      String bank,
      String date) {

    String line() {
      boolean agreementLevel =
          kind.equals(InjectedBreak.RESERVE_SHORTFALL.name())
              || kind.equals(InjectedBreak.BALANCE_MISMATCH.name());
      return agreementLevel
          ? agreement + " " + expectedBreak + " @" + date
          : agreement + " " + expectedBreak + " " + eventType + " " + eventRef;
    }
  }

  static List<Label> read(Path labelsCsv) throws IOException {
    List<Label> labels = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(labelsCsv, StandardCharsets.UTF_8)) {
      for (CSVRecord r :
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        labels.add(
            new Label(
                r.get("kind"),
                r.get("expected_break"),
                r.get("expected_end"),
                r.get("agreement"),
                r.get("event_type"),
                r.get("event_ref"),
                r.get("bank"),
                r.get("date")));
      }
    }
    return labels;
  }

  /** The expected break lines, sorted, labels first then the settlements' derived breaks. */
  static List<String> lines(List<Label> labels, List<GeneratedDay> days, String leadBank) {
    List<String> lines = new ArrayList<>();
    for (Label label : labels) {
      lines.add(label.line());
    }
    lines.addAll(settlementNetBreaks(labels, days, leadBank));
    return settlementsOnce(lines);
  }

  /**
   * The lines sorted, with a settlement's AMOUNT_MISMATCH counted once: its net break opens and
   * resolves as each bank's file moves the net (and its pairing break may come on top), so how many
   * it gets depends on the order of the reports; whether it gets one does not.
   */
  static List<String> settlementsOnce(List<String> lines) {
    List<String> out = new ArrayList<>();
    java.util.TreeSet<String> settlements = new java.util.TreeSet<>();
    for (String line : lines) {
      if (!line.contains(" AMOUNT_MISMATCH SETTLEMENT ") || settlements.add(line)) {
        out.add(line);
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  private static List<String> settlementNetBreaks(
      List<Label> labels, List<GeneratedDay> days, String leadBank) {
    Map<String, Label> byRef = new TreeMap<>();
    for (Label label : labels) {
      if (!label.eventRef().isEmpty()) {
        byRef.put(label.agreement() + "/" + label.eventRef(), label);
      }
    }
    TreeMap<String, List<DayFileRecord>> members = new TreeMap<>();
    TreeMap<String, DayFileRecord> settlements = new TreeMap<>();
    for (GeneratedDay day : days) {
      for (GeneratedEvent event : day.events()) {
        DayFileRecord r = event.record();
        if (r.settlementRef().isEmpty()) {
          continue;
        }
        String batch = r.agreement() + "/" + r.settlementRef().get();
        if (r.eventType() == EventType.SETTLEMENT) {
          settlements.put(batch, r);
        } else {
          members.computeIfAbsent(batch, b -> new ArrayList<>()).add(r);
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (var entry : settlements.entrySet()) {
      DayFileRecord settlement = entry.getValue();
      Label own = byRef.get(settlement.agreement() + "/" + settlement.eventRef());
      String ownKind = own == null ? "" : own.kind();
      if (ownKind.equals(InjectedBreak.SETTLEMENT_MISMATCH.name())) {
        continue;
      }
      boolean partnerReported =
          !(ownKind.equals(InjectedBreak.ONE_SIDED.name()) && !own.bank().equals(leadBank));
      boolean moved = ownKind.equals(InjectedBreak.AMOUNT_MISMATCH.name());
      for (DayFileRecord member : members.getOrDefault(entry.getKey(), List.of())) {
        Label label = byRef.get(member.agreement() + "/" + member.eventRef());
        moved |= label != null && movesTheNet(label, leadBank, partnerReported);
      }
      if (moved) {
        lines.add(
            settlement.agreement()
                + " AMOUNT_MISMATCH "
                + EventType.SETTLEMENT
                + " "
                + settlement.eventRef());
      }
    }
    return lines;
  }

  private static boolean movesTheNet(Label label, String leadBank, boolean partnerReported) {
    boolean lead = label.bank().equals(leadBank);
    if (label.kind().equals(InjectedBreak.SPLIT_MISMATCH.name())) {
      return true;
    }
    if (label.kind().equals(InjectedBreak.AMOUNT_MISMATCH.name())) {
      boolean corrected = label.expectedEnd().equals("RESOLVED");
      return lead && !corrected ? true : partnerReported;
    }
    if (label.kind().equals(InjectedBreak.ONE_SIDED.name())) {
      return !lead && partnerReported;
    }
    return false;
  }
}
