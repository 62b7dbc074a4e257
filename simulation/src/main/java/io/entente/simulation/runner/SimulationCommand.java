package io.entente.simulation.runner;

import io.entente.simulation.world.Outcome;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command line of a simulation main: runs one seed or a range of seeds of a named scenario,
 * prints every failure with a one-line replay command, and a summary with percentiles.
 *
 * <pre>
 *   --scenario NAME            which scenario (may be left out when there is only one)
 *   --seed N                   one seed, printed in full (trace hash, trace tail, stack trace)
 *   --seeds FIRST..LAST        a range of seeds, both ends included
 *   --threads K                run a sweep's seeds on K threads (default: one per processor)
 * </pre>
 *
 * A sweep's output does not depend on its threads, except the wall times: each seed runs whole in a
 * world of its own, and failures are printed in seed order ({@link SeedSweep}).
 *
 * <p>Exit code 0 when every seed passed, 1 when one failed, 2 for a usage error.
 */
public final class SimulationCommand {
  public static final int EXIT_PASSED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  /** A sweep bigger than this is a typo, not a plan. */
  static final long SEEDS_PER_SWEEP_MAX = 10_000_000;

  /** A sweep prints a progress line about this many times, so a long run shows it is alive. */
  static final int PROGRESS_LINES_PER_SWEEP = 40;

  private final String mainClass;
  private final List<Scenario> scenarios;
  private final PrintStream out;
  private final Function<List<SeedOutcome>, List<String>> report;

  /** {@code mainClass} is the class whose main calls this, named in the replay command. */
  public SimulationCommand(String mainClass, List<Scenario> scenarios, PrintStream out) {
    this(mainClass, scenarios, out, outcomes -> List.of());
  }

  /** With {@code report}: lines printed after a sweep's summary, made from all its outcomes. */
  public SimulationCommand(
      String mainClass,
      List<Scenario> scenarios,
      PrintStream out,
      Function<List<SeedOutcome>, List<String>> report) {
    this.mainClass = mainClass;
    this.scenarios = List.copyOf(scenarios);
    this.out = out;
    this.report = report;
  }

  /** More threads than this is a typo, not a plan. */
  static final int THREADS_MAX = 1_024;

  private record Arguments(
      Optional<String> scenario, long firstSeed, long lastSeed, boolean one, int threads) {}

  public int run(String... args) {
    Arguments arguments;
    Scenario scenario;
    try {
      arguments = parse(args);
      scenario = find(arguments.scenario());
    } catch (IllegalArgumentException usage) {
      out.println("usage error: " + usage.getMessage());
      out.println(
          "usage: --scenario NAME (--seed N | --seeds FIRST..LAST [--threads K]); scenarios: "
              + names());
      return EXIT_USAGE;
    }
    if (arguments.one()) {
      return runOne(scenario, arguments.firstSeed());
    }
    return sweep(scenario, arguments.firstSeed(), arguments.lastSeed(), arguments.threads());
  }

  /** The command that replays one seed of one scenario from a checkout of the repository. */
  public static String replayCommand(String mainClass, String scenario, long seed) {
    return "./mvnw -q -pl simulation -am test-compile exec:java -Dexec.classpathScope=test"
        + " -Dexec.mainClass="
        + mainClass
        + " -Dexec.args=\"--scenario "
        + scenario
        + " --seed "
        + seed
        + "\"";
  }

  private int runOne(Scenario scenario, long seed) {
    SeedOutcome outcome = SeedSweep.runSeed(scenario, seed);
    RunResult result = outcome.result();
    out.println(line(scenario, outcome));
    out.println("coverage " + result.coverage());
    if (result.outcome() instanceof Outcome.Failed failed) {
      out.println("last trace lines:");
      result.traceTail().forEach(traceLine -> out.println("  " + traceLine));
      failed.cause().ifPresent(cause -> cause.printStackTrace(out));
      out.println("replay: " + replayCommand(mainClass, scenario.name(), seed));
      return EXIT_FAILED;
    }
    return EXIT_PASSED;
  }

