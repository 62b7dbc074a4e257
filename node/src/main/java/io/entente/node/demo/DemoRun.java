package io.entente.node.demo;

import io.entente.core.crypto.SuiteId;
import io.entente.node.bench.ApiSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One run of {@code entente demo}: writes the consortium on the first run, starts its nodes, makes
 * the agreements, prints where to log in and drives the generated activity until stopped.
 */
public final class DemoRun {
  /** What {@code entente demo} was asked for. */
  public record Settings(
      Path home,
      boolean small,
      SuiteId suite,
      int basePort,
      double rate,
      long seed,
      long stopAfterRecords) {}

  private final Settings settings;
  private final PrintWriter out;
  private final AtomicBoolean stop = new AtomicBoolean();

  public DemoRun(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Asks a running demo to stop sending; {@link #run} then stops the nodes and returns. */
  public void stop() {
    stop.set(true);
  }

  /** Runs until stopped or the bounded run is done; the nodes are stopped when it returns. */
  public DemoDriver.Summary run() throws IOException, InterruptedException {
    Path home = settings.home().toAbsolutePath().normalize();
    DemoState state = prepare(home);
    try (DemoCluster cluster = DemoCluster.open(home)) {
      out.printf(
          "Starting %d nodes (logs in %s)…%n", cluster.nodeCount(), home.resolve(DemoCluster.LOGS));
      out.flush();
      cluster.start();
      Map<String, ApiSession> gateways = new LinkedHashMap<>();
      for (String institution : DemoCluster.institutions()) {
        gateways.put(institution, cluster.session(institution, "gateway"));
      }
      DemoActivity activity = new DemoActivity(state.seed());
      out.println("Agreements (the lead's gateway proposes, the partner's checker accepts):");
      DemoAgreements.ensure(cluster, activity, gateways, out);
      printLogins(home, cluster);
      if (stop.get()) {
        return new DemoDriver.Summary(0, state.cursor(), 0, false);
      }
      out.printf(
          "Sending the generated activity at %s records/s from record %d%s. Ctrl-C stops.%n",
          rate(settings.rate()), state.cursor(), state.cursor() == 0 ? "" : " (resumed)");
      out.flush();
      DemoDriver.Summary summary =
          new DemoDriver(home, cluster, activity, gateways, settings.rate(), out)
              .run(state, settings.stopAfterRecords(), stop);
      out.printf(
          "Stopping the nodes. %d records sent in this run, %d in all.%n",
          summary.sent(), summary.cursor());
      out.flush();
      return summary;
    } finally {
      out.printf(
          "Stopped. Run `bin/entente demo --home %s` again to resume on the same data.%n", home);
      out.flush();
    }
  }

  /** Writes a new consortium and demo state, or reads those of a resumed home. */
  private DemoState prepare(Path home) throws IOException {
    if (DemoCluster.exists(home)) {
      DemoState state =
          DemoState.exists(home) ? DemoState.read(home) : new DemoState(settings.seed(), 0);
      if (!DemoState.exists(home)) {
        state.write(home);
      }
      out.printf(
          "Resuming the demo consortium in %s (seed %d, %d records sent so far);"
              + " --small, --crypto, --base-port and --seed apply only to a new one.%n",
          home, state.seed(), state.cursor());
      out.flush();
      return state;
    }
    if (Files.isDirectory(home)) {
      try (Stream<Path> entries = Files.list(home)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              home + " exists, is not empty and holds no demo consortium; give another --home");
        }
      }
    }
    int nodesPerBank = settings.small() ? 1 : 2;
    out.printf(
        "Writing a new %s consortium to %s: lead-bank and partner-a to partner-c, %d node(s) each.%n"
            + "  This is a demo on one machine: keys are protected with only %d PBKDF2 iterations"
            + " and every password is written in plain text to <bank>/admin-credentials.txt.%n",
        settings.suite().label(), home, nodesPerBank, DemoLimits.KEY_ITERATIONS);
    out.flush();
    DemoCluster.write(home, nodesPerBank, settings.suite(), settings.basePort());
    DemoState state = new DemoState(settings.seed(), 0);
    state.write(home);
    return state;
  }

  private void printLogins(Path home, DemoCluster cluster) {
    out.println();
    out.println("The dashboards are up. Log in as operator (the maker) or checker (the approver);");
    out.println("the passwords come from each bank's admin-credentials.txt (a local demo only):");
    for (DemoCluster.Bank bank : cluster.banks().values()) {
      out.printf("  %-10s %s%n", bank.institution(), bank.dashboard());
      out.printf(
          "             operator / %s    checker / %s%n",
          bank.password("operator"), bank.password("checker"));
      if (bank.apiPorts().size() > 1) {
        out.printf(
            "             (its other node%s: API port%s %s)%n",
            bank.apiPorts().size() > 2 ? "s" : "",
            bank.apiPorts().size() > 2 ? "s" : "",
            bank.apiPorts().subList(1, bank.apiPorts().size()).stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    out.println(
        "Each bank's API certificate is issued by its own consortium CA, which no browser trusts:");
    out.println(
        "accept the browser's warning, or trust "
            + home.resolve("<bank>").resolve("api-ca").resolve("api-ca-cert.pem")
            + " (curl --cacert).");
    out.println();
    out.flush();
  }

  private static String rate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
