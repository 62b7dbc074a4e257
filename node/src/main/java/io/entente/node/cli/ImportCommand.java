package io.entente.node.cli;

import io.entente.app.colending.EventRecord;
import io.entente.app.colending.Requests;
import io.entente.colending.EdgeLimits;
import io.entente.colending.camt.CamtResult;
import io.entente.colending.camt.CamtStatementReader;
import io.entente.colending.dayfile.Batch;
import io.entente.colending.dayfile.Batches;
import io.entente.colending.dayfile.DayFileEntry;
import io.entente.colending.dayfile.DayFileImport;
import io.entente.colending.dayfile.DayFileReader;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.DayFileResult;
import io.entente.colending.dayfile.LineError;
import io.entente.colending.dayfile.Progress;
import io.entente.colending.importing.DayFileAttestations;
import io.entente.colending.importing.ImportKeys;
import io.entente.colending.importing.ReserveStatements;
import io.entente.core.bytes.Bytes;
import io.entente.node.api.ApiLimits;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code entente import}: a CSV day file, or with {@code --camt} a camt.053 reserve statement, into
 * a bilateral channel through a node's HTTPS API (docs/colending-files.md, "Importing").
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a CSV day file (DAYFILE) or a camt.053 reserve-account statement (--camt FILE)"
          + " into a bilateral channel, through the HTTPS API of the node whose home is --home,"
          + " as a user of its institution. The password comes from --credentials (a file with a"
          + " line <user>.password=…) or from the environment variable ENTENTE_API_PASSWORD.",
      "The whole file is checked first; a bad line is reported with its line number and, unless"
          + " --keep-valid-lines, nothing is submitted. Day-file records go in batches"
          + " (--batch-size), each with an idempotency key derived from its records, so running"
          + " the same import again, or resuming one that stopped, submits nothing new: the"
          + " node answers those batches as already imported. Each batch is waited for until it"
          + " is on the ledger (at most --commit-timeout seconds).",
      "Exit status: 0 everything is on the ledger; 1 the import could not finish (node"
          + " unreachable, login refused, no commit in time): run it again to resume; 2 bad"
          + " arguments; 3 the file has bad lines or was refused (nothing submitted, or with"
          + " --keep-valid-lines only the valid lines); 4 the node refused some requests (the"
          + " others are on the ledger)."
    })
