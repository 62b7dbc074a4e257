package io.entente.colending.generator;

import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.DayFileWriter;
import io.entente.colending.dayfile.Yuan;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a generated scenario as files:
 *
 * <ul>
 *   <li>{@code agreements.csv}: the agreements and their split shares;
 *   <li>{@code dayfiles/<agreement>/<date>_<bank>.csv}: each bank's day file per agreement and day
 *       (header only on a quiet day), in the day file writer's fixed form;
 *   <li>{@code balances.csv}: the reported closing balance of each reserve account per day;
 *   <li>{@code statements/<agreement>/<date>.xml}: that day's camt.053 statement of the reserve
 *       account ({@link StatementWriter});
 *   <li>{@code labels.csv}: one line per injected break.
 * </ul>
 *
 * All CSV is UTF-8 with LF line endings; the same scenario always gives the same bytes.
 */
public final class ActivityFiles {
  private ActivityFiles() {}

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  /** Generates every day of the options and writes the files under {@code directory}. */
  public static void write(GeneratorOptions options, Path directory) throws IOException {
    ActivityGenerator generator = new ActivityGenerator(options);
    Files.createDirectories(directory);
    writeAgreements(generator.agreements(), directory.resolve("agreements.csv"));
    try (Writer balances = writer(directory.resolve("balances.csv"));
        Writer labels = writer(directory.resolve("labels.csv"))) {
      CSVPrinter balancePrinter = new CSVPrinter(balances, FORMAT);
      balancePrinter.printRecord("agreement", "reported_by", "date", "closing_balance");
      CSVPrinter labelPrinter = new CSVPrinter(labels, FORMAT);
      labelPrinter.printRecord(
          "kind",
          "expected_break",
          "expected_end",
          "agreement",
          "event_type",
          "event_ref",
          "bank",
          "date",
          "detail");
      Map<String, Long> opening = new TreeMap<>();
      while (generator.hasNextDay()) {
        GeneratedDay day = generator.nextDay();
        writeDayFiles(generator.agreements(), day, directory.resolve("dayfiles"));
        writeStatements(generator.agreements(), day, directory.resolve("statements"), opening);
        for (ClosingBalance balance : day.closingBalances()) {
          balancePrinter.printRecord(
              balance.agreement(),
              balance.reportedBy(),
              balance.date(),
              Yuan.format(balance.closingFen()));
        }
        for (BreakLabel label : day.labels()) {
          labelPrinter.printRecord(
              label.kind(),
              label.expectedBreak(),
              label.expectedEnd(),
              label.agreement(),
              label.eventType().map(Enum::name).orElse(""),
              label.eventRef().orElse(""),
              label.bank(),
              label.date(),
              label.detail());
        }
      }
      balancePrinter.flush();
      labelPrinter.flush();
    }
  }

  /** The day file of one bank for one agreement and day. */
  public static Path dayFile(
      Path dayfiles, String agreement, java.time.LocalDate date, String bank) {
    return dayfiles.resolve(agreement).resolve(date + "_" + bank + ".csv");
  }

  private static void writeDayFiles(List<AgreementTerms> agreements, GeneratedDay day, Path dir)
      throws IOException {
    for (AgreementTerms terms : agreements) {
      Files.createDirectories(dir.resolve(terms.agreement()));
      for (String bank : List.of(terms.leadBank(), terms.partnerBank())) {
        List<DayFileRecord> lines = new ArrayList<>();
        for (BankReport report : day.reports()) {
          if (report.bank().equals(bank) && report.record().agreement().equals(terms.agreement())) {
            lines.add(report.record());
          }
        }
        DayFileWriter.write(dayFile(dir, terms.agreement(), day.date(), bank), lines);
      }
    }
  }

  /** The statement of one reserve account for one day. */
  public static Path statementFile(Path statements, String agreement, LocalDate date) {
    return statements.resolve(agreement).resolve(date + ".xml");
  }

  private static void writeStatements(
      List<AgreementTerms> agreements, GeneratedDay day, Path dir, Map<String, Long> opening)
      throws IOException {
    for (AgreementTerms terms : agreements) {
      ClosingBalance close =
          day.closingBalances().stream()
              .filter(b -> b.agreement().equals(terms.agreement()))
              .findFirst()
              .orElseThrow();
      List<DayFileRecord> events =
          day.events().stream()
              .map(GeneratedEvent::record)
              .filter(r -> r.agreement().equals(terms.agreement()))
              .toList();
      String xml =
          StatementWriter.statement(
              terms,
              day.date(),
              opening.getOrDefault(terms.agreement(), 0L),
              close.closingFen(),
              events);
      opening.put(terms.agreement(), close.closingFen());
      Path file = statementFile(dir, terms.agreement(), day.date());
      Files.createDirectories(file.getParent());
      Files.writeString(file, xml, StandardCharsets.UTF_8);
    }
  }

  private static void writeAgreements(List<AgreementTerms> agreements, Path file)
      throws IOException {
    try (Writer out = writer(file)) {
      CSVPrinter printer = new CSVPrinter(out, FORMAT);
      printer.printRecord(
          "agreement",
          "lead_bank",
          "partner_bank",
          "currency",
          "principal_bp",
          "interest_bp",
          "penalty_bp",
          "fee_bp",
          "date_tolerance_days");
      for (AgreementTerms t : agreements) {
        printer.printRecord(
            t.agreement(),
            t.leadBank(),
            t.partnerBank(),
            t.currency(),
            t.principalBp(),
            t.interestBp(),
            t.penaltyBp(),
            t.feeBp(),
            t.dateToleranceDays());
      }
      printer.flush();
    }
  }

  private static Writer writer(Path file) throws IOException {
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }
}
