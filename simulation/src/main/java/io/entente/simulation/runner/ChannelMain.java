package io.entente.simulation.runner;

import io.entente.simulation.channel.ChannelDiagnostics;
import io.entente.simulation.channel.ChannelScenarios;
import io.entente.simulation.world.Coverage;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line over the QBFT channel scenarios. With {@code --seed} or {@code --seeds} it is
 * {@link SimulationCommand} (failures print a one-line replay command); {@code --report} after a
 * sweep's arguments also prints liveness recovery percentiles (virtual ms) and messages per block.
 *
 * <p>Diagnostics for replaying one seed of a sized scenario ({@link ChannelDiagnostics}): {@code
 * --sample-ms N} prints every validator's height, round, accepted and prepared block and mempool
 * every N virtual ms; {@code --steps ch0-v1,ch0-v3} (or {@code all}) prints every step of those
 * validators' machines. The run draws the same as without them.
 */
public final class ChannelMain {
  private ChannelMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean report = rest.remove("--report");
    long sampleMs = Long.parseLong(take(rest, "--sample-ms").orElse("0"));
    Set<String> steps =
        take(rest, "--steps").map(value -> Set.of(value.split(","))).orElse(Set.of());
    List<Scenario> scenarios = ChannelScenarios.all();
    if (sampleMs > 0 || !steps.isEmpty()) {
      ChannelDiagnostics diagnostics = new ChannelDiagnostics(sampleMs, steps, out::println);
      scenarios = new ArrayList<>(scenarios);
      scenarios.replaceAll(
          scenario ->
              rest.contains(scenario.name())
                  ? ChannelScenarios.diagnosed(scenario.name(), diagnostics)
                  : scenario);
    }
    int exit =
        new SimulationCommand(ChannelMain.class.getName(), scenarios, out)
            .run(rest.toArray(String[]::new));
    out.flush();
    if (report && exit != SimulationCommand.EXIT_USAGE) {
      report(rest, out);
    }
    return exit;
  }

  /** Removes {@code flag} and its value from {@code args}, returning the value. */
  private static Optional<String> take(List<String> args, String flag) {
    int at = args.indexOf(flag);
    if (at < 0 || at + 1 >= args.size()) {
      return Optional.empty();
    }
    String value = args.remove(at + 1);
    args.remove(at);
    return Optional.of(value);
  }

  /** Runs the sweep again, collecting the channel metrics (runs are deterministic). */
  private static void report(List<String> args, PrintStream out) {
    String name = args.get(args.indexOf("--scenario") + 1);
    String[] range = args.get(args.indexOf("--seeds") + 1).split("\\.\\.");
    Scenario scenario =
        ChannelScenarios.all().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow();
    long first = Long.parseLong(range[0]);
    int count = (int) (Long.parseLong(range[1]) - first + 1);
    List<Long> recovery = new ArrayList<>();
    long messages = 0;
    long blocks = 0;
    long setChanges = 0;
    long seedsWithSetChanges = 0;
    for (SeedOutcome outcome : SeedSweep.run(scenario, first, count, o -> {})) {
      RunResult result = outcome.result();
      if (result.coverage().containsKey(ChannelScenarios.RECOVERY_MS)) {
        recovery.add(result.count(ChannelScenarios.RECOVERY_MS));
      }
      messages += result.count(Coverage.SENT);
      blocks += result.count(ChannelScenarios.HEIGHT_MAX);
      setChanges += result.count(ChannelScenarios.SET_CHANGES_APPLIED);
      seedsWithSetChanges += result.count(ChannelScenarios.SET_CHANGES_APPLIED) > 0 ? 1 : 0;
    }
    out.println(
        "  recovery virtual ms " + Percentiles.of(recovery.stream().mapToLong(x -> x).toArray()));
    out.println(
        "  messages per block  "
            + (blocks == 0 ? "n/a" : String.format("%.1f", (double) messages / blocks)));
    out.println(
        "  set changes applied "
            + setChanges
            + " (in "
            + seedsWithSetChanges
            + " of "
            + count
            + " seeds)");
  }
}
