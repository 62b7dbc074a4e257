package io.entente.node.cli;

import io.entente.core.crypto.SuiteId;
import io.entente.node.bench.BenchRun;
import io.entente.node.bench.BenchSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code entente bench}: a throw-away consortium on loopback under load, with baselines. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a consortium on loopback (a lead and one partner, their nodes all in one channel"
          + " running the co-lending application), sets up an agreement, has both banks attest"
          + " every record of the co-lending record mix through the HTTPS API and reports committed"
          + " records/s, commit latency (submit to commit answer), reconciliation latency (second"
          + " bank's submit to the match visible on both banks' nodes), CPU seconds per 1,000"
          + " records and peak RSS per node, and the machine's signature-check ceiling. With"
          + " --baselines, PostgreSQL and a 3-member etcd store and match the same records in"
          + " batches of the same size. Writes"
          + " bench-result.json and bench-report.html to --out. See docs/performance.md.",
      "Exit status: 0 reported, 1 the run failed, 2 bad arguments."
    })
final class BenchCommand implements Callable<Integer> {
  static final int REPORTED = 0;
  static final int FAILED = 1;
  static final int BAD_ARGUMENTS = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--nodes-per-org",
      paramLabel = "N",
      defaultValue = "2",
      description = "Nodes of the lead and of the partner; the channel has 2N. Default: 2.")
  int nodesPerOrg;

  @Option(
      names = "--crypto",
      paramLabel = "SUITE",
      defaultValue = "standard",
      description = "standard (P-256) or guomi (SM2). Default: ${DEFAULT-VALUE}.")
  String crypto;

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Records to send in all, signed before the run. Default: ${DEFAULT-VALUE}.")
  long records;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Records per batch, sent at once as API lists of at most 256. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--records-per-tx",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Records each attestation transaction carries under one signature. Default:"
              + " ${DEFAULT-VALUE}.")
  int recordsPerTransaction;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Stop sending after this long even if records are left. Default: 120.")
  long durationSeconds;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Leave out batches due in the first SECONDS. Default: ${DEFAULT-VALUE}.")
  long warmupSeconds;

  @Option(
      names = "--outstanding",
      paramLabel = "K",
      defaultValue = "8",
      description = "Closed loop: batches in flight at once. Default: ${DEFAULT-VALUE}.")
  int outstanding;

  @Option(
      names = "--rate",
      paramLabel = "RECORDS_PER_S",
      defaultValue = "0",
      description = "Open loop at this many records/s instead of the closed loop.")
  long rate;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-out",
      description =
          "Folder for bench-result.json, bench-report.html and node logs. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--baselines",
      description =
          "Also run PostgreSQL and etcd on the same records (bench/baselines/install.sh).")
  boolean baselines;

  @Option(
      names = "--jfr",
      paramLabel = "DIR",
      description =
          "Profile every node process with Java Flight Recorder (the JDK's profile settings);"
              + " each writes DIR/NODE.jfr when it stops. See docs/performance.md.")
  Path jfr;

  @Override
  public Integer call() {
    PrintWriter out = new PrintWriter(spec.commandLine().getOut(), true);
    PrintWriter err = spec.commandLine().getErr();
    BenchSettings settings;
    try {
      settings =
          new BenchSettings(
              nodesPerOrg,
              SuiteId.fromLabel(crypto),
              records,
              batch,
              recordsPerTransaction,
              durationSeconds,
              warmupSeconds,
              outstanding,
              rate,
              this.out,
              baselines,
              jfr);
    } catch (IllegalArgumentException e) {
      err.println("entente bench: " + e.getMessage());
      err.flush();
      return BAD_ARGUMENTS;
    }
    try {
      out.println();
      out.print(new BenchRun(settings, out).run());
      out.printf(
          "%nwrote %s and %s%n",
          this.out.resolve("bench-result.json"), this.out.resolve("bench-report.html"));
      return REPORTED;
    } catch (Exception e) {
      err.println("entente bench: the run failed: " + e.getMessage());
      err.println("node logs: " + this.out.resolve("logs"));
      err.flush();
      return FAILED;
    }
  }
}
