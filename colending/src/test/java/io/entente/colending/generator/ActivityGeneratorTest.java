package io.entente.colending.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.colending.camt.CamtResult;
import io.entente.colending.camt.CamtStatementReader;
import io.entente.colending.camt.DayBalance;
import io.entente.colending.camt.ReserveStatement;
import io.entente.colending.camt.StatementEntry;
import io.entente.colending.dayfile.Action;
import io.entente.colending.dayfile.DayFileEntry;
import io.entente.colending.dayfile.DayFileReader;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.DayFileResult;
import io.entente.colending.dayfile.EventKey;
import io.entente.colending.dayfile.EventType;
import io.entente.colending.dayfile.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityGeneratorTest {
  static final GeneratorOptions CLEAN = GeneratorOptions.defaults(42).withSize(2, 150, 8);
  static final GeneratorOptions BROKEN =
      CLEAN.withBreaks(0.03, EnumSet.allOf(InjectedBreak.class)).withCorrections(0.01);

  @Test
  void theSameSeedWritesTheSameBytes(@TempDir Path dir) throws IOException {
    GeneratorOptions options = BROKEN.withSize(2, 20, 8);
    ActivityFiles.write(options, dir.resolve("a"));
    ActivityFiles.write(options, dir.resolve("b"));
    ActivityFiles.write(options.withSeed(43), dir.resolve("c"));

    Map<Path, byte[]> a = contents(dir.resolve("a"));
    Map<Path, byte[]> b = contents(dir.resolve("b"));
    Map<Path, byte[]> c = contents(dir.resolve("c"));

    assertThat(a).hasSize(3 + 2 * 2 * 20 + 2 * 20);
    assertThat(b.keySet()).isEqualTo(a.keySet());
    a.forEach((file, bytes) -> assertThat(b.get(file)).as(file.toString()).isEqualTo(bytes));
    assertThat(c.keySet()).isEqualTo(a.keySet());
    assertThat(a.keySet().stream().filter(f -> !java.util.Arrays.equals(a.get(f), c.get(f))))
        .as("files that differ for another seed")
        .isNotEmpty();
  }

  @Test
  void withoutBreaksBothBanksReportEveryEventOnceAndAlike() {
    List<GeneratedDay> days = ActivityGenerator.generate(CLEAN);

    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (GeneratedDay day : days) {
      assertThat(day.labels()).isEmpty();
      assertThat(day.reports()).hasSize(2 * day.events().size());
      for (GeneratedEvent event : day.events()) {
        types.add(event.record().eventType());
        List<BankReport> reports =
            day.reports().stream()
                .filter(r -> r.record().key().equals(event.record().key()))
                .toList();
        assertThat(reports).extracting(BankReport::record).containsOnly(event.record());
        assertThat(reports)
            .extracting(BankReport::bank)
            .containsExactlyInAnyOrder(
                "LEAD", "PARTNER-" + event.record().agreement().substring(4));
      }
    }
    assertThat(types).containsExactlyInAnyOrder(EventType.values());
  }

  @Test
  void everyBreakKindIsInjectedAndLabelled() {
    List<BreakLabel> labels =
        ActivityGenerator.generate(BROKEN).stream().flatMap(d -> d.labels().stream()).toList();

    assertThat(
            labels.stream()
                .map(BreakLabel::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(InjectedBreak.class))))
        .containsExactlyInAnyOrder(InjectedBreak.values());
    assertThat(labels).anyMatch(l -> l.expectedEnd().equals(BreakLabel.RESOLVED));
    assertThat(
            labels.stream()
                .filter(l -> l.eventRef().isPresent())
                .map(l -> new EventKey(l.agreement(), l.eventType().get(), l.eventRef().get())))
        .as("one label per key")
        .doesNotHaveDuplicates();
  }

  @Test
  void eachLabelledBreakIsVisibleInTheReports() {
    for (GeneratedDay day : ActivityGenerator.generate(BROKEN)) {
      for (BreakLabel label : day.labels()) {
        if (label.eventRef().isEmpty()) {
          continue;
        }
        EventKey key =
            new EventKey(label.agreement(), label.eventType().get(), label.eventRef().get());
        DayFileRecord truth =
            day.events().stream()
                .map(GeneratedEvent::record)
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow();
        List<BankReport> reports =
            day.reports().stream().filter(r -> r.record().key().equals(key)).toList();
        checkVisible(label, truth, reports);
      }
    }
  }

  private static void checkVisible(
      BreakLabel label, DayFileRecord truth, List<BankReport> reports) {
    List<DayFileRecord> records = reports.stream().map(BankReport::record).toList();
    String what = label.toString();
    switch (label.kind()) {
      case ONE_SIDED -> assertThat(reports).as(what).hasSize(1);
      case AMOUNT_MISMATCH -> {
        assertThat(records).as(what).anyMatch(r -> r.amountFen() != truth.amountFen());
        assertThat(records).as(what).contains(truth);
        if (label.expectedEnd().equals(BreakLabel.RESOLVED)) {
          BankReport last = reports.get(reports.size() - 1);
          assertThat(last.bank()).as(what).isEqualTo(label.bank());
          assertThat(last.record())
              .as(what)
              .isEqualTo(truth.withAction(Action.CORRECT, "amount keyed wrongly"));
        }
      }
      case DATE_MISMATCH ->
          assertThat(records)
              .as(what)
              .anyMatch(
                  r ->
                      Math.abs(r.valueDate().toEpochDay() - truth.valueDate().toEpochDay())
                          > CLEAN.dateToleranceDays());
      case FIELD_MISMATCH ->
          assertThat(records).as(what).anyMatch(r -> !r.loanRef().equals(truth.loanRef()));
      case SPLIT_MISMATCH -> {
        assertThat(records).as(what).hasSize(2);
        assertThat(records.get(0)).as(what).isEqualTo(records.get(1));
        assertThat(records.get(0).partnerPortions()).as(what).isNotEqualTo(truth.partnerPortions());
      }
      case DUPLICATE_CONFLICT -> {
        assertThat(reports).as(what).hasSize(3);
        assertThat(reports.stream().filter(r -> r.bank().equals(label.bank()))).as(what).hasSize(2);
      }
      case RESERVE_SHORTFALL, SETTLEMENT_MISMATCH ->
          assertThat(records).as(what).containsOnly(truth);
      default -> throw new AssertionError("unexpected label " + label);
    }
  }

  @Test
  void theWrittenDayFilesReadBackAsTheReports(@TempDir Path dir) throws IOException {
    GeneratorOptions options = BROKEN.withSize(2, 30, 8);
    ActivityFiles.write(options, dir);
    ActivityGenerator generator = new ActivityGenerator(options);
    List<AgreementTerms> agreements = generator.agreements();
    int conflicts = 0;
    int conflictLabels = 0;

    while (generator.hasNextDay()) {
      GeneratedDay day = generator.nextDay();
      conflictLabels +=
          (int)
              day.labels().stream()
                  .filter(l -> l.kind() == InjectedBreak.DUPLICATE_CONFLICT)
                  .count();
      for (AgreementTerms terms : agreements) {
        for (String bank : List.of(terms.leadBank(), terms.partnerBank())) {
          Path file =
              ActivityFiles.dayFile(dir.resolve("dayfiles"), terms.agreement(), day.date(), bank);
          DayFileResult result = DayFileReader.read(file, Progress.NONE);
          assertThat(result.errors()).as(file.toString()).isEmpty();
          List<DayFileRecord> expected =
              day.reports().stream()
                  .filter(
                      r ->
                          r.bank().equals(bank) && r.record().agreement().equals(terms.agreement()))
                  .map(BankReport::record)
                  .toList();
          assertThat(result.entries())
              .extracting(DayFileEntry::record)
              .containsExactlyElementsOf(expected);
          conflicts +=
              (int) result.entries().stream().filter(DayFileEntry::duplicateConflict).count();
        }
      }
    }
    assertThat(conflictLabels).isPositive();
    assertThat(conflicts).isEqualTo(conflictLabels);
  }

  @Test
  void theStatementsAreCamt053ThatAddUpAndCloseAtTheReportedBalance(@TempDir Path dir)
      throws IOException {
    GeneratorOptions options = BROKEN.withSize(2, 30, 8);
    ActivityFiles.write(options, dir);
    TreeSet<String> unexplained = new TreeSet<>();
    TreeSet<String> mismatchAndNextDay = new TreeSet<>();

    for (GeneratedDay day : ActivityGenerator.generate(options)) {
      for (ClosingBalance close : day.closingBalances()) {
        Path file =
            ActivityFiles.statementFile(dir.resolve("statements"), close.agreement(), day.date());
        CamtResult result = CamtStatementReader.read(file);
        assertThat(result).as(file.toString()).isInstanceOf(CamtResult.Parsed.class);
        ReserveStatement statement = ((CamtResult.Parsed) result).statement();
        DayBalance balance = statement.balances().get(0);
        long entries = statement.entries().stream().mapToLong(StatementEntry::signedFen).sum();
        assertThat(balance.closingBookedFen()).isEqualTo(close.closingFen());
        assertThat(balance.openingBookedFen().getAsLong() + entries).isEqualTo(close.closingFen());
        List<String> refs =
            statement.entries().stream().flatMap(e -> e.endToEndIds().stream()).toList();
        List<String> moving =
            day.events().stream()
                .map(GeneratedEvent::record)
                .filter(r -> r.agreement().equals(close.agreement()))
                .filter(r -> PartnerBook.reserveEffect(r) != 0)
                .map(DayFileRecord::eventRef)
                .toList();
        assertThat(refs).containsExactlyElementsOf(moving);
        if (statement.entries().stream().anyMatch(e -> e.endToEndIds().isEmpty())) {
          unexplained.add(close.agreement() + " " + day.date());
        }
      }
      for (BreakLabel label : day.labels()) {
        if (label.kind() == InjectedBreak.BALANCE_MISMATCH) {
          mismatchAndNextDay.add(label.agreement() + " " + label.date());
          if (label.date().isBefore(options.startDate().plusDays(options.days() - 1))) {
            mismatchAndNextDay.add(label.agreement() + " " + label.date().plusDays(1));
          }
        }
      }
    }
    assertThat(unexplained).isNotEmpty().isEqualTo(mismatchAndNextDay);
  }

  @Test
  void theLiveStreamIsInTimeOrderAndHoldsEveryReport() {
    GeneratorOptions options = BROKEN.withSize(2, 20, 5);
    List<BankReport> stream = new ActivityGenerator(options).reports().toList();
    List<BankReport> byDay =
        ActivityGenerator.generate(options).stream()
            .flatMap(day -> day.reports().stream())
            .toList();

    assertThat(stream).isEqualTo(byDay).isNotEmpty();
    for (int i = 1; i < stream.size(); i++) {
      assertThat(stream.get(i).at()).isAfterOrEqualTo(stream.get(i - 1).at());
    }
  }

  @Test
  void everyAgreementKeepsThePartnersPrincipalShareWithinSeventyPercent() {
    for (long seed = 0; seed < 20; seed++) {
      for (AgreementTerms terms :
          new ActivityGenerator(CLEAN.withSeed(seed).withSize(8, 1, 1)).agreements()) {
        assertThat(terms.principalBp()).isBetween(0, AgreementTerms.PARTNER_PRINCIPAL_BP_MAX);
      }
    }
    assertThatThrownBy(() -> new AgreementTerms("A", "L", "P", "CNY", 7_001, 0, 0, 0, 1))
        .hasMessageContaining("7001 bp");
  }

  @Test
  void loansAreSmallConsumerLoans() {
    List<Long> amounts = new ArrayList<>();
    for (GeneratedDay day : ActivityGenerator.generate(CLEAN.withSize(1, 10, 20))) {
      day.events().stream()
          .map(GeneratedEvent::record)
          .filter(r -> r.eventType() == EventType.DISBURSEMENT)
          .forEach(r -> amounts.add(r.amountFen()));
    }
    assertThat(amounts)
        .isNotEmpty()
        .allSatisfy(fen -> assertThat(fen).isBetween(50_000L, 5_000_000L));
  }

  private static Map<Path, byte[]> contents(Path root) throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file), Files.readAllBytes(file));
      }
    }
    return files;
  }
}
