package io.entente.node.cli;

import io.entente.core.crypto.SuiteId;
import io.entente.node.consortium.ConsortiumLimits;
import io.entente.node.demo.DemoRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code entente demo}: a local consortium with dashboards and live co-lending activity. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a co-lending consortium on this machine: a lead bank and three partner banks (two"
          + " nodes each, one with --small), each node its own process, one agreement per"
          + " partner, and the co-lending generator's activity (with a few injected breaks)"
          + " attested by both banks through their own nodes at --rate. Prints each bank's"
          + " dashboard URL and logins, and runs until Ctrl-C. Running it again on the same"
          + " --home restarts the same nodes on the same data and resumes the activity where it"
          + " stopped. For a demo on one machine only: keys are weakly protected and passwords"
          + " are in plain text files. See docs/demo.md.",
      "Exit status: 0 stopped, 1 the demo failed, 2 bad arguments."
    })
final class DemoCommand implements Callable<Integer> {
  static final int STOPPED = 0;
  static final int FAILED = 1;
  static final int BAD_ARGUMENTS = 2;
  private static final long SHUTDOWN_WAIT_MS = 90_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = "entente-demo",
      description =
          "The demo's folder: consortium, node data, logs, cursor. Default: ${DEFAULT-VALUE}.")
  Path home;

  @Option(names = "--small", description = "One node per bank instead of two (a new home only).")
  boolean small;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "20",
      description = "Bank reports sent per second, both banks together. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--crypto",
      paramLabel = "SUITE",
      defaultValue = "standard",
      description =
          "standard (P-256) or guomi (SM2/SM3/SM4), a new home only. Default: ${DEFAULT-VALUE}.")
  String crypto;

  @Option(
      names = "--base-port",
      paramLabel = "PORT",
      defaultValue = "" + ConsortiumLimits.DEFAULT_BASE_PORT,
      description =
          "First of the nodes' ports (two per node: p2p, then API), a new home only."
              + " Default: ${DEFAULT-VALUE}.")
  int basePort;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "2016",
      description =
          "The activity generator's seed, kept in the home (a new home only). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--stop-after-records",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "For tests and scripted runs: stop (nodes included) once N more records are committed,"
              + " instead of running until Ctrl-C.")
  long stopAfterRecords;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SuiteId suite;
    try {
      suite = SuiteId.fromLabel(crypto);
    } catch (IllegalArgumentException e) {
      err.println("entente demo: --crypto: " + e.getMessage());
      return BAD_ARGUMENTS;
    }
    if (!(rate > 0) || rate > 100_000) {
      err.println("entente demo: --rate must be above 0 and at most 100000, got " + rate);
      return BAD_ARGUMENTS;
    }
    if (basePort < 1024 || basePort > 65_000) {
      err.println("entente demo: --base-port must be 1024 to 65000, got " + basePort);
      return BAD_ARGUMENTS;
    }
    DemoRun run =
        new DemoRun(
            new DemoRun.Settings(home, small, suite, basePort, rate, seed, stopAfterRecords), out);
    CountDownLatch finished = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              out.println();
              out.println("Stopping (Ctrl-C or SIGTERM): the activity first, then the nodes…");
              out.flush();
              run.stop();
              main.interrupt();
              try {
                finished.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run.run();
      return STOPPED;
    } catch (InterruptedException e) {
      return STOPPED;
    } catch (Exception e) {
      err.println("entente demo: " + e.getMessage());
      err.flush();
      return FAILED;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for `finished`, counted down above
      }
    }
  }
}