  private int sweep(Scenario scenario, long firstSeed, long lastSeed, int threads) {
    int count = (int) (lastSeed - firstSeed + 1);
    long every = Math.max(1, count / PROGRESS_LINES_PER_SWEEP);
    long startNs = System.nanoTime();
    long[] done = {0, 0};
    List<SeedOutcome> outcomes =
        SeedSweep.run(
            scenario,
            firstSeed,
            count,
            threads,
            outcome -> {
              printFailure(scenario, outcome);
              done[0]++;
              done[1] += outcome.result().passed() ? 0 : 1;
              if (count > PROGRESS_LINES_PER_SWEEP && done[0] % every == 0 && done[0] < count) {
                out.printf(
                    "progress %d/%d seeds, %d failed, %d s%n",
                    done[0], count, done[1], (System.nanoTime() - startNs) / 1_000_000_000);
                out.flush();
              }
            });
    long failed = outcomes.stream().filter(outcome -> !outcome.result().passed()).count();
    long liveness =
        outcomes.stream()
            .filter(
                o ->
                    o.result().outcome() instanceof Outcome.Failed f
                        && f.reason().startsWith("liveness."))
            .count();
    out.println(
        "scenario "
            + scenario.name()
            + " seeds "
            + firstSeed
            + ".."
            + lastSeed
            + ": "
            + outcomes.size()
            + " run, "
            + (outcomes.size() - failed)
            + " passed, "
            + failed
            + " failed ("
            + (failed - liveness)
            + " safety violations, "
            + liveness
            + " liveness failures)");
    out.println("  events     " + Percentiles.of(sample(outcomes, o -> o.result().events())));
    out.println("  virtual ms " + Percentiles.of(sample(outcomes, o -> o.result().timeMs())));
    out.println("  wall ms    " + Percentiles.of(sample(outcomes, SeedOutcome::wallMs)));
    out.println("  threads    " + Math.min(threads, outcomes.size()));
    report.apply(outcomes).forEach(out::println);
    return failed == 0 ? EXIT_PASSED : EXIT_FAILED;
  }

  private void printFailure(Scenario scenario, SeedOutcome outcome) {
    if (!outcome.result().passed()) {
      out.println(line(scenario, outcome));
      out.println("  replay: " + replayCommand(mainClass, scenario.name(), outcome.seed()));
    }
  }

  /** One line per seed; {@code trace=} is what a replay in a fresh JVM must reproduce. */
  static String line(Scenario scenario, SeedOutcome outcome) {
    RunResult result = outcome.result();
    String verdict =
        result.outcome() instanceof Outcome.Failed failed
            ? "FAILED reason=" + failed.reason() + " detail=" + failed.detail()
            : "passed";
    return "scenario="
        + scenario.name()
        + " seed="
        + outcome.seed()
        + " "
        + verdict
        + " time_ms="
        + result.timeMs()
        + " events="
        + result.events()
        + " trace="
        + result.traceHash().toHex();
  }

  private static long[] sample(
      List<SeedOutcome> outcomes, java.util.function.ToLongFunction<SeedOutcome> metric) {
    return outcomes.stream().mapToLong(metric).toArray();
  }

  private Arguments parse(String[] args) {
    Optional<String> scenario = Optional.empty();
    Long first = null;
    Long last = null;
    boolean one = false;
    int threads = SeedSweep.defaultThreads();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--scenario" -> scenario = Optional.of(value);
        case "--seed" -> {
          first = parseSeed(value);
          last = first;
          one = true;
        }
        case "--seeds" -> {
          String[] range = value.split("\\.\\.", -1);
          if (range.length != 2) {
            throw new IllegalArgumentException("--seeds takes FIRST..LAST, got " + value);
          }
          first = parseSeed(range[0]);
          last = parseSeed(range[1]);
          one = false;
        }
        case "--threads" -> threads = parseThreads(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("give --seed N or --seeds FIRST..LAST");
    }
    if (last < first || last - first >= SEEDS_PER_SWEEP_MAX) {
      throw new IllegalArgumentException(
          "a sweep runs 1 to " + SEEDS_PER_SWEEP_MAX + " seeds, got " + first + ".." + last);
    }
    return new Arguments(scenario, first, last, one, threads);
  }

  private static int parseThreads(String value) {
    try {
      int threads = Integer.parseInt(value.strip());
      if (threads >= 1 && threads <= THREADS_MAX) {
        return threads;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--threads takes 1 to " + THREADS_MAX + " threads, got '" + value + "'");
  }

  private static long parseSeed(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("a seed is a 64-bit integer, got '" + value + "'");
    }
  }

  private Scenario find(Optional<String> name) {
    if (name.isEmpty()) {
      if (scenarios.size() == 1) {
        return scenarios.get(0);
      }
      throw new IllegalArgumentException("name a scenario with --scenario");
    }
    return scenarios.stream()
        .filter(scenario -> scenario.name().equals(name.get()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario named " + name.get()));
  }

  private String names() {
    return scenarios.stream().map(Scenario::name).toList().toString();
  }
}
