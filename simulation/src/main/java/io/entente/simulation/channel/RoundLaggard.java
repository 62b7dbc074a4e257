package io.entente.simulation.channel;

import io.entente.consensus.qbft.Rules;
import io.entente.core.check.Check;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.LinkProfile;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import io.entente.simulation.world.World;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A validator left rounds behind, then needed for the quorum: the case the f + 1 round skip is for.
 * 4 validators; for 3 minutes one of them is cut off while the links among the other three are so
 * slow (10–12 s per message, longer than any round timer) that every round fails, so those three, a
 * quorum, climb rounds together. Then the links recover, the cut-off validator is reconnected and
 * one of the three crashes: the two left need the laggard. A new block must be final on the three
 * running validators within 20 s of that moment, as in Besu's bar.
 *
 * <p>Round alignment keeps the laggard's round low (alone, it times no round above 1). It reaches
 * the others in one step by the f + 1 skip; without the skip it climbs one timed-out round at a
 * time, which takes far longer (the kept broken variant {@code noRoundSkip} is caught here). {@link
 * #ROUND_GAP} in the result's coverage is the round distance at the reconnection, {@link
 * #RECOVERY_MS} the time to the first block after it.
 */
final class RoundLaggard implements Scenario {
  static final Scenario SCENARIO = new RoundLaggard(Rules.CORRECT);
  static final long SLOW_MS = 180_000;
  static final long SLOW_DELAY_MS_MIN = 10_000;
  static final long SLOW_DELAY_MS_MAX = 12_000;
  static final long RECOVERY_MS_MAX = 20_000;
  static final String RECOVERY_MS = "laggard.recovery_ms";
  static final String ROUND_GAP = "laggard.round_gap";

  private final Rules rules;

  private RoundLaggard(Rules rules) {
    this.rules = rules;
  }

  /** The same scenario with every validator running {@code rules}. */
  static Scenario with(Rules rules) {
    return new RoundLaggard(rules);
  }

  @Override
  public String name() {
    return "round-laggard";
  }

  @Override
  public RunResult run(RandomGenerator.SplittableGenerator random) {
    ChannelScenarios.Keys keys = ChannelScenarios.Keys.draw(random);
    FaultPlan drawn = FaultPlan.draw(random);
    LinkProfile normal = drawn.link().withDrop(0).withDuplicate(0);
    World world = new World(random, new FaultPlan(normal, 0, drawn.timerJitterMsMax()));
    long endMs = SLOW_MS + RECOVERY_MS_MAX;
    ChannelScenarios.Built channel =
        ChannelScenarios.build(world, random, keys, "laggard", 4, rules, endMs);
    List<NodeId> all = channel.spec().validators();
    List<NodeId> quorum = new ArrayList<>(all);
    NodeId laggard = quorum.remove(random.nextInt(quorum.size()));
    NodeId crashing = quorum.get(random.nextInt(quorum.size()));
    List<NodeId> running = new ArrayList<>(all);
    running.remove(crashing);
    LinkProfile slow = normal.withDelay(SLOW_DELAY_MS_MIN, SLOW_DELAY_MS_MAX);

    world.network().partition("laggard", List.of(laggard));
    setProfiles(world, quorum, slow);
    long[] heightAtReconnect = new long[1];
    long[] reconnectedAtMs = {-1};
    long[] recoveredAtMs = {-1};
    int[] roundGap = new int[1];
    world.at(
        SLOW_MS,
        "reconnect-laggard",
        w -> {
          setProfiles(w, quorum, normal);
          w.crash(crashing);
          w.network().heal("laggard");
          heightAtReconnect[0] = channel.checks().heightMax();
          roundGap[0] = roundOf(w, quorum.get(0) == crashing ? quorum.get(1) : quorum.get(0));
          roundGap[0] -= roundOf(w, laggard);
          reconnectedAtMs[0] = w.nowMs();
        });
    world.at(
        endMs,
        "recovered",
        w -> {
          for (NodeId node : running) {
            long height = height(w, node);
            w.require(
                Check.require(
                    height > heightAtReconnect[0],
                    "laggard.no_block_after_reconnect",
                    () ->
                        node
                            + " at height "
                            + height
                            + ", "
                            + heightAtReconnect[0]
                            + " at the reconnection, round gap "
                            + roundGap[0]));
          }
        });
    world.addInvariant(
        (view, observations) -> {
          if (recoveredAtMs[0] < 0
              && reconnectedAtMs[0] >= 0
              && running.stream().allMatch(node -> height(view, node) > heightAtReconnect[0])) {
            recoveredAtMs[0] = view.nowMs();
          }
          return Check.accepted();
        });
    RunResult result = world.runUntil(endMs);
    TreeMap<String, Long> coverage = new TreeMap<>(result.coverage());
    coverage.put(ROUND_GAP, (long) roundGap[0]);
    if (recoveredAtMs[0] >= 0) {
      coverage.put(RECOVERY_MS, recoveredAtMs[0] - reconnectedAtMs[0]);
    }
    return new RunResult(
        result.outcome(),
        result.timeMs(),
        result.events(),
        result.traceHash(),
        Collections.unmodifiableSortedMap(coverage),
        result.traceTail());
  }

  private static void setProfiles(World world, List<NodeId> nodes, LinkProfile profile) {
    for (NodeId from : nodes) {
      for (NodeId to : nodes) {
        if (!from.equals(to)) {
          world.network().setProfile(from, to, profile);
        }
      }
    }
  }

  private static long height(io.entente.simulation.world.WorldView world, NodeId node) {
    return ChannelScenarios.honest(world, node).map(v -> v.ledger().height()).orElse(0L);
  }

  private static int roundOf(World world, NodeId node) {
    return ChannelScenarios.honest(world, node).map(v -> v.qbft().round()).orElse(0);
  }
}
