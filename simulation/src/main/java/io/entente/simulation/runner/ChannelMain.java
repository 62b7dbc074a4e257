package io.entente.simulation.runner;

import io.entente.simulation.channel.ChannelDiagnostics;
import io.entente.simulation.channel.ChannelScenarios;
import io.entente.simulation.world.Coverage;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * validators' machines. The run draws the same as without them. Diagnostics print as the run goes,
 * so a diagnosed sweep runs on one thread whatever {@code --threads} says.
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
      take(rest, "--threads");
      rest.add("--threads");
      rest.add("1");
      ChannelDiagnostics diagnostics = new ChannelDiagnostics(sampleMs, steps, out::println);
      scenarios = new ArrayList<>(scenarios);
      scenarios.replaceAll(
          scenario ->
              rest.contains(scenario.name())
                  ? ChannelScenarios.diagnosed(scenario.name(), diagnostics)
                  : scenario);
    }
    int exit =
        new SimulationCommand(
                ChannelMain.class.getName(),
                scenarios,
                out,
                report ? ChannelMain::report : outcomes -> List.of())
            .run(rest.toArray(String[]::new));
    out.flush();
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

  /** Liveness recovery percentiles (virtual ms) and messages per finalized block of a sweep. */
  static List<String> report(List<SeedOutcome> outcomes) {
    List<Long> recovery = new ArrayList<>();
    long messages = 0;
    long blocks = 0;
    long setChanges = 0;
    long seedsWithSetChanges = 0;
    for (SeedOutcome outcome : outcomes) {
      RunResult result = outcome.result();
      if (result.coverage().containsKey(ChannelScenarios.RECOVERY_MS)) {
        recovery.add(result.count(ChannelScenarios.RECOVERY_MS));
      }
      messages += result.count(Coverage.SENT);
      blocks += result.count(ChannelScenarios.HEIGHT_MAX);
      setChanges += result.count(ChannelScenarios.SET_CHANGES_APPLIED);
      seedsWithSetChanges += result.count(ChannelScenarios.SET_CHANGES_APPLIED) > 0 ? 1 : 0;
    }
    return List.of(
        "  recovery virtual ms "
            + Percentiles.of(recovery.stream().mapToLong(x -> x).toArray())
            + " ("
            + recovery.size()
            + " seeds recovered)",
        "  messages per block  "
            + (blocks == 0
                ? "n/a"
                : String.format(Locale.ROOT, "%.1f", (double) messages / blocks)),
        "  set changes applied "
            + setChanges
            + " (in "
            + seedsWithSetChanges
            + " of "
            + outcomes.size()
            + " seeds)");
  }
}
