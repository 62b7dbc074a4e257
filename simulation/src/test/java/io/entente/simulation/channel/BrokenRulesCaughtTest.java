package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.qbft.BrokenRules;
import io.entente.consensus.qbft.Rules;
import io.entente.core.chain.Block;
import io.entente.core.crypto.CryptoSuite;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Outcome;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The checkers can fail: each kept broken variant ({@link BrokenRules}) installed in every honest
 * validator is caught within a fixed seed budget, and the correct rules pass the same seeds (no
 * safety violation; where the catch is a liveness bar, the correct rules pass it outright), so the
 * check discriminates. The first failing seed and its reason are printed.
 *
 * <p>Which scenario catches which variant, and why:
 *
 * <ul>
 *   <li>quorum f + 1: the 4-validator sweep; a block is final on 2 seals, which the certificate
 *       check rejects ({@code channel.bad_certificate}).
 *   <li>COMMIT before the prepared state is persisted: the 4-validator sweep; the shell contract (a
 *       signed message leaves only once its record is in the WAL) rejects the first COMMIT.
 *   <li>no f + 1 round skip: {@code round-laggard}; a validator cut off while the other three
 *       climbed rounds is needed for the quorum once one of them crashes; without the skip it
 *       climbs one timed-out round at a time, and no block is final within 20 s of the
 *       reconnection. ({@code besu-recovery} no longer catches it: round alignment keeps the two
 *       validators left running in round 1, so the restarted two reach them by timeouts.)
 *   <li>lowest prepared round re-proposed: random sweeps almost never build the situation (round
 *       changes whose prepared rounds differ), so {@link PreparedForkScenario} scripts it with an
 *       omission schedule; the variant decides another block at height 1 (seen by the safety checks
 *       alone), and the conformance check stops the run earlier, at the first acceptance of the
 *       lower prepared block.
 *   <li>prepared round equal to the round: the 4-validator sweep with every Byzantine validator of
 *       kind {@code INVALID_JUSTIFICATION}; as proposer of a round r above 0 it withholds its
 *       proposal from one validator, and once a quorum prepared it sends that validator the same
 *       block again, justified by its own ROUND-CHANGE for r claiming a block prepared in r with
 *       those genuine PREPAREs. The variant accepts it, which the conformance check against the
 *       QBFT model rejects ({@code channel.nonconforming_acceptance}); no fork follows (the block
 *       is the one a quorum prepared), so no safety check alone would see it.
 * </ul>
 */
class BrokenRulesCaughtTest {
  static final int SWEEP_SEEDS = 20;
  static final int LAGGARD_SEEDS = 3;
  static final int FORK_SEEDS = 3;
  static final int JUSTIFICATION_SEEDS = 20;

  /** The first seed whose failure {@code caught} accepts, within the budget, or -1. */
  private static long firstCaught(
      Scenario scenario, int seeds, java.util.function.Predicate<Outcome.Failed> caught) {
    for (long seed = 1; seed <= seeds; seed++) {
      RunResult result = scenario.run(new SplittableRandom(seed));
      if (result.outcome() instanceof Outcome.Failed failed && caught.test(failed)) {
        System.out.printf(
            "%s with %s: caught at seed %d of %d: %s %s%n",
            scenario.name(), ruleOf(scenario), seed, seeds, failed.reason(), failed.detail());
        return seed;
      }
    }
    return -1;
  }

  private static String ruleOf(Scenario scenario) {
    return scenario instanceof Named named ? named.rules().name() : "?";
  }

  /** A scenario with the rules it runs, for the report line. */
  private record Named(Scenario scenario, Rules rules) implements Scenario {
    @Override
    public String name() {
      return scenario.name();
    }

    @Override
    public RunResult run(java.util.random.RandomGenerator.SplittableGenerator random) {
      return scenario.run(random);
    }
  }

  private static Scenario fourValidators(Rules rules) {
    return new Named(ChannelScenarios.sized("n4", new int[] {4}, 1, rules), rules);
  }

  /** The 4-validator sweep whose Byzantine validators (0 or 1 per seed) justify wrongly. */
  private static Scenario fourValidatorsJustifyingWrongly(Rules rules) {
    return new Named(
        ChannelScenarios.sized(
            "n4-invalid-justification",
            new int[] {4},
            1,
            rules,
            List.of(ByzantineConduct.Kind.INVALID_JUSTIFICATION)),
        rules);
  }

  private static boolean isSafety(Outcome.Failed failed) {
    return !failed.reason().startsWith("liveness.") && !failed.reason().startsWith("besu.");
  }

