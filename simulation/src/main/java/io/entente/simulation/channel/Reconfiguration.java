package io.entente.simulation.channel;

import io.entente.consensus.qbft.Rules;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import io.entente.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Channels whose validator set changes while they run: the sized scenario's faults, Byzantine
 * validators, nemesis and liveness phase, plus spare member nodes outside the genesis set and an
 * {@link AdminClient} that sends validator-set changes during the fault phase.
 *
 * <ul>
 *   <li>{@code reconfig}: n ∈ {1, 4, 5, 7} and 1 to {@value #SPARES_MAX} spares; changes add a
 *       spare, swap an honest validator for a spare or remove a validator that joined, every 1 to 3
 *       s until the heal. The nemesis crashes spares too (Byzantine plus crashed at most f of
 *       genesis, and no set is smaller than genesis).
 *   <li>{@code growth}: one validator and {@value #GROWTH_SIZE} − 1 spares, added one by one (1 → 2
 *       is Besu #8425's case); the administrator keeps going after the heal until the set has
 *       {@value #GROWTH_SIZE} validators, and the run fails ({@value #NOT_GROWN}) unless the
 *       highest final block was decided by a set of that size. Each change adds one validator, so
 *       the chain finalized blocks with 1, 2, 3 and 4 validators.
 *   <li>{@code governed-reconfig} and {@code governed-growth}: the same, in a channel anchored to
 *       governance, whose validators change only by governance decisions imported as update
 *       transactions ({@link GovernanceOracle}); the administrator re-sends waiting decisions at
 *       random, so they arrive late, repeated and out of order, and the governance channel changes
 *       its own validators now and then. At the end the sets the chain went through must be the
 *       decided sets, in decision order, each once ({@value #NOT_AS_DECIDED}).
 * </ul>
 *
 * <p>At the end every set the chain went through must tolerate the run's faults ({@value
 * #FAULT_BOUND}): its Byzantine validators plus the crash budget at most its f.
 *
 * <p>Coverage: {@link ChannelChecks#SET_CHANGES_APPLIED}, validators added and removed, blocks
 * sealed by a validator that joined after genesis, {@value #SET_SIZE_FINAL}, and the
 * administrator's {@code process.admin.*_submitted}.
 */
final class Reconfiguration implements Scenario {
  static final int SPARES_MAX = 3;
  static final int GROWTH_SIZE = 4;

  /**
   * How long after the heal the growth administrator may still change the set. With 2 validators
   * every message of a round must arrive, so under loss a height can take several rounds; the
   * growth run is longer than the others.
   */
  static final long GROWTH_ADMIN_AFTER_HEAL_MS = 30_000;

  /** How long after the heal the growth scenario's client submits, so the last set decides. */
  static final long GROWTH_CLIENT_AFTER_HEAL_MS = 35_000;

  /** The growth run's end (liveness and growth checked) after the heal. */
  static final long GROWTH_END_AFTER_HEAL_MS = 45_000;

  static final String NOT_GROWN = "growth.not_grown";
  static final String FAULT_BOUND = "reconfig.fault_bound";
  static final String SET_SIZE_FINAL = "channel.set_size_final";
  static final String NOT_AS_DECIDED = "governed.sets_not_as_decided";
  static final String DECISIONS_MADE = "governed.decisions_made";
  static final String DECISIONS_IMPORTED = "governed.decisions_imported";
  static final String GOVERNANCE_SET_CHANGES = "governed.governance_set_changes";

  static final Reconfiguration RECONFIG =
      new Reconfiguration(
          "reconfig",
          new int[] {1, 4, 5, 7},
          AdminClient.Policy.MIXED,
          false,
          ChannelDiagnostics.NONE);
  static final Reconfiguration GROWTH =
      new Reconfiguration(
          "growth", new int[] {1}, AdminClient.Policy.GROWTH, false, ChannelDiagnostics.NONE);
  static final Reconfiguration GOVERNED_RECONFIG =
      new Reconfiguration(
          "governed-reconfig",
          new int[] {1, 4, 5, 7},
          AdminClient.Policy.MIXED,
          true,
          ChannelDiagnostics.NONE);
  static final Reconfiguration GOVERNED_GROWTH =
      new Reconfiguration(
          "governed-growth",
          new int[] {1},
          AdminClient.Policy.GROWTH,
          true,
          ChannelDiagnostics.NONE);

  private final String name;
  private final int[] sizes;
  private final AdminClient.Policy policy;
  private final boolean governed;
  private final ChannelDiagnostics diagnostics;

  private Reconfiguration(
      String name,
      int[] sizes,
      AdminClient.Policy policy,
      boolean governed,
      ChannelDiagnostics diagnostics) {
    this.name = name;
    this.sizes = sizes.clone();
    this.policy = policy;
    this.governed = governed;
    this.diagnostics = diagnostics;
  }

  /** The same scenario with diagnostics; it draws the same. */
  Reconfiguration with(ChannelDiagnostics diagnostics) {
    return new Reconfiguration(name, sizes, policy, governed, diagnostics);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RunResult run(RandomGenerator.SplittableGenerator random) {
    ChannelScenarios.Keys keys = ChannelScenarios.Keys.draw(random);
    World world = new World(random, FaultPlan.draw(random));
    int n = sizes[random.nextInt(sizes.length)];
    boolean growth = policy == AdminClient.Policy.GROWTH;
    int spares = growth ? GROWTH_SIZE - n : random.nextInt(1, SPARES_MAX + 1);
    long healMs = ChannelScenarios.FAULTS_END_MS;
    long clientStopMs =
        healMs + (growth ? GROWTH_CLIENT_AFTER_HEAL_MS : ChannelScenarios.CLIENT_AFTER_HEAL_MS);
    Optional<GovernanceOracle> governance =
        governed
            ? Optional.of(new GovernanceOracle(keys.cryptoSuite(), keys, random, "ch0"))
            : Optional.empty();
    ChannelScenarios.Built channel =
        ChannelScenarios.build(
            world,
            random,
            keys,
            "ch0",
            n,
            spares,
            Rules.CORRECT,
            clientStopMs,
            List.of(ByzantineConduct.Kind.values()),
            diagnostics,
            governance.map(GovernanceOracle::anchor));
    TreeSet<Hash> byzantine = new TreeSet<>();
    channel
        .spec()
        .nodeByFingerprint()
        .forEach(
            (fingerprint, node) -> {
              if (!channel.honest().contains(node)) {
                byzantine.add(fingerprint);
              }
            });
    long adminStopMs = growth ? healMs + GROWTH_ADMIN_AFTER_HEAL_MS : healMs;
    world.addNode(
        NodeId.of("ch0-admin"),
        "ch0",
        node ->
            new AdminClient(
                channel.spec(),
                channel.admin().orElseThrow(),
                channel.spares(),
                byzantine,
                policy,
                GROWTH_SIZE,
                adminStopMs,
                governance));
    diagnostics.install(world, List.of(channel));
    ChannelScenarios.installNemesis(world, random, channel);
    ChannelScenarios.Liveness liveness = new ChannelScenarios.Liveness(List.of(channel));
    long endMs = healMs + (growth ? GROWTH_END_AFTER_HEAL_MS : ChannelScenarios.LIVENESS_BUDGET_MS);
    world.at(healMs, "heal-mark", liveness::markHeal);
    world.at(endMs, "liveness", liveness::require);
    world.at(endMs, "fault-bound", w -> w.require(faultBound(channel, byzantine)));
    if (growth) {
      world.at(endMs, "growth", w -> w.require(grown(channel)));
    }
    governance.ifPresent(
        oracle -> world.at(endMs, "as-decided", w -> w.require(asDecided(channel, oracle))));
    RunResult result = world.runUntil(endMs);
    RunResult measured = ChannelScenarios.withMetrics(result, List.of(channel), liveness, keys);
    TreeMap<String, Long> coverage = new TreeMap<>(measured.coverage());
    coverage.put(SET_SIZE_FINAL, (long) finalSetSize(channel));
    governance.ifPresent(
        oracle -> {
          coverage.put(DECISIONS_MADE, (long) oracle.decisions());
          coverage.put(DECISIONS_IMPORTED, (long) setsThrough(channel).size() - 1);
          coverage.put(GOVERNANCE_SET_CHANGES, (long) oracle.governanceSetChanges());
        });
    return new RunResult(
        measured.outcome(),
        measured.timeMs(),
        measured.events(),
        measured.traceHash(),
        java.util.Collections.unmodifiableSortedMap(coverage),
        measured.traceTail());
  }

  /** The size of the set that decided the highest final block. */
  private static int finalSetSize(ChannelScenarios.Built channel) {
    return channel.checks().setOf(channel.checks().heightMax()).size();
  }

  /**
   * Every set the chain went through tolerates its faults: Byzantine members of the set plus the
   * nemesis's crash budget (f of genesis minus the Byzantine validators) at most f of the set.
   */
  private static Check faultBound(ChannelScenarios.Built channel, TreeSet<Hash> byzantine) {
    int crashedMax = channel.spec().genesis().validators().maxFaulty() - byzantine.size();
    for (long height = 1; height <= channel.checks().heightMax() + 1; height++) {
      ValidatorSet set = channel.checks().setOf(height);
      long faulty =
          crashedMax
              + set.validators().stream().filter(v -> byzantine.contains(v.fingerprint())).count();
      if (faulty > set.maxFaulty()) {
        long at = height;
        return Check.rejected(
            FAULT_BOUND,
            "set of h" + at + " has " + set.size() + " validators and up to " + faulty + " faulty");
      }
    }
    return Check.accepted();
  }

  /**
   * The sets the chain went through, in order, each listed once when it took over: the genesis set,
   * then one per applied change, up to the set of the height after the highest final block.
   */
  private static List<ValidatorSet> setsThrough(ChannelScenarios.Built channel) {
    List<ValidatorSet> sets = new ArrayList<>();
    for (long height = 1; height <= channel.checks().heightMax() + 1; height++) {
      ValidatorSet set = channel.checks().setOf(height);
      if (sets.isEmpty() || !sets.get(sets.size() - 1).equals(set)) {
        sets.add(set);
      }
    }
    return sets;
  }

  /**
   * The chain's sets after genesis are the first decisions' sets, in decision order: no decision
   * skipped, repeated or applied out of order, and no change that governance did not decide. (A
   * decision naming the set already in force would not show as a change; the administrator never
   * makes one, as each change adds, swaps or removes a validator.)
   */
  private static Check asDecided(ChannelScenarios.Built channel, GovernanceOracle oracle) {
    List<ValidatorSet> applied = setsThrough(channel);
    List<ValidatorSet> decided = oracle.decided();
    List<ValidatorSet> after = applied.subList(1, applied.size());
    boolean prefix =
        after.size() <= decided.size() && after.equals(decided.subList(0, after.size()));
    return Check.require(
        prefix && applied.get(0).equals(channel.spec().genesis().validators()),
        NOT_AS_DECIDED,
        () ->
            after.size()
                + " set changes applied; they are not the first decisions in order (of "
                + decided.size()
                + " decisions)");
  }

  private static Check grown(ChannelScenarios.Built channel) {
    int size = finalSetSize(channel);
    return Check.require(
        size == GROWTH_SIZE,
        NOT_GROWN,
        () ->
            "the highest final block, h"
                + channel.checks().heightMax()
                + ", was decided by "
                + size
                + " validators, not "
                + GROWTH_SIZE);
  }
}
