package io.entente.simulation.runner;

import io.entente.simulation.channel.ChannelScenarios;
import io.entente.simulation.world.Coverage;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line over the QBFT channel scenarios. With {@code --seed} or {@code --seeds} it is
 * {@link SimulationCommand} (failures print a one-line replay command); {@code --report} after a
 * sweep's arguments also prints liveness recovery percentiles (virtual ms) and messages per block.
 */
public final class ChannelMain {
  private ChannelMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean report = rest.remove("--report");
    int exit =
        new SimulationCommand(ChannelMain.class.getName(), ChannelScenarios.all(), out)
            .run(rest.toArray(String[]::new));
    out.flush();
    if (report && exit != SimulationCommand.EXIT_USAGE) {
      report(rest, out);
    }
    return exit;
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
    for (SeedOutcome outcome : SeedSweep.run(scenario, first, count, o -> {})) {
      RunResult result = outcome.result();
      if (result.coverage().containsKey(ChannelScenarios.RECOVERY_MS)) {
        recovery.add(result.count(ChannelScenarios.RECOVERY_MS));
      }
      messages += result.count(Coverage.SENT);
      blocks += result.count(ChannelScenarios.HEIGHT_MAX);
    }
    out.println(
        "  recovery virtual ms " + Percentiles.of(recovery.stream().mapToLong(x -> x).toArray()));
    out.println(
        "  messages per block  "
            + (blocks == 0 ? "n/a" : String.format("%.1f", (double) messages / blocks)));
  }
}
