package io.entente.simulation.channel;

import io.entente.consensus.qbft.Rules;
import io.entente.core.check.Check;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import io.entente.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Besu's recovery bar in virtual time: 4 validators, 2 of them stopped for 3 minutes while a client
 * keeps submitting, then restarted; a new block must be final on every validator within 20 s of the
 * restart. Links keep the seed's delays but lose nothing, so the time measured is the protocol's.
 *
 * <p>{@link #RECOVERY_MS} in the result's coverage is the virtual time from the restart until every
 * validator has finalized a block above the height at the restart (absent if that never happened).
 * {@link #with} runs the same scenario with other rules (a kept broken variant in tests).
 */
final class BesuRecovery implements Scenario {
  static final Scenario SCENARIO = new BesuRecovery(Rules.CORRECT);
  static final long STOP_AT_MS = 5_000;
  static final long STOPPED_MS = 180_000;
  static final long RECOVERY_MS_MAX = 20_000;
  static final String RECOVERY_MS = "besu.recovery_ms";

  private final Rules rules;

  private BesuRecovery(Rules rules) {
    this.rules = rules;
  }

  /** The same scenario with every validator running {@code rules}. */
  static Scenario with(Rules rules) {
    return new BesuRecovery(rules);
  }

  @Override
  public String name() {
    return "besu-recovery";
  }

  @Override
  public RunResult run(RandomGenerator.SplittableGenerator random) {
    ChannelScenarios.Keys keys = ChannelScenarios.Keys.draw(random);
    FaultPlan drawn = FaultPlan.draw(random);
    World world =
        new World(
            random,
            new FaultPlan(drawn.link().withDrop(0).withDuplicate(0), 0, drawn.timerJitterMsMax()));
    long restartMs = STOP_AT_MS + STOPPED_MS;
    long endMs = restartMs + RECOVERY_MS_MAX;
    ChannelScenarios.Built channel =
        ChannelScenarios.build(world, random, keys, "besu", 4, rules, endMs);
    List<NodeId> all = channel.spec().validators();
    List<NodeId> stopped = new ArrayList<>(all);
    stopped.remove(random.nextInt(stopped.size()));
    stopped.remove(random.nextInt(stopped.size()));
    long[] heightAtRestart = new long[1];
    boolean[] restarted = {false};
    long[] recoveredAtMs = {-1};
    world.at(STOP_AT_MS, "stop-two", w -> stopped.forEach(w::crash));
    world.at(
        restartMs,
        "restart-two",
        w -> {
          stopped.forEach(w::restart);
          heightAtRestart[0] = channel.checks().heightMax();
          restarted[0] = true;
        });
    world.at(
        endMs,
        "recovered",
        w -> {
          for (NodeId node : all) {
            long height = ChannelScenarios.honest(w, node).map(v -> v.ledger().height()).orElse(0L);
            w.require(
                Check.require(
                    height > heightAtRestart[0],
                    "besu.no_block_after_restart",
                    () ->
                        node + " at height " + height + ", " + heightAtRestart[0] + " at restart"));
          }
        });
    world.addInvariant(
        (view, observations) -> {
          if (recoveredAtMs[0] < 0
              && restarted[0]
              && all.stream()
                  .allMatch(
                      node ->
                          ChannelScenarios.honest(view, node)
                                  .map(v -> v.ledger().height())
                                  .orElse(0L)
                              > heightAtRestart[0])) {
            recoveredAtMs[0] = view.nowMs();
          }
          return Check.accepted();
        });
    RunResult result = world.runUntil(endMs);
    if (recoveredAtMs[0] < 0) {
      return result;
    }
    java.util.TreeMap<String, Long> coverage = new java.util.TreeMap<>(result.coverage());
    coverage.put(RECOVERY_MS, recoveredAtMs[0] - restartMs);
    return new RunResult(
        result.outcome(),
        result.timeMs(),
        result.events(),
        result.traceHash(),
        java.util.Collections.unmodifiableSortedMap(coverage),
        result.traceTail());
  }
}
