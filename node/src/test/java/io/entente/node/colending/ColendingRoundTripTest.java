package io.entente.node.colending;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.PositionView;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.app.colending.SplitTable;
import io.entente.app.colending.Statement;
import io.entente.colending.camt.CamtResult;
import io.entente.colending.camt.CamtStatementReader;
import io.entente.colending.dayfile.Action;
import io.entente.colending.dayfile.Batch;
import io.entente.colending.dayfile.DayFileImport;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.DayFileWriter;
import io.entente.colending.dayfile.Progress;
import io.entente.colending.generator.ActivityFiles;
import io.entente.colending.generator.ActivityGenerator;
import io.entente.colending.generator.AgreementTerms;
import io.entente.colending.generator.GeneratedDay;
import io.entente.colending.generator.GeneratedEvent;
import io.entente.colending.generator.GeneratorOptions;
import io.entente.colending.generator.InjectedBreak;
import io.entente.colending.importing.DayFileAttestations;
import io.entente.colending.importing.ReserveStatements;
import io.entente.colending.oracle.BalanceOracle;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import io.entente.core.codec.Reader;
import io.entente.node.api.ApplicationEvent;
import io.entente.node.api.SubmitResult;
import io.entente.node.colending.ColendingCluster.Bank;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Co-lending acceptance: a generated dataset goes through real four-validator bilateral channels
 * the way the banks would send it, and what the ledger reports is compared with what the generator
 * injected and with the balance oracle.
 *
 * <p>Each business day: both banks' CSV day files (the partner's first) are read, cut into batches
 * and mapped to attestations by the same code {@code entente import} uses, signed with each bank's
 * client key and submitted; at noon the partner's camt.053 statement of the reserve account for the
 * day goes in as {@code reserve-statement}, mapped as {@code entente import} maps it (its block
 * also fires the day's ONE_SIDED deadlines); then both banks send a corrections file with the true
 * line for every key whose reports still differ; after midnight the lead closes the day. Business
 * time is a {@link VirtualClock} all nodes read.
 *
 * <p>At the end: every break on the ledger, read from the channel's events, is the one the label
 * file names (type and key), and nothing else is (see {@link ExpectedBreaks}); each day's closing
 * posted reserve equals the oracle's, computed from the generator's true events; each bank's node
 * returns the same statement CSV, whose SHA-256 is the hash in the close transaction's receipt, in
 * the {@code statement-closed} event and in the stored statement.
 *
 * <p>Size: by default 1 partner × 5 days (the first only funds the reserve), enough for at least
 * 200 breaks and 20 of each kind a day file carries; {@code -Dcolending.roundtrip.partners=3
 * -Dcolending.roundtrip.days=30 ...} runs the full scenario (docs/colending.md).
 */
class ColendingRoundTripTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final long HOUR_MS = 3_600_000L;
  private static final long SLA_MS = 2 * HOUR_MS;
  private static final long GRACE_MS = 2 * HOUR_MS;

  /** The kinds of break a day file can carry: one bank's line against the other's, or its split. */
  private static final List<String> DAY_FILE_KINDS =
      List.of(
          "AMOUNT_MISMATCH",
          "DATE_MISMATCH",
          "FIELD_MISMATCH",
          "ONE_SIDED",
          "SPLIT_MISMATCH",
          "DUPLICATE_CONFLICT");

  /** The breaks a corrections file can resolve: a key whose two reports differ, or its split. */
  private static final List<String> CORRECTABLE =
      List.of("AMOUNT_MISMATCH", "DATE_MISMATCH", "FIELD_MISMATCH", "ONE_SIDED", "SPLIT_MISMATCH");

  /** The run's size and mix, from system properties (defaults: the bounded run CI makes). */
  record Scenario(
      int partners,
      int days,
      int loansPerDay,
      double breakRate,
      double correctionRate,
      long seed,
      int batchRecords,
      int minBreaks,
      int minPerKind) {

    static Scenario fromProperties() {
      return new Scenario(
          Integer.getInteger("colending.roundtrip.partners", 1),
          Integer.getInteger("colending.roundtrip.days", 5),
          Integer.getInteger("colending.roundtrip.loans", 120),
          Double.parseDouble(System.getProperty("colending.roundtrip.breakRate", "0.5")),
          Double.parseDouble(System.getProperty("colending.roundtrip.correctionRate", "0.05")),
          Long.getLong("colending.roundtrip.seed", 11),
          Integer.getInteger("colending.roundtrip.batch", 200),
          Integer.getInteger("colending.roundtrip.minBreaks", 200),
          Integer.getInteger("colending.roundtrip.minPerKind", 20));
    }

    GeneratorOptions options(LocalDate start) {
      return GeneratorOptions.defaults(seed)
          .withSize(partners, days, loansPerDay)
          .withStartDate(start)
          .withBreaks(breakRate, EnumSet.allOf(InjectedBreak.class))
          .withCorrections(correctionRate)
          .withFundedAhead(true);
    }
  }

  /** What the ledger has said about one break, from its events. */
  static final class Seen {
    final String id;
    final String agreement;
    final String openedAs;
    final String eventType;
    final String eventRef;
    final LocalDate day;
    final boolean duringCorrections;
    String type;
    String state;

    Seen(List<String> fields, LocalDate day, boolean duringCorrections) {
      this.id = fields.get(0);
      this.agreement = fields.get(1);
      this.openedAs = fields.get(2);
      this.type = fields.get(2);
      this.state = fields.get(3);
      this.eventType = fields.get(4);
      this.eventRef = fields.get(5);
      this.day = day;
      this.duringCorrections = duringCorrections;
    }

    String line() {
      return eventRef.isEmpty()
          ? agreement + " " + openedAs + " @" + day
          : agreement + " " + openedAs + " " + eventType + " " + eventRef;
    }
  }

  @TempDir Path folder;

  private final VirtualClock clock = new VirtualClock();
  private final TreeMap<String, Seen> breaks = new TreeMap<>();
  private final TreeMap<String, String> closedHashes = new TreeMap<>();
  private final TreeMap<String, Long> scanned = new TreeMap<>();
  private final TreeMap<String, Long> closeHeights = new TreeMap<>();
  private final TreeMap<String, Integer> linesSent = new TreeMap<>();
  private ColendingCluster cluster;
  private Scenario scenario;
  private Map<String, DayFileRecord> truth;

  @Test
  void generatedDaysRoundTripThroughFourValidatorChannels() throws Exception {
    long started = System.nanoTime();
    scenario = Scenario.fromProperties();
    LocalDate start =
        LocalDate.ofInstant(Instant.ofEpochMilli(clock.nowMs()), SHANGHAI).plusDays(1);
    GeneratorOptions options = scenario.options(start);
    Path data = folder.resolve("activity");
    ActivityFiles.write(options, data);
    List<GeneratedDay> days = ActivityGenerator.generate(options);
    List<AgreementTerms> agreements = new ActivityGenerator(options).agreements();
    List<ExpectedBreaks.Label> labels = ExpectedBreaks.read(data.resolve("labels.csv"));
    List<String> expected = ExpectedBreaks.lines(labels, days, ActivityGenerator.LEAD_BANK);
    checkDataset(labels);
    truth = truth(days);

    try (ColendingCluster running = ColendingCluster.start(folder, scenario.partners(), clock)) {
      cluster = running;
      clock.advanceTo(at(start, 8, 0));
      for (int i = 0; i < agreements.size(); i++) {
        activate(agreements.get(i), ColendingCluster.partner(i + 1));
      }
      for (GeneratedDay day : days) {
        runDay(data, agreements, day.date());
      }
      List<String> reported = new ArrayList<>();
      breaks.values().stream()
          .filter(seen -> !seen.duringCorrections)
          .forEach(seen -> reported.add(seen.line()));
      List<String> once = ExpectedBreaks.settlementsOnce(reported);
      explain(difference(expected, once));
      assertThat(List.of(difference(expected, once), difference(once, expected)))
          .as(
              "[expected breaks the ledger did not report, breaks it reported that were not expected]")
          .containsOnly(List.of());
      checkCorrectionsResolved(labels);
      checkCorrectionRuns(labels);
      BalanceOracle oracle =
          BalanceOracle.over(days.stream().flatMap(d -> d.events().stream()).toList());
      for (int i = 0; i < agreements.size(); i++) {
        checkStatementsAndBalances(
            agreements.get(i), ColendingCluster.partner(i + 1), days, oracle);
        checkBreakLists(agreements.get(i).agreement(), ColendingCluster.partner(i + 1));
      }
    }
    report(labels, expected, System.nanoTime() - started);
  }

  // The dataset ------------------------------------------------------------------------------

  private void checkDataset(List<ExpectedBreaks.Label> labels) {
    assertThat(labels).as("injected breaks").hasSizeGreaterThanOrEqualTo(scenario.minBreaks());
    for (String kind : DAY_FILE_KINDS) {
      assertThat(
              labels.stream()
                  .filter(l -> l.expectedBreak().equals(kind) && !l.eventRef().isEmpty()))
          .as("injected " + kind)
          .hasSizeGreaterThanOrEqualTo(scenario.minPerKind());
    }
  }

  /** The true record of every key, by {@code agreement/TYPE/ref}. */
  private static Map<String, DayFileRecord> truth(List<GeneratedDay> days) {
    Map<String, DayFileRecord> records = new TreeMap<>();
    for (GeneratedDay day : days) {
      for (GeneratedEvent event : day.events()) {
        DayFileRecord r = event.record();
        records.put(r.agreement() + "/" + r.eventType() + "/" + r.eventRef(), r);
      }
    }
    return records;
  }

  // One business day -------------------------------------------------------------------------

  private void runDay(Path data, List<AgreementTerms> agreements, LocalDate date) throws Exception {
    clock.advanceTo(at(date, 9, 0));
    for (int i = 0; i < agreements.size(); i++) {
      AgreementTerms terms = agreements.get(i);
      String partner = ColendingCluster.partner(i + 1);
      Path dayfiles = data.resolve("dayfiles");
      send(
          partner,
          partner,
          ActivityFiles.dayFile(dayfiles, terms.agreement(), date, terms.partnerBank()));
      send(
          ColendingCluster.LEAD,
          partner,
          ActivityFiles.dayFile(dayfiles, terms.agreement(), date, terms.leadBank()));
    }
    clock.advanceTo(at(date, 12, 0));
    for (int i = 0; i < agreements.size(); i++) {
      String partner = ColendingCluster.partner(i + 1);
      Path camt =
          ActivityFiles.statementFile(
              data.resolve("statements"), agreements.get(i).agreement(), date);
      reserveStatement(partner, agreements.get(i).agreement(), camt, date);
      scan(partner, date, false);
    }
    for (int i = 0; i < agreements.size(); i++) {
      correct(agreements.get(i), ColendingCluster.partner(i + 1), date);
    }
    clock.advanceTo(at(date.plusDays(1), 0, 0) + 1_000);
    for (int i = 0; i < agreements.size(); i++) {
      close(agreements.get(i).agreement(), ColendingCluster.partner(i + 1), date);
      scan(ColendingCluster.partner(i + 1), date, false);
    }
  }

  /** Imports one day file as {@code entente import} does and submits its batches in order. */
  private void send(String institution, String partner, Path file) throws Exception {
    DayFileImport.Outcome outcome =
        DayFileImport.run(
            file, DayFileImport.Options.allOrNothing(scenario.batchRecords()), Progress.NONE);
    assertThat(outcome.result().errors()).as(file.getFileName().toString()).isEmpty();
    Bank bank = cluster.bank(institution);
    String channel = ColendingCluster.channel(partner);
    for (Batch batch : outcome.batches()) {
      List<EventRecord> records = new ArrayList<>();
      for (DayFileRecord record : batch.records()) {
        records.add(DayFileAttestations.record(record));
      }
      Transaction transaction =
          cluster.request(
              bank,
              channel,
              ColendingApplication.ATTEST,
              "clerk",
              "submitter",
              DayFileAttestations.batchContent(records),
              batch.idempotencyKey());
      cluster.accepted(bank, channel, transaction);
      linesSent.merge(institution, records.size(), Integer::sum);
      // Sending the same batch again (a resumed import) is a replay, not a second attestation.
      SubmitResult again = bank.backend().submit(channel, List.of(transaction)).get(0);
      assertThat(again).isInstanceOf(SubmitResult.Duplicate.class);
    }
  }

  private void reserveStatement(String partner, String agreement, Path camt, LocalDate date)
      throws Exception {
    CamtResult result = CamtStatementReader.read(camt);
    assertThat(result).as(camt.getFileName().toString()).isInstanceOf(CamtResult.Parsed.class);
    ReserveStatements.Mapped mapped =
        ReserveStatements.map(agreement, ((CamtResult.Parsed) result).statement());
    assertThat(mapped.statements()).as(camt.getFileName().toString()).hasSize(1);
    Requests.ReserveStatement statement = mapped.statements().get(0);
    assertThat(statement.valueDate()).isEqualTo(Math.toIntExact(date.toEpochDay()));
    Bank bank = cluster.bank(partner);
    cluster.accepted(
        bank,
        ColendingCluster.channel(partner),
        cluster.request(
            bank,
            ColendingCluster.channel(partner),
            ColendingApplication.RESERVE_STATEMENT,
            "treasury",
            "submitter",
            Requests.ReserveStatement.CODEC.encode(statement),
            "camt-" + agreement + "-" + date));
  }

  /**
   * Both banks send a corrections file: the true line, as CORRECT, for every key whose open break
   * says its reports differ or its split is wrong (settlements excepted: they post nothing).
   */
  private void correct(AgreementTerms terms, String partner, LocalDate date) throws Exception {
    List<DayFileRecord> lines = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>();
    for (Seen seen : breaks.values()) {
      boolean open = seen.state.equals("OPEN") || seen.state.equals("PROPOSED");
      if (open
          && seen.agreement.equals(terms.agreement())
          && CORRECTABLE.contains(seen.openedAs)
          && !seen.eventType.equals("SETTLEMENT")
          && keys.add(seen.eventType + "/" + seen.eventRef)) {
        DayFileRecord line = truth.get(seen.agreement + "/" + seen.eventType + "/" + seen.eventRef);
        assertThat(line).as("the true record of " + seen.line()).isNotNull();
        lines.add(line.withAction(Action.CORRECT, "agreed with the counterpart"));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    Path dir = folder.resolve("corrections").resolve(terms.agreement());
    Files.createDirectories(dir);
    for (String bank : List.of(partner, ColendingCluster.LEAD)) {
      Path file = dir.resolve(date + "_" + bank + ".csv");
      DayFileWriter.write(file, lines);
      send(bank, partner, file);
    }
    scan(partner, date, true);
  }

  private void close(String agreement, String partner, LocalDate date) {
    Bank lead = cluster.bank(ColendingCluster.LEAD);
    String channel = ColendingCluster.channel(partner);
    Transaction transaction =
        cluster.request(
            lead,
            channel,
            ColendingApplication.DAY_CLOSE,
            "ops",
            "submitter",
            Requests.DayClose.CODEC.encode(
                new Requests.DayClose(agreement, Math.toIntExact(date.toEpochDay()))),
            "close-" + agreement + "-" + date);
    Receipt receipt = cluster.accepted(lead, channel, transaction);
    List<String> result = strings(receipt.result());
    assertThat(result).as("day-close result").hasSize(2);
    assertThat(result.get(0)).isEqualTo("1");
    assertThat(result.get(1)).startsWith(date + "=");
    closedHashes.put(agreement + "/" + date, result.get(1).substring(11));
    var location =
        lead.node()
            .channel(channel)
            .orElseThrow()
            .store()
            .transaction(transaction.id(cluster.suite));
    closeHeights.put(agreement + "/" + date, location.orElseThrow().height());
  }

  /** Reads the channel's new events: breaks (dated by the day being run) and closed statements. */
  private void scan(String partner, LocalDate day, boolean duringCorrections) {
    String channel = ColendingCluster.channel(partner);
    long from = scanned.getOrDefault(channel, 0L);
    for (ApplicationEvent event : cluster.eventsAfter(channel, from)) {
      from = Math.max(from, event.height());
      List<String> fields = strings(event.data());
      if (event.type().equals("break-opened")) {
        // Break ids are numbered per channel: the agreement tells them apart.
        breaks.put(fields.get(1) + "/" + fields.get(0), new Seen(fields, day, duringCorrections));
      } else if (event.type().startsWith("break-")) {
        Seen seen = breaks.get(fields.get(1) + "/" + fields.get(0));
        seen.type = fields.get(2);
        seen.state = fields.get(3);
      } else if (event.type().equals("statement-closed")) {
        assertThat(fields.get(3)).as("closed by").isNotEqualTo("auto");
        String stored =
            closedHashes.putIfAbsent("event:" + fields.get(0) + "/" + fields.get(1), fields.get(2));
        assertThat(stored).isNull();
      }
    }
    scanned.put(channel, from);
  }

  // Agreements -------------------------------------------------------------------------------

  private void activate(AgreementTerms generated, String partner) throws Exception {
    io.entente.app.colending.AgreementTerms terms =
        new io.entente.app.colending.AgreementTerms(
            generated.agreement(),
            ColendingCluster.LEAD,
            partner,
            generated.currency(),
            new SplitTable(
                generated.principalBp(),
                generated.interestBp(),
                generated.penaltyBp(),
                generated.feeBp()),
            100_000_00L,
            10_000_00L,
            SLA_MS,
            generated.dateToleranceDays(),
            HOUR_MS,
            1_000_000_000_00L,
            3_000,
            GRACE_MS);
    Bytes encoded = io.entente.app.colending.AgreementTerms.CODEC.encode(terms);
    String channel = ColendingCluster.channel(partner);
    Bank lead = cluster.bank(ColendingCluster.LEAD);
    Bank partnerBank = cluster.bank(partner);
    cluster.accepted(
        lead,
        channel,
        cluster.request(
            lead,
            channel,
            ColendingApplication.AGREEMENT_PROPOSE,
            "lead-maker",
            "submitter",
            encoded,
            "propose-" + generated.agreement()));
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(encoded.toByteArray());
    cluster.accepted(
        partnerBank,
        channel,
        cluster.request(
            partnerBank,
            channel,
            ColendingApplication.AGREEMENT_ACCEPT,
            "partner-checker",
            "approver",
            Requests.AgreementAccept.CODEC.encode(
                new Requests.AgreementAccept(
                    generated.agreement(), new io.entente.core.bytes.Hash(Bytes.wrapUnsafe(hash)))),
            "accept-" + generated.agreement()));
  }

  // Checks at the end ------------------------------------------------------------------------

  private void checkCorrectionsResolved(List<ExpectedBreaks.Label> labels) {
    for (ExpectedBreaks.Label label : labels) {
      if (label.expectedEnd().equals("RESOLVED")) {
        List<String> states =
            breaks.values().stream()
                .filter(s -> s.line().equals(label.line()))
                .map(s -> s.state)
                .toList();
        assertThat(states).as(label.line()).isNotEmpty().allMatch(s -> !s.equals("OPEN"));
      }
    }
  }

  /**
   * A key both banks reported with the same wrong split is corrected by two files, one per bank:
   * between the two its reports differ, which is an AMOUNT_MISMATCH that the second file resolves.
   * Those are the only breaks the corrections may raise.
   */
  private void checkCorrectionRuns(List<ExpectedBreaks.Label> labels) {
    List<String> splitKeys =
        labels.stream()
            .filter(l -> l.kind().equals(InjectedBreak.SPLIT_MISMATCH.name()))
            .map(l -> l.agreement() + " AMOUNT_MISMATCH " + l.eventType() + " " + l.eventRef())
            .toList();
    for (Seen seen : breaks.values()) {
      if (seen.duringCorrections) {
        assertThat(splitKeys).as("raised by the corrections: " + seen.line()).contains(seen.line());
        assertThat(seen.state).as(seen.line()).isIn("RESOLVED", "CLOSED");
      }
    }
  }

  /** Each bank's node lists the agreement's breaks (BREAKS query) as the events told them. */
  private void checkBreakLists(String agreement, String partner) {
    List<String> told = new ArrayList<>();
    for (Seen seen : breaks.values()) {
      if (seen.agreement.equals(agreement)) {
        told.add(
            seen.id
                + " "
                + seen.type
                + " "
                + seen.eventType
                + " "
                + seen.eventRef
                + " "
                + seen.state);
      }
    }
    told.sort(String::compareTo);
    for (String institution : List.of(ColendingCluster.LEAD, partner)) {
      List<String> listed = new ArrayList<>();
      String cursor = "";
      do {
        Application.QueryResult answer =
            cluster.query(
                cluster.bank(institution),
                ColendingCluster.channel(partner),
                "auditor",
                Requests.QueryRequest.CODEC.encode(
                    Requests.QueryRequest.breaks(agreement, "", 500, cursor)));
        assertThat(answer.check()).as(institution + " BREAKS").isEqualTo(Check.accepted());
        QueryAnswers.BreakPage page = QueryAnswers.breaks(answer.result());
        for (QueryAnswers.BreakView b : page.breaks()) {
          listed.add(
              b.id() + " " + b.type() + " " + b.eventType() + " " + b.eventRef() + " " + b.state());
        }
        cursor = page.nextCursor();
      } while (!cursor.isEmpty());
      listed.sort(String::compareTo);
      assertThat(listed).as("breaks listed by " + institution).isEqualTo(told);
    }
  }

  private void checkStatementsAndBalances(
      AgreementTerms terms, String partner, List<GeneratedDay> days, BalanceOracle oracle)
      throws Exception {
    String channel = ColendingCluster.channel(partner);
    Path downloads = folder.resolve("downloads");
    for (GeneratedDay day : days) {
      String key = terms.agreement() + "/" + day.date();
      cluster.awaitEverywhere(channel, closeHeights.get(key));
      byte[] leadCsv = null;
      for (String institution : List.of(ColendingCluster.LEAD, partner)) {
        Application.QueryResult answer =
            cluster.query(
                cluster.bank(institution),
                channel,
                "auditor",
                Requests.QueryRequest.CODEC.encode(
                    Requests.QueryRequest.statement(
                        terms.agreement(), Math.toIntExact(day.date().toEpochDay()))));
        assertThat(answer.check()).as(institution + " " + key).isEqualTo(Check.accepted());
        Reader reader = Reader.of(answer.result());
        Statement statement = Statement.CODEC.readFrom(reader);
        byte[] csv = reader.bytes(Integer.MAX_VALUE, "csv").toByteArray();
        reader.expectEnd("statement answer");
        Path file =
            downloads.resolve(institution).resolve(terms.agreement()).resolve(day.date() + ".csv");
        Files.createDirectories(file.getParent());
        Files.write(file, csv);
        String sha =
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(sha)
            .as("downloaded " + key + " at " + institution)
            .isEqualTo(statement.csvSha256().toHex())
            .isEqualTo(closedHashes.get(key))
            .isEqualTo(closedHashes.get("event:" + key));
        assertThat(statement.closingReserve())
            .as("closing posted reserve of " + key)
            .isEqualTo(oracle.closingReserveFen(terms.agreement(), day.date()));
        if (leadCsv == null) {
          leadCsv = csv;
        } else {
          assertThat(csv).as("both banks download the same statement").isEqualTo(leadCsv);
        }
      }
    }
    Application.QueryResult answer =
        cluster.query(
            cluster.bank(partner),
            channel,
            "auditor",
            Requests.QueryRequest.CODEC.encode(Requests.QueryRequest.position(terms.agreement())));
    PositionView position = PositionView.CODEC.decode(answer.result());
    assertThat(position.balances().stream().mapToLong(Long::longValue).sum())
        .as("the agreement's accounts sum to zero")
        .isZero();
    LocalDate last = days.get(days.size() - 1).date();
    assertThat(position.postedReserve())
        .isEqualTo(oracle.closingReserveFen(terms.agreement(), last));
  }

  private void report(List<ExpectedBreaks.Label> labels, List<String> expected, long nanos) {
    TreeMap<String, Integer> byType = new TreeMap<>();
    for (Seen seen : breaks.values()) {
      byType.merge(seen.openedAs, 1, Integer::sum);
    }
    System.out.printf(
        "colending round trip: %d partner(s) x %d days, seed %d: lines sent %s;"
            + " %d injected breaks, %d expected (with settlement nets), %d reported %s;"
            + " %.1f s%n",
        scenario.partners(),
        scenario.days(),
        scenario.seed(),
        linesSent,
        labels.size(),
        expected.size(),
        breaks.size(),
        byType,
        nanos / 1e9);
  }

  // Helpers ------------------------------------------------------------------------------------

  /** Prints what the ledger holds for each expected key break it did not report, to diagnose. */
  private void explain(List<String> missing) {
    for (String line : missing) {
      String[] parts = line.split(" ");
      if (parts.length < 4) {
        continue;
      }
      DayFileRecord truthLine = truth.get(parts[0] + "/" + parts[2] + "/" + parts[3]);
      String partner = "partner-" + Integer.parseInt(parts[0].substring(parts[0].length() - 2));
      for (int shift = -4; shift <= 4 && truthLine != null; shift++) {
        int day = Math.toIntExact(truthLine.valueDate().toEpochDay()) + shift;
        Application.QueryResult answer =
            cluster.query(
                cluster.bank(ColendingCluster.LEAD),
                ColendingCluster.channel(partner),
                "auditor",
                Requests.QueryRequest.CODEC.encode(
                    Requests.QueryRequest.records(
                        parts[0], day, "", io.entente.app.colending.EventType.valueOf(parts[2]))));
        if (answer.check().isAccepted()) {
          for (QueryAnswers.RecordView view : QueryAnswers.records(answer.result()).records()) {
            if (view.key().eventRef().equals(parts[3])) {
              System.out.println("missing " + line + ": " + view);
            }
          }
        }
      }
    }
  }

  /**
   * The lines of {@code from} left after taking out one occurrence of each line of {@code less}.
   */
  static List<String> difference(List<String> from, List<String> less) {
    List<String> left = new ArrayList<>(from);
    for (String line : less) {
      left.remove(line);
    }
    return left;
  }

  private static long at(LocalDate date, int hour, int minute) {
    return date.atTime(hour, minute).atZone(SHANGHAI).toInstant().toEpochMilli();
  }

  /** The event-data (and receipt result) encoding: tag, version, a list of strings. */
  static List<String> strings(Bytes data) {
    Reader reader = Reader.of(data);
    reader.u8("tag");
    reader.u8("version");
    List<String> fields = reader.list(64, "fields", r -> r.string(4096, "field"));
    reader.expectEnd("event data");
    return fields;
  }
}
