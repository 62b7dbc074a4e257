package io.entente.node.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.colending.EdgeLimits;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.DayFileWriter;
import io.entente.colending.generator.ActivityGenerator;
import io.entente.colending.generator.AgreementTerms;
import io.entente.colending.generator.BankReport;
import io.entente.colending.generator.GeneratorOptions;
import io.entente.colending.generator.InjectedBreak;
import io.entente.node.consortium.ConsortiumSpec;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The demo's business activity: the co-lending generator's bank reports, in their time order, with
 * the generator's banks mapped onto the demo consortium ({@code LEAD} is lead-bank, {@code
 * PARTNER-P01} to {@code P03} are partner-a to partner-c) and each report's value date moved onto
 * the day it is sent (Asia/Shanghai). A report is the {@code n}-th of the stream for ever: the same
 * seed gives the same stream, so a cursor (a count) says exactly what has been sent.
 */
final class DemoActivity {
  /** The breaks the demo injects: each shows on the dashboard as soon as both sides reported. */
  static final EnumSet<InjectedBreak> BREAKS =
      EnumSet.of(
          InjectedBreak.AMOUNT_MISMATCH,
          InjectedBreak.DATE_MISMATCH,
          InjectedBreak.FIELD_MISMATCH,
          InjectedBreak.ONE_SIDED);

  private static final CSVFormat CSV =
      CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  /** A report as the demo sends it: which bank, on which channel and agreement, which record. */
  record Report(
      long number, String institution, String channel, String agreement, ObjectNode record) {}

  private final GeneratorOptions options;
  private final List<AgreementTerms> agreements;

  DemoActivity(long seed) {
    this.options =
        GeneratorOptions.defaults(seed)
            .withSize(
                DemoCluster.PARTNERS.size(),
                EdgeLimits.GENERATOR_DAYS_MAX,
                DemoLimits.LOANS_PER_DAY)
            .withBreaks(DemoLimits.BREAK_RATE, BREAKS);
    this.agreements = new ActivityGenerator(options).agreements();
  }

  /** The generator's agreements, one per partner, in partner order. */
  List<AgreementTerms> agreements() {
    return agreements;
  }

  /** The demo institution of a generator bank. */
  static String institution(String generatorBank) {
    if (generatorBank.equals(ActivityGenerator.LEAD_BANK)) {
      return DemoCluster.LEAD;
    }
    int number = Integer.parseInt(generatorBank.substring(generatorBank.length() - 2));
    return DemoCluster.PARTNERS.get(number - 1);
  }

  static String channel(AgreementTerms terms) {
    return ConsortiumSpec.bilateralChannel(
        institution(terms.leadBank()), institution(terms.partnerBank()));
  }

  /** The reports from number {@code first} on, value dates moved onto {@code today}. */
  Iterator<Report> from(long first, java.util.function.Supplier<LocalDate> today) {
    Map<String, AgreementTerms> byId = new TreeMap<>();
    agreements.forEach(terms -> byId.put(terms.agreement(), terms));
    Iterator<BankReport> reports = new ActivityGenerator(options).reports().iterator();
    for (long skipped = 0; skipped < first && reports.hasNext(); skipped++) {
      reports.next();
    }
    return new Iterator<>() {
      long number = first;

      @Override
      public boolean hasNext() {
        return reports.hasNext();
      }

      @Override
      public Report next() {
        BankReport report = reports.next();
        AgreementTerms terms = byId.get(report.record().agreement());
        return new Report(
            number++,
            institution(report.bank()),
            channel(terms),
            terms.agreement(),
            json(onDay(report, today.get())));
      }
    };
  }

  /**
   * The record with its value date moved by as many days as lie between the report's day file and
   * {@code today}: a record dated on its own day lands on today, one a day off stays a day off.
   */
  static DayFileRecord onDay(BankReport report, LocalDate today) {
    long shift = ChronoUnit.DAYS.between(report.fileDate(), today);
    DayFileRecord record = report.record();
    return record.withValueDate(record.valueDate().plusDays(shift));
  }

  /** The record as the API takes it: the day file's columns, as the day file writes them. */
  static ObjectNode json(DayFileRecord record) {
    String text = DayFileWriter.toText(List.of(record));
    try (CSVParser parser = CSVParser.parse(new StringReader(text), CSV)) {
      CSVRecord row = parser.getRecords().get(0);
      ObjectNode json = DemoApi.JSON.createObjectNode();
      for (Map.Entry<String, String> cell : row.toMap().entrySet()) {
        if (!cell.getValue().isEmpty()) {
          json.put(cell.getKey(), cell.getValue());
        }
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("the day file writer's own text did not parse", e);
    }
  }
}
