package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.world.Coverage;
import io.entente.simulation.world.Outcome;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Validator-set changes mid-run: the {@code reconfig} sweep passes every seed (safety and liveness)
 * and the changes actually happened: sets changed in most seeds, validators joined and sealed
 * blocks, validators left, stale changes were dropped, and members outside the set followed the
 * chain by polling; the {@code growth} scenario grows 1 → 2 → 3 → 4 in every seed of its budget and
 * keeps finalizing with 4.
 */
class ReconfigurationSweepTest {
  static final int RECONFIG_SEEDS = 40;
  static final int GROWTH_SEEDS = 10;
  static final int GOVERNED_SEEDS = 30;
  static final int GOVERNED_GROWTH_SEEDS = 10;

  private static List<String> failures(
      Scenario scenario, int seeds, List<SortedMap<String, Long>> coverage) {
    List<String> failures = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      RunResult result = scenario.run(new SplittableRandom(seed));
      coverage.add(result.coverage());
      if (result.outcome() instanceof Outcome.Failed failed) {
        failures.add(
            "seed "
                + seed
                + ": "
                + failed.reason()
                + " "
                + failed.detail()
                + "\n  replay with ChannelMain --scenario "
                + scenario.name()
                + " --seed "
                + seed
                + " --sample-ms 1000");
      }
    }
    return failures;
  }

  @Test
  void setChangesMidRunDeliveredLateAndOutOfOrderKeepEverySeedSafeAndLive() {
    List<SortedMap<String, Long>> coverage = new ArrayList<>();
    List<String> failures = failures(Reconfiguration.RECONFIG, RECONFIG_SEEDS, coverage);
    long seedsWithChanges =
        coverage.stream().filter(c -> c.get(ChannelChecks.SET_CHANGES_APPLIED) > 0).count();
    SortedMap<String, Long> total = Coverage.sum(coverage);
    System.out.println(
        "reconfig sweep: "
            + RECONFIG_SEEDS
            + " seeds, "
            + failures.size()
            + " failed, "
            + seedsWithChanges
            + " with set changes; "
            + figures(total));

    assertThat(failures).isEmpty();
    assertThat(seedsWithChanges)
        .as("seeds whose set changed")
        .isGreaterThan(RECONFIG_SEEDS * 3L / 4);
    assertThat(total.get(ChannelChecks.VALIDATORS_ADDED)).as("validators added").isPositive();
    assertThat(total.get(ChannelChecks.VALIDATORS_REMOVED)).as("validators removed").isPositive();
    assertThat(total.get(ChannelChecks.BLOCKS_SEALED_BY_JOINERS))
        .as("blocks sealed by a validator that joined")
        .isPositive();
    assertThat(total.getOrDefault("process.admin.swap_submitted", 0L)).isPositive();
    assertThat(total.getOrDefault("process.admin.remove_submitted", 0L)).isPositive();
    assertThat(total.getOrDefault("process.validator.stale_change_dropped", 0L))
        .as("changes that arrived after another and no longer fit")
        .isPositive();
    assertThat(total.getOrDefault("process.validator.follow_poll", 0L)).isPositive();
    assertThat(total.getOrDefault(Coverage.CRASHES, 0L)).isPositive();
  }

  @Test
  void growthFromOneValidatorReachesFourAndKeepsFinalizingInEverySeed() {
    List<SortedMap<String, Long>> coverage = new ArrayList<>();
    List<String> failures = failures(Reconfiguration.GROWTH, GROWTH_SEEDS, coverage);
    System.out.println(
        "growth: "
            + GROWTH_SEEDS
            + " seeds, "
            + failures.size()
            + " failed; "
            + figures(Coverage.sum(coverage)));

    assertThat(failures).isEmpty();
    for (SortedMap<String, Long> seed : coverage) {
      assertThat(seed.get(Reconfiguration.SET_SIZE_FINAL)).isEqualTo(Reconfiguration.GROWTH_SIZE);
      assertThat(seed.get(ChannelChecks.SET_CHANGES_APPLIED))
          .as("one validator added per change")
          .isEqualTo(Reconfiguration.GROWTH_SIZE - 1L);
      assertThat(seed.get(ChannelChecks.VALIDATORS_REMOVED)).isZero();
    }
  }

  @Test
  void governanceDecisionsDeliveredLateAndOutOfOrderApplyInOrderOnceAndKeepEverySeedSafe() {
    List<SortedMap<String, Long>> coverage = new ArrayList<>();
    List<String> failures = failures(Reconfiguration.GOVERNED_RECONFIG, GOVERNED_SEEDS, coverage);
    SortedMap<String, Long> total = Coverage.sum(coverage);
    long seedsWithImports =
        coverage.stream().filter(c -> c.get(Reconfiguration.DECISIONS_IMPORTED) > 0).count();
    System.out.println(
        "governed reconfig sweep: "
            + GOVERNED_SEEDS
            + " seeds, "
            + failures.size()
            + " failed, "
            + seedsWithImports
            + " with imported decisions; "
            + governedFigures(total));

    assertThat(failures).as("safety, liveness, fault bound and sets as decided").isEmpty();
    assertThat(seedsWithImports)
        .as("seeds whose set changed by governance")
        .isGreaterThan(GOVERNED_SEEDS * 3L / 4);
    assertThat(total.get(Reconfiguration.DECISIONS_IMPORTED))
        .as("decisions imported")
        .isGreaterThan(GOVERNED_SEEDS);
    assertThat(total.get(Reconfiguration.GOVERNANCE_SET_CHANGES))
        .as("updates that carried the governance channel's own set changes")
        .isPositive();
    assertThat(total.getOrDefault("process.admin.decision_resent", 0L)).isPositive();
    assertThat(total.getOrDefault("process.admin.decision_sent_ahead_of_its_turn", 0L))
        .as("decisions sent while an earlier one was still waiting")
        .isPositive();
    assertThat(total.getOrDefault("process.admin.plain_change_sent", 0L))
        .as("plain changes sent to the anchored channel (refused: the sets are as decided)")
        .isPositive();
    assertThat(total.getOrDefault("process.admin.swap_decided", 0L)).isPositive();
    assertThat(total.getOrDefault("process.admin.remove_decided", 0L)).isPositive();
    assertThat(total.get(ChannelChecks.BLOCKS_SEALED_BY_JOINERS))
        .as("blocks sealed by a validator governance brought in")
        .isPositive();
    assertThat(total.getOrDefault(Coverage.CRASHES, 0L)).isPositive();
  }

  @Test
  void growthByGovernanceFromOneValidatorReachesFourAndKeepsFinalizingInEverySeed() {
    List<SortedMap<String, Long>> coverage = new ArrayList<>();
    List<String> failures =
        failures(Reconfiguration.GOVERNED_GROWTH, GOVERNED_GROWTH_SEEDS, coverage);
    System.out.println(
        "governed growth: "
            + GOVERNED_GROWTH_SEEDS
            + " seeds, "
            + failures.size()
            + " failed; "
            + governedFigures(Coverage.sum(coverage)));

    assertThat(failures).isEmpty();
    for (SortedMap<String, Long> seed : coverage) {
      assertThat(seed.get(Reconfiguration.SET_SIZE_FINAL)).isEqualTo(Reconfiguration.GROWTH_SIZE);
      assertThat(seed.get(Reconfiguration.DECISIONS_IMPORTED))
          .as("one validator added per decision")
          .isEqualTo(Reconfiguration.GROWTH_SIZE - 1L);
      assertThat(seed.get(ChannelChecks.VALIDATORS_REMOVED)).isZero();
    }
  }

  private static String governedFigures(SortedMap<String, Long> total) {
    return line(
        total,
        List.of(
            Reconfiguration.DECISIONS_MADE,
            Reconfiguration.DECISIONS_IMPORTED,
            Reconfiguration.GOVERNANCE_SET_CHANGES,
            "process.admin.decision_resent",
            "process.admin.decision_sent_ahead_of_its_turn",
            "process.admin.plain_change_sent",
            "process.admin.add_decided",
            "process.admin.swap_decided",
            "process.admin.remove_decided",
            ChannelChecks.BLOCKS_SEALED_BY_JOINERS,
            Coverage.CRASHES));
  }

  private static String figures(SortedMap<String, Long> total) {
    List<String> names =
        List.of(
            ChannelChecks.SET_CHANGES_APPLIED,
            ChannelChecks.VALIDATORS_ADDED,
            ChannelChecks.VALIDATORS_REMOVED,
            ChannelChecks.BLOCKS_SEALED_BY_JOINERS,
            "process.admin.add_submitted",
            "process.admin.swap_submitted",
            "process.admin.remove_submitted",
            "process.validator.stale_change_dropped",
            "process.validator.follow_poll",
            "process.validator.sync_block_kept_in_order",
            Coverage.CRASHES);
    return line(total, names);
  }

  private static String line(SortedMap<String, Long> total, List<String> names) {
    StringBuilder line = new StringBuilder();
    for (String name : names) {
      line.append(name).append('=').append(total.getOrDefault(name, 0L)).append(' ');
    }
    return line.toString().trim();
  }
}
