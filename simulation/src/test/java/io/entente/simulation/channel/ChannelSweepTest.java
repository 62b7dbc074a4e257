package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.qbft.Rules;
import io.entente.simulation.runner.ChannelMain;
import io.entente.simulation.runner.SeedOutcome;
import io.entente.simulation.runner.SeedSweep;
import io.entente.simulation.runner.SimulationCommand;
import io.entente.simulation.world.Coverage;
import io.entente.simulation.world.Outcome;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The CI sweep of whole QBFT channels: {@link #PLAN} gives 500 seeds over n ∈ {1, 4, 5, 7, 10},
 * each seed with its own drawn fault plan, nemesis and up to f Byzantine validators, run on every
 * available processor; a second sweep runs two channels in one world. Every seed must pass every
 * checker, safety and liveness; a failing seed is printed with the command that replays it.
 *
 * <p>Per n the sweep prints, and asserts minimums for, the figures that show the faults and the
 * rare paths really ran: heights finalized per seed, round changes, re-proposals of a prepared
 * block, f + 1 round jumps, crash-restarts that lost unsynced writes, and each Byzantine fault
 * kind. n = 1 has no nemesis and no Byzantine validator (f = 0): only its heights are asserted. The
 * minimums are well below what the seeds produced when the plan was set
 * (docs/consensus-simulation.md), so they fail when a change stops a fault or a path from
 * happening, not when a change redraws the seeds.
 *
 * <p>Crash-restarts that lost unsynced writes come from the nemesis's crash at a validator's next
 * sync ({@code World.crashAtNextSync}): {@link ValidatorProcess} syncs before every send and at
 * every commit, so a crash between events finds nothing unsynced, but one at the sync itself loses
 * the WAL record (or the block and the WAL cut) that sync was for.
 */
class ChannelSweepTest {
  static final String ROUND_CHANGES = "process.validator.round_change_sent";
  static final String REPROPOSALS = "process.validator.reproposal_of_prepared";
  static final String ROUND_JUMPS = "process.validator.round_jump";
  static final String BYZANTINE_PREFIX = "process.byzantine.";

  static final int TWO_CHANNEL_SEEDS = 40;

  static final int KINDS = ByzantineConduct.Kind.values().length;

  /** Seeds per n and the minimums asserted for them. */
  record Plan(
      int n,
      int seeds,
      long heightsPerSeedMin,
      long heightsAverageMin,
      long roundChangesMin,
      long reproposalsMin,
      long roundJumpsMin,
      long lostWriteCrashesMin,
      int byzantineKindsMin) {}

  static final List<Plan> PLAN =
      List.of(
          new Plan(1, 60, 40, 50, 0, 0, 0, 0, 0),
          new Plan(4, 150, 1, 10, 2_000, 50, 80, 50, KINDS),
          new Plan(5, 110, 1, 10, 2_000, 50, 80, 30, KINDS),
          new Plan(7, 100, 1, 10, 2_000, 40, 80, 40, KINDS),
          new Plan(10, 80, 1, 10, 2_000, 30, 100, 50, KINDS));

  record Figures(
      Plan plan, long heightMin, long heights, SortedMap<String, Long> total, List<String> failed) {
    long count(String counter) {
      return total.getOrDefault(counter, 0L);
    }

    SortedMap<String, Long> byzantine() {
      TreeMap<String, Long> kinds = new TreeMap<>();
      total.forEach(
          (name, count) -> {
            if (name.startsWith(BYZANTINE_PREFIX)) {
              kinds.put(name.substring(BYZANTINE_PREFIX.length()), count);
            }
          });
      return kinds;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "n=%-2d seeds=%d failed=%d heights/seed=%.1f (min %d) round_changes=%d reproposals=%d"
              + " f+1_jumps=%d crashes=%d lost_write_crashes=%d lost_writes=%d byzantine=%s",
          plan.n(),
          plan.seeds(),
          failed.size(),
          (double) heights / plan.seeds(),
          heightMin,
          count(ROUND_CHANGES),
          count(REPROPOSALS),
          count(ROUND_JUMPS),
          count(Coverage.CRASHES),
          count(Coverage.CRASHES_LOSING_WRITES),
          count(Coverage.LOST_WRITES),
          byzantine());
    }
  }

  static Figures sweep(Plan plan) {
    String name = "n" + plan.n();
    Scenario scenario = ChannelScenarios.sized(name, new int[] {plan.n()}, 1, Rules.CORRECT);
    List<String> failed = new ArrayList<>();
    List<SortedMap<String, Long>> snapshots = new ArrayList<>();
    long heights = 0;
    long heightMin = Long.MAX_VALUE;
    for (SeedOutcome outcome :
        SeedSweep.run(scenario, 1, plan.seeds(), SeedSweep.defaultThreads(), o -> {})) {
      RunResult result = outcome.result();
      snapshots.add(result.coverage());
      long height = result.count(ChannelScenarios.HEIGHT_MAX);
      heights += height;
      heightMin = Math.min(heightMin, height);
      if (result.outcome() instanceof Outcome.Failed failure) {
        failed.add(failureLine(name, outcome.seed(), failure));
      }
    }
    return new Figures(plan, heightMin, heights, Coverage.sum(snapshots), failed);
  }

  @Test
  void fiveHundredSeedsAcrossSizesPassEveryCheckerAndReachTheirFaults() {
    assertThat(PLAN.stream().mapToInt(Plan::seeds).sum()).isGreaterThanOrEqualTo(500);
    List<Figures> all = new ArrayList<>();
    for (Plan plan : PLAN) {
      long startNs = System.nanoTime();
      Figures figures = sweep(plan);
      all.add(figures);
      System.out.println(
          "sweep " + figures.line() + " wall_ms=" + (System.nanoTime() - startNs) / 1_000_000);
      figures.failed().forEach(line -> System.out.println("  FAILED " + line));
    }
    for (Figures figures : all) {
      Plan plan = figures.plan();
      int n = plan.n();
      assertThat(figures.failed()).as("n=%d failed seeds", n).isEmpty();
      assertThat(figures.heightMin())
          .as("n=%d fewest heights finalized by a seed", n)
          .isGreaterThanOrEqualTo(plan.heightsPerSeedMin());
      assertThat(figures.heights() / plan.seeds())
          .as("n=%d heights finalized per seed on average", n)
          .isGreaterThanOrEqualTo(plan.heightsAverageMin());
      assertThat(figures.count(ROUND_CHANGES))
          .as("n=%d round changes", n)
          .isGreaterThanOrEqualTo(plan.roundChangesMin());
      assertThat(figures.count(REPROPOSALS))
          .as("n=%d re-proposals of a prepared block", n)
          .isGreaterThanOrEqualTo(plan.reproposalsMin());
      assertThat(figures.count(ROUND_JUMPS))
          .as("n=%d f+1 round jumps", n)
          .isGreaterThanOrEqualTo(plan.roundJumpsMin());
      assertThat(figures.count(Coverage.CRASHES_LOSING_WRITES))
          .as("n=%d crash-restarts that lost unsynced writes", n)
          .isGreaterThanOrEqualTo(plan.lostWriteCrashesMin());
      assertThat(figures.byzantine().size())
          .as("n=%d Byzantine kinds fired", n)
          .isGreaterThanOrEqualTo(plan.byzantineKindsMin());
    }
  }

  @Test
  void twoChannelsInOneWorldPassEveryChecker() {
    Scenario scenario =
        ChannelScenarios.all().stream()
            .filter(s -> s.name().equals("two-channels"))
            .findFirst()
            .orElseThrow();
    List<String> failed = new ArrayList<>();
    for (SeedOutcome outcome :
        SeedSweep.run(scenario, 1, TWO_CHANNEL_SEEDS, SeedSweep.defaultThreads(), o -> {})) {
      if (outcome.result().outcome() instanceof Outcome.Failed failure) {
        failed.add(failureLine(scenario.name(), outcome.seed(), failure));
      }
    }
    assertThat(failed).isEmpty();
  }

  static String failureLine(String scenario, long seed, Outcome.Failed failure) {
    return scenario
        + " seed "
        + seed
        + ": "
        + failure.reason()
        + " "
        + failure.detail()
        + "\n  replay: "
        + SimulationCommand.replayCommand(ChannelMain.class.getName(), scenario, seed);
  }
}
