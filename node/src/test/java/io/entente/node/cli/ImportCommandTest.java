package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.colending.AgreementTerms;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Requests;
import io.entente.app.colending.SplitTable;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code entente import} against two real in-process nodes (p2p, consensus, storage, HTTPS API)
 * whose bilateral channel runs the co-lending application: a day file goes on the ledger once, a
 * second import submits nothing new, a file with a bad line submits nothing and names the line, and
 * a camt.053 statement raises BALANCE_MISMATCH exactly when its closing balance disagrees with the
 * ledger. Waits are bounded by the import's own commit deadline; nothing is timed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ImportCommandTest {
  private Path folder;
  private ColendingNodes nodes;

  /** Business dates are Asia/Shanghai (UTC+8, no daylight saving). */
  private final LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));

  @BeforeAll
  void startNodes(@TempDir Path dir) throws Exception {
    folder = dir;
    nodes = ColendingNodes.start(folder);
  }

  @AfterAll
  void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void aDayFileGoesOnTheLedgerOnceAndImportingItAgainSubmitsNothingNew() throws Exception {
    activate("AGR-DAYFILE");
    StringBuilder csv =
        new StringBuilder(
            "event_ref,event_type,agreement,loan_ref,value_date,currency,amount,payment_ref\n");
    csv.append("RD-1,RESERVE_DEPOSIT,AGR-DAYFILE,,").append(today).append(",CNY,500000.00,P-1\n");
    for (int i = 1; i <= 24; i++) {
      csv.append("DS-")
          .append(i)
          .append(",DISBURSEMENT,AGR-DAYFILE,L-")
          .append(i)
          .append(',')
          .append(today)
          .append(",CNY,")
          .append(1000 + i)
          .append(".50,\n");
    }
    Path file = write("day.csv", csv.toString());

    CliRun lead = importAs(ColendingNodes.LEAD, file.toString(), "--batch-size", "10");

    assertThat(lead.status()).as(lead.err()).isZero();
    assertThat(lead.out())
        .contains("day.csv: 25 records in 3 batches of at most 10")
        .contains("new:              25 records in 3 requests")
        .contains("already imported: 0 records in 0 requests")
        .contains("rejected:         0 records in 0 requests");
    assertThat(lead.err()).contains("import: 25/25 records (100%), batch 3/3");

    CliRun partner = importAs(ColendingNodes.PARTNER, file.toString(), "--batch-size", "10");

    assertThat(partner.status()).as(partner.err()).isZero();
    assertThat(partner.out())
        .contains("new:              25 records in 3 requests")
        .contains("matched with the other bank's reports: 25 records")
        .contains("breaks opened: none");

    CliRun again = importAs(ColendingNodes.LEAD, file.toString(), "--batch-size", "10");

    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("new:              0 records in 0 requests")
        .contains("already imported: 25 records in 3 requests");
  }

  @Test
  void aFileWithABadLineSubmitsNothingAndNamesTheLine() throws Exception {
    activate("AGR-BADLINE");
    String header = "event_ref,event_type,agreement,value_date,currency,amount,payment_ref\n";
    String first = "RD-1,RESERVE_DEPOSIT,AGR-BADLINE," + today + ",CNY,100.00,P-1\n";
    String bad = "RD-2,RESERVE_DEPOSIT,AGR-BADLINE," + today + ",CNY,12.345,P-2\n";
    String third = "RD-3,RESERVE_DEPOSIT,AGR-BADLINE," + today + ",CNY,300.00,P-3\n";
    Path file = write("bad.csv", header + first + bad + third);

    CliRun run = importAs(ColendingNodes.LEAD, file.toString());

    assertThat(run.status()).isEqualTo(ImportCommand.BAD_FILE);
    assertThat(run.err())
        .contains("bad.csv has 1 bad line:")
        .contains("line 3: TOO_MANY_DECIMALS")
        .contains("nothing was submitted");
    assertThat(run.out()).doesNotContain("imported into");

    // Had the valid lines gone in, this file (the same batch) would be "already imported".
    CliRun valid =
        importAs(ColendingNodes.LEAD, write("valid.csv", header + first + third).toString());

    assertThat(valid.status()).as(valid.err()).isZero();
    assertThat(valid.out())
        .contains("new:              2 records in 1 request")
        .contains("already imported: 0 records in 0 requests");

    Path rejects = folder.resolve("rejects.csv");
    CliRun kept =
        importAs(
            ColendingNodes.LEAD,
            write(
                    "kept.csv",
                    header + first.replace("RD-1", "RD-4") + bad + third.replace("RD-3", "RD-6"))
                .toString(),
            "--keep-valid-lines",
            "--rejects",
            rejects.toString());

    assertThat(kept.status()).isEqualTo(ImportCommand.BAD_FILE);
    assertThat(kept.err()).contains("line 3: TOO_MANY_DECIMALS");
    assertThat(kept.out()).contains("new:              2 records in 1 request");
    assertThat(Files.readAllLines(rejects))
        .hasSize(2)
        .last()
        .asString()
        .startsWith("3,TOO_MANY_DECIMALS: ")
        .endsWith(",RD-2,RESERVE_DEPOSIT,AGR-BADLINE," + today + ",CNY,12.345,P-2");
  }

  @Test
  void requestsTheLedgerRefusesAreListedWithTheirReason() throws Exception {
    Path file =
        write(
            "unknown.csv",
            "event_ref,event_type,agreement,value_date,currency,amount\n"
                + "RD-1,RESERVE_DEPOSIT,AGR-NEVER-PROPOSED,"
                + today
                + ",CNY,1.00\n");

    CliRun run = importAs(ColendingNodes.LEAD, file.toString());

    assertThat(run.status()).as(run.err()).isEqualTo(ImportCommand.REFUSED);
    assertThat(run.out())
        .contains("new:              0 records in 0 requests")
        .contains("rejected:         1 record in 1 request")
        .contains("    batch 1: ")
        .contains("unknown-agreement");
  }

  /**
   * A request that commits but that the application refuses when its block executes changed
   * nothing: the import counts it as a refusal with the receipt's reason and exits 4, not as new. A
   * day file's attestations are never refused for lack of funds, so the refused request here is a
   * hold over an empty reserve, run through the same import loop.
   */
  @Test
  void aRequestRefusedWhenItsBlockExecutesIsARefusal() throws Exception {
    LocalDate day = activate("AGR-REFUSED");
    Bytes hold =
        Requests.HoldRequest.CODEC.encode(
            new Requests.HoldRequest("AGR-REFUSED", "H1", "L1", 100_000, (int) day.toEpochDay()));
    java.io.StringWriter bar = new java.io.StringWriter();
    ImportRun run =
        new ImportRun(
            client(ColendingNodes.LEAD, "gateway", "submitter"),
            ColendingNodes.CHANNEL,
            Duration.ofSeconds(120),
            Clock.systemUTC(),
            new ImportProgress(
                new java.io.PrintWriter(bar),
                ImportProgress.Mode.NONE,
                Clock.systemUTC(),
                1,
                1,
                "record"),
            "record");

    run.submitAll(
        List.of(
            new ImportCommand.Work(
                ColendingApplication.DISBURSEMENT_REQUEST,
                () -> hold,
                "hold-over-an-empty-reserve",
                1,
                "batch 1")));

    assertThat(run.exitStatus()).isEqualTo(ImportCommand.REFUSED);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    run.report(new java.io.PrintWriter(out), new java.io.PrintWriter(err));
    assertThat(out.toString())
        .contains("new:              0 records in 0 requests")
        .contains("rejected:         1 record in 1 request")
        .contains("    batch 1: insufficient-available: ")
        .contains("refused when its block executed");
  }

  /**
   * The report's read of the event stream ends at its deadline even when the stream never reaches
   * the heights asked for (it only sends keep-alives): the request's own timeout covers the
   * answer's headers only. The class's timeout guards against the hang this used to be.
   */
  @Test
  void readingEventsEndsAtTheDeadlineWhenTheBlocksNeverCome() throws Exception {
    ImportClient client = client(ColendingNodes.LEAD, "gateway", "submitter");
    long tip =
        client.get("/v1/channels/" + ColendingNodes.CHANNEL + "/status").path("height").asLong();
    List<ImportClient.Event> events =
        client.events(
            ColendingNodes.CHANNEL,
            java.util.Set.of(new ImportClient.Place(tip + 1_000_000, 0)),
            Clock.systemUTC().instant().plusSeconds(2));
    assertThat(events).isEmpty();
  }

  @Test
  void anImportThatStoppedIsResumedByRunningItAgain() throws Exception {
    activate("AGR-RESUME");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      lines.add("RD-" + i + ",RESERVE_DEPOSIT,AGR-RESUME," + today + ",CNY," + i + ".00,P-" + i);
    }
    String header = "event_ref,event_type,agreement,value_date,currency,amount,payment_ref\n";
    // What an import that stopped after its first batch had put on the ledger.
    Path firstBatch = write("first.csv", header + String.join("\n", lines.subList(0, 10)) + "\n");
    CliRun stopped = importAs(ColendingNodes.LEAD, firstBatch.toString(), "--batch-size", "10");
    assertThat(stopped.status()).as(stopped.err()).isZero();

    CliRun resumed =
        importAs(
            ColendingNodes.LEAD,
            write("all.csv", header + String.join("\n", lines) + "\n").toString(),
            "--batch-size",
            "10");

    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("new:              15 records in 2 requests")
        .contains("already imported: 10 records in 1 request");
  }

  @Test
  void aCamtStatementRaisesBalanceMismatchExactlyWhenItDisagreesWithTheLedger() throws Exception {
    LocalDate day = activate("AGR-CAMT");
    Path deposits =
        write(
            "deposits.csv",
            "event_ref,event_type,agreement,value_date,currency,amount,payment_ref\n"
                + "RD-1,RESERVE_DEPOSIT,AGR-CAMT,"
                + day
                + ",CNY,1000000.00,CNAPS-0001\n");
    for (String bank : List.of(ColendingNodes.LEAD, ColendingNodes.PARTNER)) {
      CliRun run = importAs(bank, deposits.toString());
      assertThat(run.status()).as(run.err()).isZero();
    }
    // Closes that day (the test nodes' co-lending clock moves a day on from this block).
    ImportClient.Outcome closed =
        client(ColendingNodes.LEAD, "gateway", "submitter")
            .submit(
                ColendingNodes.CHANNEL,
                ColendingApplication.DAY_CLOSE,
                Requests.DayClose.CODEC.encode(
                    new Requests.DayClose("AGR-CAMT", (int) day.toEpochDay())),
                "close-" + day,
                deadline());
    assertThat(closed).isInstanceOf(ImportClient.Committed.class);

    CliRun agreeing =
        importAs(
            ColendingNodes.LEAD,
            "--camt",
            write("agree.xml", camt(day, "1000000.00")).toString(),
            "--agreement",
            "AGR-CAMT");

    assertThat(agreeing.status()).as(agreeing.err()).isZero();
    assertThat(agreeing.out())
        .contains("1 closing balance (one reserve-statement each) of account RSV-AGR-CAMT")
        .contains("new:              1 statement in 1 request")
        .contains("bank statement " + day + ": closing balance 100000000 fen, 0 entries")
        .contains("breaks opened: none");

    CliRun disagreeing =
        importAs(
            ColendingNodes.LEAD,
            "--camt",
            write("disagree.xml", camt(day, "999000.00")).toString(),
            "--agreement",
            "AGR-CAMT");

    assertThat(disagreeing.status()).as(disagreeing.err()).isZero();
    assertThat(disagreeing.out())
        .contains("bank statement " + day + ": closing balance 99900000 fen")
        .contains("breaks opened: BALANCE_MISMATCH 1");

    CliRun again =
        importAs(
            ColendingNodes.LEAD,
            "--camt",
            folder.resolve("disagree.xml").toString(),
            "--agreement",
            "AGR-CAMT");
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("new:              0 statements in 0 requests")
        .contains("already imported: 1 statement in 1 request");
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsRead() {
    CliRun both =
        CliRun.of(
            "import",
            "--home",
            "h",
            "--channel",
            "c",
            "x.csv",
            "--camt",
            "y.xml",
            "--agreement",
            "A");
    assertThat(both.status()).isEqualTo(ImportCommand.BAD_ARGUMENTS);
    assertThat(both.err()).contains("give one of a day file and --camt FILE");

    CliRun noRejects =
        CliRun.of("import", "--home", "h", "--channel", "c", "--keep-valid-lines", "x.csv");
    assertThat(noRejects.status()).isEqualTo(ImportCommand.BAD_ARGUMENTS);
    assertThat(noRejects.err()).contains("--rejects");

    CliRun help = CliRun.of("import", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out())
        .contains("ENTENTE_API_PASSWORD")
        .contains("Exit status: 0 everything is on the ledger")
        .doesNotContain("--password");
  }

  @Test
  void checkReadsTheFileAndContactsNoNode(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one.csv");
    Files.writeString(
        file,
        "event_ref,event_type,agreement,value_date,currency,amount\n"
            + "RD-1,RESERVE_DEPOSIT,AGR-1,2026-03-02,CNY,1.00\n");

    CliRun check =
        CliRun.of(
            "import",
            "--home",
            dir.resolve("no-node").toString(),
            "--channel",
            "c",
            "--check",
            file.toString());

    assertThat(check.status()).as(check.err()).isZero();
    assertThat(check.out())
        .contains("one.csv: 1 record in 1 batch of at most 1000")
        .contains("checked: nothing submitted (--check)");
  }

  // Helpers

  private CliRun importAs(String institution, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "import",
                "--home",
                nodes.home(institution).toString(),
                "--credentials",
                nodes.credentials(institution).toString(),
                "--channel",
                ColendingNodes.CHANNEL));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  private Path write(String name, String text) throws Exception {
    Path file = folder.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static Instant deadline() {
    return Clock.systemUTC().instant().plus(Duration.ofSeconds(120));
  }

  private ImportClient client(String institution, String user, String role) throws Exception {
    String password;
    if (user.equals(ColendingNodes.APPROVER)) {
      password = ColendingNodes.APPROVER_PASSWORD;
    } else {
      Properties credentials = new Properties();
      try (Reader reader = Files.newBufferedReader(nodes.credentials(institution))) {
        credentials.load(reader);
      }
      password = credentials.getProperty(user + ".password");
    }
    io.entente.node.consortium.NodeConfig config =
        io.entente.node.consortium.NodeConfig.load(
            nodes.home(institution).resolve(io.entente.node.consortium.Layout.NODE_CONFIG));
    ImportClient client =
        new ImportClient(
            StatusCommand.client(config),
            "https://" + config.api().host() + ":" + config.api().port(),
            user,
            password,
            role,
            Clock.systemUTC());
    client.login();
    return client;
  }

  /**
   * Proposed by the lead's gateway, accepted by the partner's approver. Returns the business date
   * (Shanghai) of the block that activated it: the agreement's first statement day.
   */
  private LocalDate activate(String agreement) throws Exception {
    AgreementTerms terms =
        new AgreementTerms(
            agreement,
            ColendingNodes.LEAD,
            ColendingNodes.PARTNER,
            "CNY",
            new SplitTable(7000, 7000, 7000, 7000),
            0,
            0,
            Duration.ofHours(6).toMillis(),
            1,
            Duration.ofHours(1).toMillis(),
            1_000_000_000_000L,
            3000,
            // A day closes by itself only just before the end of the next day: in this test, days
            // close by day-close transactions, whatever the hour the test runs at.
            Duration.ofDays(1).minusSeconds(1).toMillis());
    Bytes encoded = AgreementTerms.CODEC.encode(terms);
    ImportClient.Outcome proposed =
        client(ColendingNodes.LEAD, "gateway", "submitter")
            .submit(
                ColendingNodes.CHANNEL,
                ColendingApplication.AGREEMENT_PROPOSE,
                encoded,
                "propose-" + agreement,
                deadline());
    assertThat(proposed).isInstanceOf(ImportClient.Committed.class);
    Hash termsHash = Hash.of(MessageDigest.getInstance("SHA-256").digest(encoded.toByteArray()));
    ImportClient approver = client(ColendingNodes.PARTNER, ColendingNodes.APPROVER, "approver");
    ImportClient.Outcome accepted =
        approver.submit(
            ColendingNodes.CHANNEL,
            ColendingApplication.AGREEMENT_ACCEPT,
            Requests.AgreementAccept.CODEC.encode(
                new Requests.AgreementAccept(agreement, termsHash)),
            "accept-" + agreement,
            deadline());
    assertThat(accepted).isInstanceOf(ImportClient.Committed.class);
    long height = ((ImportClient.Committed) accepted).height();
    long blockTimeMs =
        approver
            .get("/v1/channels/" + ColendingNodes.CHANNEL + "/blocks/" + height)
            .path("header")
            .path("timestampMs")
            .asLong();
    return Instant.ofEpochMilli(blockTimeMs).atOffset(ZoneOffset.ofHours(8)).toLocalDate();
  }

  /** A one-day camt.053.001.08 statement of the reserve account with one deposit entry. */
  private static String camt(LocalDate day, String closing) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
          <BkToCstmrStmt>
            <GrpHdr><MsgId>MSG-%1$s-%2$s</MsgId><CreDtTm>%1$sT23:00:00+08:00</CreDtTm></GrpHdr>
            <Stmt>
              <Id>STMT-%1$s</Id>
              <CreDtTm>%1$sT23:00:00+08:00</CreDtTm>
              <Acct><Id><Othr><Id>RSV-AGR-CAMT</Id></Othr></Id><Ccy>CNY</Ccy></Acct>
              <Bal>
                <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
                <Amt Ccy="CNY">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt>
              </Bal>
              <Bal>
                <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
                <Amt Ccy="CNY">%2$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt>
              </Bal>
              <Ntry>
                <Amt Ccy="CNY">1000000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>%1$s</Dt></BookgDt><ValDt><Dt>%1$s</Dt></ValDt>
                <AcctSvcrRef>SVC-0001</AcctSvcrRef>
                <NtryDtls><TxDtls><Refs>
                  <EndToEndId>RD-1</EndToEndId><TxId>CNAPS-0001</TxId>
                </Refs></TxDtls></NtryDtls>
              </Ntry>
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """
        .formatted(day, closing);
  }
}
