package io.entente.simulation.channel;

import io.entente.consensus.message.Message;
import io.entente.consensus.message.MessageType;
import io.entente.consensus.qbft.Rules;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.DurabilityInvariants;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.LinkProfile;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import io.entente.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A focused scenario for the re-proposal rule: 4 honest validators (v1..v4, v1 proposes round 0, v2
 * round 1, v3 round 2 at height 1), reliable links, no crashes, and a scripted omission schedule —
 * a network that loses exactly these messages of height 1, which an asynchronous network may do:
 *
 * <ol>
 *   <li>round 0: PREPAREs reach v1 only, COMMITs reach nobody. v1 alone is prepared (block A at
 *       round 0); nothing is decided.
 *   <li>v1's ROUND-CHANGE for round 1 (which carries A) is lost, so v2 proposes a fresh block B in
 *       round 1 on the round changes of v2, v3 and v4. PREPAREs of round 1 do not reach v1 (v1
 *       stays prepared on A at round 0); v2, v3 and v4 prepare B. COMMITs of round 1 reach v2 only:
 *       B is final at v2, and v2 is cut off from the others as soon as it is (its announcement is
 *       lost).
 *   <li>round 2: v3 proposes on the ROUND-CHANGEs of v1 (A at round 0), v3 and v4 (B at round 1).
 * </ol>
 *
 * The correct rule re-proposes B, the highest prepared block; the lowest-prepared variant
 * re-proposes A, which v1, v3 and v4 then decide: a second final block at height 1. The seed draws
 * keys, link delays (1..30 ms) and the client's pace; the schedule is the same in every seed.
 */
final class PreparedForkScenario implements Scenario {
  static final long END_MS = 30_000;
  static final String CHANNEL = "fork";

  private final Rules rules;
  private final boolean conformance;

  PreparedForkScenario(Rules rules) {
    this(rules, true);
  }

  /** With {@code conformance} false, the safety checks alone (see {@link ChannelChecks}). */
  PreparedForkScenario(Rules rules, boolean conformance) {
    this.rules = rules;
    this.conformance = conformance;
  }

  @Override
  public String name() {
    return "prepared-fork-" + rules.name();
  }

  static NodeId validator(int index) {
    return NodeId.of(CHANNEL + "-v" + index);
  }

  @Override
  public RunResult run(RandomGenerator.SplittableGenerator random) {
    return runKeepingBlocks(random).result();
  }

  /** A run and the block each validator holds at height 1 when the run stopped. */
  record Decided(RunResult result, TreeMap<NodeId, Block> firstBlocks) {}

  Decided runKeepingBlocks(RandomGenerator.SplittableGenerator random) {
    SimulatedSuite suite = new SimulatedSuite();
    World world =
        new World(
            random,
            new FaultPlan(LinkProfile.reliable().withDelay(1, random.nextLong(2, 31)), 0, 0));
    List<Signer> signers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Signer signer = suite.newSigner(random);
      signers.add(signer);
      validators.add(new Validator(i % 2 == 0 ? "bank-a" : "bank-b", signer.publicKey()));
    }
    ValidatorSet set = ValidatorSet.of(validators);
    Genesis genesis = new Genesis(CHANNEL, SuiteId.STANDARD, 0, 1, set, false);
    List<NodeId> nodes = new ArrayList<>();
    List<Signer> ordered = new ArrayList<>();
    TreeMap<Hash, NodeId> byFingerprint = new TreeMap<>();
    for (Validator validator : set.validators()) {
      for (Signer signer : signers) {
        if (signer.publicKey().equals(validator.key())) {
          NodeId node = validator(nodes.size() + 1);
          nodes.add(node);
          ordered.add(signer);
          byFingerprint.put(validator.fingerprint(), node);
        }
      }
    }
    Signer client = suite.newSigner(random);
    TreeMap<Hash, PublicKey> clientKeys = new TreeMap<>();
    clientKeys.put(suite.fingerprint(client.publicKey()), client.publicKey());
    ChannelSpec spec =
        new ChannelSpec(
            genesis, ChannelScenarios.CONFIG, rules, suite, nodes, byFingerprint, clientKeys);
    for (int i = 0; i < 4; i++) {
      Signer signer = ordered.get(i);
      world.addNode(
          nodes.get(i), CHANNEL, node -> new ValidatorProcess(spec, signer, new LosesScripted()));
    }
    long gapMsMax = random.nextLong(20, 400);
    world.addNode(
        NodeId.of(CHANNEL + "-client"),
        CHANNEL,
        node -> new ChannelClient(spec, client, END_MS, gapMsMax));
    world.addInvariant(new ChannelChecks(spec, conformance));
    world.addInvariant(DurabilityInvariants.syncBeforeSend());
    world.addInvariant(new CutOffOnceFinal(world, validator(2)));
    RunResult result = world.runUntil(END_MS);
    TreeMap<NodeId, Block> firstBlocks = new TreeMap<>();
    for (NodeId node : nodes) {
      ChannelScenarios.honest(world, node)
          .filter(v -> v.ledger().height() >= 1)
          .ifPresent(v -> firstBlocks.put(node, v.ledger().block(1).block()));
    }
    return new Decided(result, firstBlocks);
  }

  /**
   * The omission schedule above, applied where the message leaves (an honest validator: it only
   * loses messages, it never changes one).
   */
  static final class LosesScripted implements Conduct {
    @Override
    public List<Message> outgoing(Context context, NodeId to, Message message) {
      return delivered(context.self(), to, message) ? List.of(message) : List.of();
    }

    static boolean delivered(NodeId from, NodeId to, Message message) {
      if (message.height() != 1) {
        return true;
      }
      MessageType type = message.type();
      int round = message.round();
      if (round == 0 && type == MessageType.PREPARE) {
        return to.equals(validator(1));
      }
      if (round == 0 && type == MessageType.COMMIT) {
        return false;
      }
      if (round == 1 && type == MessageType.ROUND_CHANGE) {
        return !from.equals(validator(1));
      }
      if (round == 1 && type == MessageType.PREPARE) {
        return !to.equals(validator(1));
      }
      if (round == 1 && type == MessageType.COMMIT) {
        return to.equals(validator(2));
      }
      return true;
    }
  }

  /**
   * Partitions {@code node} off the moment it has a final block, before its announcement arrives (a
   * partition drops messages at arrival too). Never rejects: it is the adversary, not a check.
   */
  static final class CutOffOnceFinal implements io.entente.simulation.world.Invariant {
    private final World world;
    private final NodeId node;
    private boolean cut;

    CutOffOnceFinal(World world, NodeId node) {
      this.world = world;
      this.node = node;
    }

    @Override
    public Check afterEvent(
        io.entente.simulation.world.WorldView view,
        List<io.entente.simulation.world.Observation> observations) {
      if (!cut
          && ChannelScenarios.honest(view, node).map(v -> v.ledger().height()).orElse(0L) >= 1) {
        cut = true;
        world.at(
            view.nowMs(),
            "cut-off-" + node.name(),
            w -> w.network().partition("cut", List.of(node)));
      }
      return Check.accepted();
    }
  }
}