  /** Seeds 1..seeds of {@code scenario} with no safety violation (liveness is not asserted). */
  private static void assertNoSafetyViolation(Scenario scenario, long seeds) {
    List<String> violations = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      RunResult result = scenario.run(new SplittableRandom(seed));
      if (result.outcome() instanceof Outcome.Failed failed && isSafety(failed)) {
        violations.add("seed " + seed + ": " + failed.reason() + " " + failed.detail());
      }
    }
    assertThat(violations).as("correct rules, seeds 1..%d", seeds).isEmpty();
  }

  @Test
  void quorumOfFPlusOneIsCaughtByTheCertificateCheck() {
    long seed =
        firstCaught(
            fourValidators(BrokenRules.quorumFPlusOne()),
            SWEEP_SEEDS,
            failed ->
                failed.reason().equals("channel.bad_certificate")
                    || failed.reason().equals("channel.two_final_blocks"));
    assertThat(seed).as("caught within %d seeds", SWEEP_SEEDS).isPositive();
    assertNoSafetyViolation(fourValidators(Rules.CORRECT), SWEEP_SEEDS);
  }

  @Test
  void commitBeforePersistIsCaughtByThePersistBeforeSendCheck() {
    long seed =
        firstCaught(
            fourValidators(BrokenRules.commitBeforePersist()),
            SWEEP_SEEDS,
            failed ->
                failed.reason().equals("channel.shell_contract")
                    && failed.detail().contains("COMMIT")
                    && failed.detail().contains("sent unpersisted"));
    assertThat(seed).as("caught within %d seeds", SWEEP_SEEDS).isPositive();
    assertNoSafetyViolation(fourValidators(Rules.CORRECT), SWEEP_SEEDS);
  }

  @Test
  void noRoundSkipIsCaughtWhenAValidatorRoundsBehindIsNeeded() {
    long seed =
        firstCaught(
            new Named(RoundLaggard.with(BrokenRules.noRoundSkip()), BrokenRules.noRoundSkip()),
            LAGGARD_SEEDS,
            failed -> failed.reason().equals("laggard.no_block_after_reconnect"));
    assertThat(seed).as("caught within %d seeds", LAGGARD_SEEDS).isPositive();
    for (long s = 1; s <= LAGGARD_SEEDS; s++) {
      RunResult correct = RoundLaggard.SCENARIO.run(new SplittableRandom(s));
      assertThat(correct.passed()).as("correct rules, seed %d: %s", s, correct.summary()).isTrue();
    }
  }

  /**
   * The variant re-proposes the block prepared at round 0 (A) although the round changes also carry
   * B, prepared at round 1 and already final at v2: v1, v3 and v4 decide A, which the safety checks
   * alone see as two final blocks. The correct rules re-propose B. With the conformance check the
   * variant's run stops earlier, when v3 accepts A.
   */
  @Test
  void lowestPreparedIsCaughtWhenAPreparedBlockWasDecidedElsewhere() {
    CryptoSuite anySuite = new SimulatedSuite();
    for (long seed = 1; seed <= FORK_SEEDS; seed++) {
      PreparedForkScenario.Decided broken =
          new PreparedForkScenario(BrokenRules.lowestPrepared(), false)
              .runKeepingBlocks(new SplittableRandom(seed));
      assertThat(broken.result().outcome())
          .as("lowest-prepared, seed %d", seed)
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              failed -> assertThat(failed.reason()).isEqualTo("channel.two_final_blocks"));
      assertThat(blocksApartFromRound(broken, anySuite))
          .as("lowest-prepared, seed %d: distinct blocks at height 1 (round put back)", seed)
          .hasSizeGreaterThan(1);
      if (seed == 1) {
        Outcome.Failed failed = (Outcome.Failed) broken.result().outcome();
        System.out.printf(
            "prepared-fork with lowest-prepared: caught at seed 1 of %d: %s %s%n",
            FORK_SEEDS, failed.reason(), failed.detail());
      }
      RunResult checked =
          new PreparedForkScenario(BrokenRules.lowestPrepared()).run(new SplittableRandom(seed));
      assertThat(checked.outcome())
          .as("lowest-prepared with the conformance check, seed %d", seed)
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              failed -> {
                assertThat(failed.reason()).isEqualTo(ProposalConformance.NONCONFORMING);
                assertThat(failed.detail()).contains("not the highest prepared block");
              });
      if (seed == 1) {
        Outcome.Failed failed = (Outcome.Failed) checked.outcome();
        System.out.printf(
            "prepared-fork with lowest-prepared and the conformance check: caught at seed 1 of %d:"
                + " %s %s%n",
            FORK_SEEDS, failed.reason(), failed.detail());
      }
      PreparedForkScenario.Decided correct =
          new PreparedForkScenario(Rules.CORRECT).runKeepingBlocks(new SplittableRandom(seed));
      assertThat(correct.firstBlocks())
          .as("correct, seed %d: v2 and another validator decided height 1", seed)
          .containsKey(PreparedForkScenario.validator(2))
          .hasSizeGreaterThan(1);
      assertThat(blocksApartFromRound(correct, anySuite))
          .as("correct, seed %d: one block at height 1 (round put back)", seed)
          .hasSize(1);
    }
  }

  /** The distinct blocks at height 1 by chain hash (the header with its round set to 0). */
  private static Set<Object> blocksApartFromRound(
      PreparedForkScenario.Decided decided, CryptoSuite suite) {
    Set<Object> distinct = new HashSet<>();
    for (NodeId node : decided.firstBlocks().keySet()) {
      Block block = decided.firstBlocks().get(node);
      distinct.add(block.header().chainHash(suite));
    }
    return distinct;
  }

  @Test
  void correctRulesKeepOneFinalBlockHashWhenAPreparedBlockIsReproposed() {
    for (long seed = 1; seed <= FORK_SEEDS; seed++) {
      RunResult result = new PreparedForkScenario(Rules.CORRECT).run(new SplittableRandom(seed));
      assertThat(result.passed()).as("seed %d: %s", seed, result.summary()).isTrue();
    }
  }

  @Test
  void preparedRoundEqualToTheRoundIsCaught() {
    long seed =
        firstCaught(
            fourValidatorsJustifyingWrongly(BrokenRules.preparedRoundNotStrict()),
            JUSTIFICATION_SEEDS,
            failed ->
                failed.reason().equals(ProposalConformance.NONCONFORMING)
                    && failed
                        .detail()
                        .matches(".* r(\\d+): a round change for r\\1 prepared in r\\1"));
    assertThat(seed).as("caught within %d seeds", JUSTIFICATION_SEEDS).isPositive();
    assertNoSafetyViolation(fourValidatorsJustifyingWrongly(Rules.CORRECT), JUSTIFICATION_SEEDS);
  }
}