final class ImportCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int NOT_FINISHED = 1;
  static final int BAD_ARGUMENTS = 2;
  static final int BAD_FILE = 3;
  static final int REFUSED = 4;

  /** Bad lines printed on stderr; the rest are counted (a rejects file holds them all). */
  static final int LINES_PRINTED_MAX = 100;

  static final String ATTEST = "attest";
  static final String RESERVE_STATEMENT = "reserve-statement";

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "DAYFILE",
      description = "The CSV day file (docs/colending-files.md).")
  Path dayFile;

  @Option(
      names = "--camt",
      paramLabel = "FILE",
      description = "A camt.053.001.08 statement of the agreement's reserve account, instead.")
  Path camtFile;

  @Option(
      names = "--agreement",
      paramLabel = "ID",
      description = "With --camt: the agreement whose reserve account the statement is of.")
  String agreement;

  @Option(names = "--home", paramLabel = "DIR", required = true, description = "The node's home.")
  Path home;

  @Option(
      names = "--channel",
      paramLabel = "NAME",
      required = true,
      description = "The bilateral channel, <lead>--<partner>.")
  String channel;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "gateway",
      description = "API user (a submitter). Default: ${DEFAULT-VALUE}.")
  String user;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "A credentials file with a line <user>.password=….")
  Path credentials;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Records per attestation batch (one ledger transaction), 1 to "
              + EdgeLimits.BATCH_RECORDS_MAX
              + ". A resumed import must keep it. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--keep-valid-lines",
      description = "Submit the valid lines of a file with bad ones (needs --rejects).")
  boolean keepValidLines;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description = "Write the bad lines here (line, reason, then the line's cells).")
  Path rejectsFile;

  @Option(
      names = "--commit-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "How long to wait for each request to be on the ledger. Default: ${DEFAULT-VALUE}.")
  long commitTimeoutSeconds;

  @Option(
      names = "--check",
      description = "Check the file and show the batches; submit nothing and contact no node.")
  boolean checkOnly;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "auto (a bar on a terminal, else a line every "
              + ImportProgress.PLAIN_STEP_PERCENT
              + "%), bar, lines or none. Default: ${DEFAULT-VALUE}.")
  String progress;

  private final Clock clock;

  ImportCommand() {
    this(Clock.systemUTC());
  }

  ImportCommand(Clock clock) {
    this.clock = clock;
  }

  /**
   * One request to submit: a batch or a statement, with what to say about it; {@code records} is
   * how many of the plan's units (records, statements) it carries. The content is encoded when it
   * is sent, so a large file's batches are never all in memory at once.
   */
  record Work(String type, Supplier<Bytes> content, String key, int records, String label) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String problem = argumentProblem();
      if (problem != null) {
        err.println("entente import: " + problem);
        return BAD_ARGUMENTS;
      }
      Plan plan = camtFile != null ? camtPlan(out, err) : dayFilePlan(out, err);
      if (plan.exitIfStopped >= 0) {
        return plan.exitIfStopped;
      }
      if (checkOnly) {
        out.println("checked: nothing submitted (--check)");
        out.flush();
        return plan.badLines ? BAD_FILE : OK;
      }
      int status = submit(plan, out, err);
      return status == OK && plan.badLines ? BAD_FILE : status;
    } catch (IOException e) {
      err.println("entente import: " + e.getMessage());
      return NOT_FINISHED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private String argumentProblem() {
    if ((dayFile == null) == (camtFile == null)) {
      return "give one of a day file and --camt FILE";
    }
    if (camtFile != null && agreement == null) {
      return "--camt needs --agreement: a statement names an account, not an agreement";
    }
    if (camtFile == null && agreement != null) {
      return "--agreement goes with --camt; a day file names its agreement on every line";
    }
    if (keepValidLines && rejectsFile == null) {
      return "--keep-valid-lines needs --rejects FILE for the lines left out";
    }
    if (batchSize < 1 || batchSize > EdgeLimits.BATCH_RECORDS_MAX) {
      return "--batch-size must be 1 to " + EdgeLimits.BATCH_RECORDS_MAX + " (BATCH_RECORDS_MAX)";
    }
    if (commitTimeoutSeconds < 1) {
      return "--commit-timeout must be at least 1 second";
    }
    if (!List.of("auto", "bar", "lines", "none").contains(progress)) {
      return "--progress is auto, bar, lines or none";
    }
    return null;
  }

  /** What the file gives: the requests, whether it had bad lines, or the exit status now. */
  record Plan(List<Work> work, boolean badLines, int exitIfStopped, String unit) {}

  // Day files

  private Plan dayFilePlan(PrintWriter out, PrintWriter err) throws IOException {
    DayFileResult read = DayFileReader.read(dayFile, readingProgress(err));
    if (progressMode() == ImportProgress.Mode.BAR) {
      err.print("\r\u001b[K"); // the reading line goes
      err.flush();
    }
    List<DayFileEntry> entries = read.fileRejected() ? List.of() : read.entries();
    DayFileAttestations.Mapped mapped = DayFileAttestations.map(entries);
    List<String> bad = badLines(read, mapped);
    if (!bad.isEmpty()) {
      reportBadLines(err, bad, read, mapped);
      if (!keepValidLines || read.fileRejected()) {
        err.println("nothing was submitted: fix the file and import it again");
        return new Plan(List.of(), true, BAD_FILE, "record");
      }
    }
    List<DayFileRecord> records = importable(entries, mapped);
    List<Work> work = new ArrayList<>();
    for (Batch batch : Batches.split(records, batchSize)) {
      Supplier<Bytes> encode = () -> attestContent(batch);
      Bytes content = encode.get(); // its size is checked now; it is encoded again when sent
      if (content.length() > ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX) {
        err.println(
            "entente import: batch "
                + (batch.index() + 1)
                + " encodes to "
                + content.length()
                + " bytes, more than a request takes ("
                + ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX
                + "): use a smaller --batch-size");
        return new Plan(List.of(), !bad.isEmpty(), BAD_ARGUMENTS, "record");
      }
      work.add(
          new Work(
              ATTEST,
              encode,
              ImportKeys.batch(batch),
              batch.records().size(),
              "batch " + (batch.index() + 1)));
    }
    out.println(describe(read, mapped, records.size(), work.size()));
    out.flush();
    return new Plan(work, !bad.isEmpty(), -1, "record");
  }

  private void reportBadLines(
      PrintWriter err, List<String> bad, DayFileResult read, DayFileAttestations.Mapped mapped)
      throws IOException {
    err.println(
        "entente import: "
            + dayFile.getFileName()
            + " has "
            + bad.size()
            + (bad.size() == 1 ? " bad line:" : " bad lines:"));
    bad.stream().limit(LINES_PRINTED_MAX).forEach(line -> err.println("  " + line));
    if (bad.size() > LINES_PRINTED_MAX) {
      err.println("  … and " + (bad.size() - LINES_PRINTED_MAX) + " more");
    }
    if (rejectsFile != null) {
      DayFileImport.writeRejects(rejectsFile, read.header(), rejects(read, mapped));
      err.println("the bad lines are in " + rejectsFile);
    }
  }

  private static Bytes attestContent(Batch batch) {
    List<EventRecord> records = batch.records().stream().map(DayFileAttestations::record).toList();
    return DayFileAttestations.batchContent(records);
  }

  /** On a terminal, the records read so far (a large file takes seconds to read). */
  private Progress readingProgress(PrintWriter err) {
    if (progressMode() != ImportProgress.Mode.BAR) {
      return Progress.NONE;
    }
    return records -> {
      err.print("\rreading " + dayFile.getFileName() + ": " + records + " records\u001b[K");
      err.flush();
    };
  }

  private static List<String> badLines(DayFileResult read, DayFileAttestations.Mapped mapped) {
    List<String> bad = new ArrayList<>();
    read.errors().forEach(error -> bad.add(error.toString()));
    mapped.refused().forEach(r -> bad.add("line " + r.line() + ": " + r.detail()));
    return bad;
  }

  /** The reader's rejected lines and the lines the ledger's record cannot carry. */
  private static List<LineError> rejects(DayFileResult read, DayFileAttestations.Mapped mapped) {
    List<LineError> all = new ArrayList<>(read.errors());
    for (DayFileAttestations.Refused refused : mapped.refused()) {
      all.add(
          new LineError(
              refused.line(), LineError.Reason.MISSING_FIELD, refused.detail(), List.of()));
    }
    all.sort(java.util.Comparator.comparingLong(LineError::line));
    return all;
  }

  private static List<DayFileRecord> importable(
      List<DayFileEntry> entries, DayFileAttestations.Mapped mapped) {
    TreeSet<Long> lines = new TreeSet<>(mapped.lines());
    return entries.stream()
        .filter(entry -> lines.contains(entry.line()))
        .map(DayFileEntry::record)
        .toList();
  }

  private String describe(
      DayFileResult read, DayFileAttestations.Mapped mapped, int records, int batches) {
    StringBuilder text =
        new StringBuilder()
            .append(dayFile.getFileName())
            .append(": ")
            .append(ImportRun.plural(records, "record"))
            .append(" in ")
            .append(batches)
            .append(batches == 1 ? " batch" : " batches")
            .append(" of at most ")
            .append(batchSize);
    if (!read.identicalRepeatLines().isEmpty()) {
      text.append("; ")
          .append(read.identicalRepeatLines().size())
          .append(" identical repeated lines counted once");
    }
    long conflicts = read.entries().stream().filter(DayFileEntry::duplicateConflict).count();
    if (conflicts > 0) {
      text.append("; ")
          .append(conflicts)
          .append(" lines report a key again with other content (the ledger raises")
          .append(" DUPLICATE_CONFLICT, the first report stays)");
    }
    return text.toString();
  }

  // camt.053

  private Plan camtPlan(PrintWriter out, PrintWriter err) throws IOException {
    CamtResult read = CamtStatementReader.read(camtFile);
    if (read instanceof CamtResult.Rejected rejected) {
      err.println("entente import: " + camtFile.getFileName() + " refused: " + rejected);
      err.println("nothing was submitted");
      return new Plan(List.of(), true, BAD_FILE, "statement");
    }
    ReserveStatements.Mapped mapped;
    try {
      mapped = ReserveStatements.map(agreement, ((CamtResult.Parsed) read).statement());
    } catch (IllegalArgumentException e) {
      err.println("entente import: " + camtFile.getFileName() + ": " + e.getMessage());
      err.println("nothing was submitted");
      return new Plan(List.of(), true, BAD_FILE, "statement");
    }
    List<Work> work = new ArrayList<>();
    for (Requests.ReserveStatement statement : mapped.statements()) {
      Bytes content = Requests.ReserveStatement.CODEC.encode(statement);
      if (content.length() > ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX) {
        err.println(
            "entente import: the statement of "
                + LocalDate.ofEpochDay(statement.valueDate())
                + " encodes to "
                + content.length()
                + " bytes, more than a request takes; split the document by day");
        return new Plan(List.of(), true, BAD_FILE, "statement");
      }
      work.add(
          new Work(
              RESERVE_STATEMENT,
              () -> content,
              ImportKeys.statement(statement),
              1,
              "statement of " + LocalDate.ofEpochDay(statement.valueDate())));
    }
    out.println(
        camtFile.getFileName()
            + ": "
            + ImportRun.plural(work.size(), "closing balance")
            + " (one reserve-statement each) of account "
            + mapped.statements().get(0).account()
            + " for agreement "
            + agreement
            + (mapped.entriesNotBooked() > 0
                ? "; " + mapped.entriesNotBooked() + " entries not booked, left out"
                : ""));
    out.flush();
    return new Plan(work, false, -1, "statement");
  }

  // Submitting

  private int submit(Plan plan, PrintWriter out, PrintWriter err) {
    List<Work> work = plan.work();
    String password;
    try {
      password = StatusCommand.password(credentials, user);
    } catch (IllegalArgumentException e) {
      err.println("entente import: " + e.getMessage());
      return BAD_ARGUMENTS;
    }
    ImportRun run;
    try {
      NodeConfig config = NodeConfig.load(home.resolve(Layout.NODE_CONFIG));
      ImportClient client =
          new ImportClient(
              StatusCommand.client(config),
              "https://" + config.api().host() + ":" + config.api().port(),
              user,
              password,
              "submitter",
              clock);
      client.login();
      ImportProgress progress =
          new ImportProgress(
              err,
              progressMode(),
              clock,
              work.stream().mapToLong(Work::records).sum(),
              work.size(),
              plan.unit());
      run =
          new ImportRun(
              client,
              channel,
              Duration.ofSeconds(commitTimeoutSeconds),
              clock,
              progress,
              plan.unit());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("entente import: interrupted before anything was submitted");
      return NOT_FINISHED;
    } catch (Exception e) {
      // A configuration, TLS or connection problem, or a refused login: said as it is.
      err.println("entente import: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      return NOT_FINISHED;
    }
    return submitAll(run, work, out, err);
  }

  /** Submits, then reports what was done, also when the run had to stop half way. */
  private static int submitAll(ImportRun run, List<Work> work, PrintWriter out, PrintWriter err) {
    String stopped = null;
    try {
      run.submitAll(work);
    } catch (ImportClient.Stop e) {
      stopped = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = "interrupted";
    }
    run.report(out, err);
    if (stopped != null) {
      err.println("entente import: " + stopped + "; run the same import again to resume");
      return NOT_FINISHED;
    }
    return run.exitStatus();
  }

  private ImportProgress.Mode progressMode() {
    return switch (progress) {
      case "bar" -> ImportProgress.Mode.BAR;
      case "lines" -> ImportProgress.Mode.LINES;
      case "none" -> ImportProgress.Mode.NONE;
      default -> System.console() != null ? ImportProgress.Mode.BAR : ImportProgress.Mode.LINES;
    };
  }
}
