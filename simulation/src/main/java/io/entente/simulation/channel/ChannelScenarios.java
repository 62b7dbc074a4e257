package io.entente.simulation.channel;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.qbft.Rules;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.simulation.world.DurabilityInvariants;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.NemesisPlan;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.RandomNemesis;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import io.entente.simulation.world.World;
import io.entente.simulation.world.WorldView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Whole QBFT channels under simulation. Each seed draws its sizes, fault plan, Byzantine validators
 * (each with one fault kind) and a crash/partition nemesis, with Byzantine plus crashed validators
 * at most f at any time; after the nemesis heals, a liveness phase requires every honest validator
 * to finalize new blocks and to empty its mempool within {@link #LIVENESS_BUDGET_MS}.
 *
 * <p>Coverage counters added to each result: {@code channel.height_max}, {@code
 * channel.recovery_ms} (virtual time from the heal until every honest validator finalized a new
 * block), {@code channel.byzantine}, {@code channel.real_crypto}, and the validator-set change
 * counters of {@link ChannelChecks#setCoverage} ({@code channel.set_changes_applied}, validators
 * added and removed, blocks sealed by a validator that joined after genesis).
 */
public final class ChannelScenarios {
  private ChannelScenarios() {}

  public static final long FAULTS_END_MS = 20_000;
  public static final long CLIENT_AFTER_HEAL_MS = 4_000;
  public static final long LIVENESS_BUDGET_MS = 30_000;
  public static final long RECOVERY_POLL_MS = 50;
  public static final long TX_VALID_UNTIL_MS = io.entente.core.CoreLimits.TX_VALIDITY_MS_MAX;

  /** One seed in this many uses real ECDSA P-256 instead of simulated signatures. */
  public static final int REAL_CRYPTO_ONE_IN = 50;

  public static final String HEIGHT_MAX = "channel.height_max";
  public static final String RECOVERY_MS = "channel.recovery_ms";
  public static final String BYZANTINE = "channel.byzantine";
  public static final String REAL_CRYPTO = "channel.real_crypto";
  public static final String SET_CHANGES_APPLIED = ChannelChecks.SET_CHANGES_APPLIED;

  static final ConsensusConfig CONFIG =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 200, 1_000, 5_000);

  /** Every scenario, for the command line. */
  public static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    for (int n : new int[] {1, 4, 5, 7, 10}) {
      all.add(sized("n" + n, new int[] {n}, 1, Rules.CORRECT));
    }
    all.add(sized("mixed", new int[] {1, 4, 5, 7, 10}, 1, Rules.CORRECT));
    all.add(sized("two-channels", new int[] {4, 5, 7}, 2, Rules.CORRECT));
    all.add(sized("long", new int[] {1, 4, 5, 7, 10, 13, 16}, 1, Rules.CORRECT));
    all.add(BesuRecovery.SCENARIO);
    all.add(RoundLaggard.SCENARIO);
    all.add(Reconfiguration.RECONFIG);
    all.add(Reconfiguration.GROWTH);
    all.add(Reconfiguration.GOVERNED_RECONFIG);
    all.add(Reconfiguration.GOVERNED_GROWTH);
    return all;
  }

  /** A scenario of {@code channels} channels, each of a size drawn from {@code sizes}. */
  public static Scenario sized(String name, int[] sizes, int channels, Rules rules) {
    return sized(name, sizes, channels, rules, List.of(ByzantineConduct.Kind.values()));
  }

  /** The same, with each Byzantine validator's fault kind drawn from {@code kinds} only. */
  static Scenario sized(
      String name, int[] sizes, int channels, Rules rules, List<ByzantineConduct.Kind> kinds) {
    return new Sized(
        name, sizes.clone(), channels, rules, List.copyOf(kinds), ChannelDiagnostics.NONE);
  }

  /**
   * The scenario named {@code name} with diagnostics written to their sink; it draws what the plain
   * scenario draws, so a seed replays the same run. Only the sized scenarios take diagnostics.
   */
  public static Scenario diagnosed(String name, ChannelDiagnostics diagnostics) {
    for (Scenario scenario : all()) {
      if (scenario.name().equals(name) && scenario instanceof Sized sized) {
        return new Sized(
            sized.name, sized.sizes, sized.channels, sized.rules, sized.kinds, diagnostics);
      }
      if (scenario.name().equals(name) && scenario instanceof Reconfiguration reconfiguration) {
        return reconfiguration.with(diagnostics);
      }
    }
    throw new IllegalArgumentException("no sized scenario named " + name);
  }

  private record Sized(
      String name,
      int[] sizes,
      int channels,
      Rules rules,
      List<ByzantineConduct.Kind> kinds,
      ChannelDiagnostics diagnostics)
      implements Scenario {
    @Override
    public RunResult run(RandomGenerator.SplittableGenerator random) {
      return runChannels(random, sizes, channels, rules, kinds, diagnostics);
    }
  }

  /** The honest validator process of a node that is up. */
  static Optional<ValidatorProcess> honest(WorldView world, NodeId node) {
    return world
        .process(node)
        .filter(p -> p instanceof ValidatorProcess v && !v.isByzantine() && v.ledger() != null)
        .map(p -> (ValidatorProcess) p);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Keys for one run: simulated keyed hashes, or real P-256 for a few seeds. The run's suite
   * remembers verifications ({@link MemoizingSuite}); {@code simulated} is null with real keys.
   */
  record Keys(MemoizingSuite suite, SimulatedSuite simulated) {
    static Keys draw(RandomGenerator random) {
      if (random.nextInt(REAL_CRYPTO_ONE_IN) == 0) {
        return new Keys(new MemoizingSuite(CryptoSuite.of(SuiteId.STANDARD)), null);
      }
      return simulatedSignatures();
    }

    /** Simulated signatures, as most seeds draw. */
    static Keys simulatedSignatures() {
      SimulatedSuite simulated = new SimulatedSuite();
      return new Keys(new MemoizingSuite(simulated), simulated);
    }

    CryptoSuite cryptoSuite() {
      return suite;
    }

    Signer newSigner(RandomGenerator random) {
      if (simulated != null) {
        return simulated.newSigner(random);
      }
      BigInteger scalar = BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE));
      return suite.signer(PrivateKey.of(SuiteId.STANDARD, scalar));
    }
  }

  /**
   * One channel as built into a world: its honest members (spares included), the validators its
   * spares hold, and the client key that may change the set (present when there are spares).
   */
  record Built(
      ChannelSpec spec,
      ChannelChecks checks,
      List<NodeId> honest,
      List<NodeId> crashable,
      List<Validator> spares,
      Optional<Signer> admin) {}

  static RunResult runChannels(
      RandomGenerator.SplittableGenerator random,
      int[] sizes,
      int channels,
      Rules rules,
      List<ByzantineConduct.Kind> kinds,
      ChannelDiagnostics diagnostics) {
    Keys keys = Keys.draw(random);
    World world = new World(random, FaultPlan.draw(random));
    List<Built> built = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      int n = sizes[random.nextInt(sizes.length)];
      built.add(
          build(
              world,
              random,
              keys,
              "ch" + c,
              n,
              rules,
              FAULTS_END_MS + CLIENT_AFTER_HEAL_MS,
              kinds,
              diagnostics));
    }
    diagnostics.install(world, built);
    for (Built channel : built) {
      installNemesis(world, random, channel);
    }
    Liveness liveness = new Liveness(built);
    world.at(FAULTS_END_MS, "heal-mark", liveness::markHeal);
    world.at(FAULTS_END_MS + LIVENESS_BUDGET_MS, "liveness", liveness::require);
    RunResult result = world.runUntil(FAULTS_END_MS + LIVENESS_BUDGET_MS);
    return withMetrics(result, built, liveness, keys);
  }

  /** A channel of honest validators only. */
  static Built build(
      World world,
      RandomGenerator random,
      Keys keys,
      String name,
      int n,
      Rules rules,
      long clientStopMs) {
    return build(
        world, random, keys, name, n, rules, clientStopMs, List.of(), ChannelDiagnostics.NONE);
  }

  /**
   * Crashes, partitions and clogs over the honest members until the heal, with Byzantine plus
   * crashed at most f of the genesis set; no set a change makes is smaller than that.
   */
  static void installNemesis(World world, RandomGenerator random, Built channel) {
    int f = (channel.spec().validators().size() - 1) / 3;
    int crashedMax = f - (channel.spec().members().size() - channel.honest().size());
    if (channel.crashable().size() >= 2) {
      new RandomNemesis(
              channel.spec().name() + "-nemesis",
              channel.crashable(),
              NemesisPlan.draw(random, 0, FAULTS_END_MS, crashedMax))
          .install(world);
    }
  }

  static Built build(
      World world,
      RandomGenerator random,
      Keys keys,
      String name,
      int n,
      Rules rules,
      long clientStopMs,
      List<ByzantineConduct.Kind> kinds,
      ChannelDiagnostics diagnostics) {
    return build(world, random, keys, name, n, 0, rules, clientStopMs, kinds, diagnostics);
  }

  /**
   * A channel of {@code n} genesis validators and {@code spares} spare members (honest, with keys
   * of alternating institutions outside the genesis set), its client and its checks.
   */
  static Built build(
      World world,
      RandomGenerator random,
      Keys keys,
      String name,
      int n,
      int spares,
      Rules rules,
      long clientStopMs,
      List<ByzantineConduct.Kind> kinds,
      ChannelDiagnostics diagnostics) {
    return build(
        world,
        random,
        keys,
        name,
        n,
        spares,
        rules,
        clientStopMs,
        kinds,
        diagnostics,
        Optional.empty());
  }

  /**
   * The same; with {@code governance}, the genesis anchors the channel to that governance channel,
   * so its validators change by imported governance decisions only (plain changes are refused).
   */
  static Built build(
      World world,
      RandomGenerator random,
      Keys keys,
      String name,
      int n,
      int spares,
      Rules rules,
      long clientStopMs,
      List<ByzantineConduct.Kind> kinds,
      ChannelDiagnostics diagnostics,
      Optional<io.entente.core.chain.GovernanceAnchor> governance) {
    CryptoSuite suite = keys.cryptoSuite();
    List<Signer> signers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Signer signer = keys.newSigner(random);
      signers.add(signer);
      validators.add(new Validator(i % 2 == 0 ? "bank-a" : "bank-b", signer.publicKey()));
    }
    ValidatorSet set = ValidatorSet.of(validators);
    boolean everyInstitution = n >= 4 && random.nextBoolean();
    Genesis genesis = new Genesis(name, SuiteId.STANDARD, 0, 1, set, everyInstitution, governance);
    List<NodeId> nodes = new ArrayList<>();
    List<Signer> ordered = new ArrayList<>();
    TreeMap<Hash, NodeId> byFingerprint = new TreeMap<>();
    for (Validator validator : set.validators()) {
      for (Signer signer : signers) {
        if (signer.publicKey().equals(validator.key())) {
          NodeId node = NodeId.of(name + "-v" + (nodes.size() + 1));
          nodes.add(node);
          ordered.add(signer);
          byFingerprint.put(validator.fingerprint(), node);
        }
      }
    }
    Signer client = keys.newSigner(random);
    TreeMap<Hash, PublicKey> clientKeys = new TreeMap<>();
    clientKeys.put(suite.fingerprint(client.publicKey()), client.publicKey());
    List<NodeId> spareNodes = new ArrayList<>();
    List<Signer> spareSigners = new ArrayList<>();
    List<Validator> spareValidators = new ArrayList<>();
    Optional<Signer> admin = Optional.empty();
    for (int j = 0; j < spares; j++) {
      Signer signer = keys.newSigner(random);
      Validator validator =
          new Validator((n + j) % 2 == 0 ? "bank-a" : "bank-b", signer.publicKey());
      NodeId node = NodeId.of(name + "-s" + (j + 1));
      spareNodes.add(node);
      spareSigners.add(signer);
      spareValidators.add(validator);
      byFingerprint.put(validator.fingerprint(), node);
    }
    if (spares > 0) {
      Signer adminSigner = keys.newSigner(random);
      clientKeys.put(suite.fingerprint(adminSigner.publicKey()), adminSigner.publicKey());
      admin = Optional.of(adminSigner);
    }
    ChannelSpec spec =
        new ChannelSpec(
            genesis, CONFIG, rules, suite, nodes, byFingerprint, clientKeys, spareNodes);
    int f = (n - 1) / 3;
    int byzantine = f == 0 || kinds.isEmpty() ? 0 : random.nextInt(f + 1);
    List<Integer> byzantineIndexes = new ArrayList<>();
    while (byzantineIndexes.size() < byzantine) {
      int index = random.nextInt(n);
      if (!byzantineIndexes.contains(index)) {
        byzantineIndexes.add(index);
      }
    }
    List<NodeId> honest = new ArrayList<>();
    ChannelWire.Decoder decoder = new ChannelWire.Decoder(suite);
    for (int i = 0; i < n; i++) {
      Conduct conduct = Conduct.HONEST;
      if (byzantineIndexes.contains(i)) {
        List<Hash> others = new ArrayList<>(byFingerprint.keySet());
        others.remove(suite.fingerprint(ordered.get(i).publicKey()));
        List<NodeId> peers = new ArrayList<>(nodes);
        peers.remove(nodes.get(i));
        conduct =
            new ByzantineConduct(
                kinds.get(random.nextInt(kinds.size())), suite, ordered.get(i), set, others, peers);
      } else {
        honest.add(nodes.get(i));
      }
      Signer signer = ordered.get(i);
      Conduct chosen = conduct;
      world.addNode(
          nodes.get(i),
          name,
          node -> new ValidatorProcess(spec, signer, chosen, diagnostics, decoder));
    }
    for (int j = 0; j < spares; j++) {
      Signer signer = spareSigners.get(j);
      world.addNode(
          spareNodes.get(j),
          name,
          node -> new ValidatorProcess(spec, signer, Conduct.HONEST, diagnostics, decoder));
      honest.add(spareNodes.get(j));
    }
    long gapMsMax = random.nextLong(20, 400);
    world.addNode(
        NodeId.of(name + "-client"),
        name,
        node -> new ChannelClient(spec, client, clientStopMs, gapMsMax));
    ChannelChecks checks = new ChannelChecks(spec);
    world.addInvariant(checks);
    world.addInvariant(DurabilityInvariants.syncBeforeSend());
    return new Built(spec, checks, honest, honest, spareValidators, admin);
  }

  /**
   * After the heal: every honest member finalizes a new block, and every honest validator of the
   * current set (after the highest final block) empties its mempool.
   */
  static final class Liveness {
    private final List<Built> channels;
    private final TreeMap<NodeId, Long> heightsAtHeal = new TreeMap<>();
    private long healMs = -1;
    private long recoveredMs = -1;

    Liveness(List<Built> channels) {
      this.channels = channels;
    }

    void markHeal(World world) {
      healMs = world.nowMs();
      for (Built channel : channels) {
        for (NodeId node : channel.honest()) {
          heightsAtHeal.put(node, honest(world, node).map(v -> v.ledger().height()).orElse(0L));
        }
      }
      world.after(RECOVERY_POLL_MS, "recovery-poll", this::poll);
    }

    private void poll(World world) {
      if (allAdvanced(world)) {
        recoveredMs = world.nowMs() - healMs;
      } else if (world.nowMs() + RECOVERY_POLL_MS < healMs + LIVENESS_BUDGET_MS) {
        world.after(RECOVERY_POLL_MS, "recovery-poll", this::poll);
      }
    }

    private boolean allAdvanced(World world) {
      for (Built channel : channels) {
        for (NodeId node : channel.honest()) {
          Optional<ValidatorProcess> process = honest(world, node);
          if (process.isEmpty() || process.get().ledger().height() <= heightsAtHeal.get(node)) {
            return false;
          }
        }
      }
      return true;
    }

    long recoveredMs() {
      return recoveredMs;
    }

    void require(World world) {
      world.require(
          Check.require(
              recoveredMs >= 0,
              "liveness.no_new_block",
              () ->
                  "some honest validator finalized nothing new within the budget after the heal"));
      for (Built channel : channels) {
        List<NodeId> current = channel.spec().nodesOf(channel.checks().currentSet());
        for (NodeId node : channel.honest()) {
          if (!current.contains(node)) {
            continue;
          }
          int waiting = honest(world, node).map(v -> v.mempool().size()).orElse(0);
          world.require(
              Check.require(
                  waiting == 0,
                  "liveness.transactions_not_final",
                  () -> node + " still holds " + waiting + " transactions after the budget"));
        }
      }
    }
  }

  static RunResult withMetrics(RunResult result, List<Built> built, Liveness liveness, Keys keys) {
    TreeMap<String, Long> coverage = new TreeMap<>(result.coverage());
    long height = 0;
    long byzantine = 0;
    for (Built channel : built) {
      height = Math.max(height, channel.checks().heightMax());
      byzantine += channel.spec().members().size() - channel.honest().size();
      channel
          .checks()
          .setCoverage()
          .forEach((name, count) -> coverage.merge(name, count, Long::sum));
    }
    coverage.put(HEIGHT_MAX, height);
    coverage.put(BYZANTINE, byzantine);
    coverage.put(REAL_CRYPTO, keys.simulated() == null ? 1L : 0L);
    if (liveness.recoveredMs() >= 0) {
      coverage.put(RECOVERY_MS, liveness.recoveredMs());
    }
    return new RunResult(
        result.outcome(),
        result.timeMs(),
        result.events(),
        result.traceHash(),
        java.util.Collections.unmodifiableSortedMap(coverage),
        result.traceTail());
  }
}
