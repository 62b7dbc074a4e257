package io.entente.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.entente.app.governance.Change;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.GovernanceRequests;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.app.StateView;
import io.entente.consensus.app.WriteSet;
import io.entente.consensus.ledger.LedgerApplication;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.GovernanceView;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Revocation;
import io.entente.node.FreePorts;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import io.entente.node.p2p.PeerId;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance decisions reach a bilateral channel through the relay and the ledger's import path, on
 * four real nodes (mutual TLS on loopback, RocksDB): a validator change takes effect at the same
 * height on every node and the channel keeps committing with the new set; a revocation refuses the
 * revoked submitter's later transactions; a node whose certificate is revoked by vote is cut off by
 * every other node before it applies its next block. The governance channel runs a stand-in that
 * turns a "decide" transaction into the next numbered decision, as the governance application's
 * votes will.
 */
class GovernanceImportClusterTest {
  private static final String LEAD = "lead-bank";
  private static final String PARTNER = "partner-a";
  private static final String BILATERAL = LEAD + "--" + PARTNER;
  private static final long DEADLINE_MS = 60_000;
  private static final ConsensusConfig FAST =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 50, 1_000, 5_000);
  private static final Revocation GATEWAY_NAME =
      new Revocation("CN=Lead gateway CA,O=Lead", BigInteger.valueOf(7));

  @TempDir Path folder;
  private final CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
  private final Signer gateway = TestKeys.signer(SuiteId.STANDARD, 77);
  private final TreeMap<String, Node> nodes = new TreeMap<>();
  private int made;

  /**
   * Numbers each "decide" transaction's decision (its payload, renumbered) in state, and asks for
   * the next block at once so the decision's receipt is committed.
   */
  private static final class DecidingApplication implements Application {
    private static final Bytes COUNT = Bytes.of(new byte[] {'n'});
    private final CryptoSuite suite;

    DecidingApplication(CryptoSuite suite) {
      this.suite = suite;
    }

    @Override
    public String name() {
      return "governance";
    }

    @Override
    public Check admit(StateView state, Transaction transaction) {
      try {
        GovernanceDecision.CODEC.decode(transaction.body().payload());
        return Check.accepted();
      } catch (CodecException e) {
        return Check.rejected("not-a-decision", e.getMessage());
      }
    }

    @Override
    public BlockResult execute(
        StateView state, BlockContext context, List<Transaction> transactions) {
      long count =
          state
              .get(COUNT)
              .map(
                  b ->
                      Long.parseLong(
                          new String(b.toByteArray(), java.nio.charset.StandardCharsets.UTF_8)))
              .orElse(0L);
      List<Receipt> receipts = new ArrayList<>();
      for (int index = 0; index < transactions.size(); index++) {
        Transaction transaction = transactions.get(index);
        GovernanceDecision asked = GovernanceDecision.CODEC.decode(transaction.body().payload());
        GovernanceDecision decided = new GovernanceDecision(++count, asked.effect());
        receipts.add(
            new Receipt(
                transaction.id(suite),
                index,
                Receipt.Status.ACCEPTED,
                "",
                "decided",
                GovernanceDecision.CODEC.encode(decided)));
      }
      return new BlockResult(
          receipts,
          List.of(),
          new WriteSet(
              List.of(
                  new WriteSet.Write(
                      COUNT,
                      Optional.of(
                          Bytes.of(
                              Long.toString(count)
                                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)))))),
          // A decision's receipt is committed by the next header: ask for that block at once, as
          // the governance application does, or an idle governance chain would hold it back.
          transactions.isEmpty()
              ? OptionalLong.empty()
              : OptionalLong.of(context.timestampMs() + 1));
    }

    @Override
    public QueryResult query(StateView state, Caller caller, Bytes request) {
      return new QueryResult(Check.rejected("no-queries", "none"), Bytes.EMPTY);
    }
  }

  private List<Path> writeConsortium() throws Exception {
    Path consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD, List.of(PARTNER), 2, SuiteId.STANDARD, FreePorts.block(8), "127.0.0.1")
            .withKeyIterations(NodeClusterTest.TEST_KEY_ITERATIONS),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    List<Path> configs = new ArrayList<>();
    for (String institution : List.of(LEAD, PARTNER)) {
      for (int n = 1; n <= 2; n++) {
        configs.add(
            consortium
                .resolve(institution)
                .resolve(Layout.nodeFolder(n))
                .resolve(Layout.NODE_CONFIG));
      }
    }
    return configs;
  }

  private void start(Path config) {
    start(config, false);
  }

  private void start(Path config, boolean realGovernance) {
    start(config, realGovernance, RuntimeProbe.NONE, P2pListener.NONE);
  }

  /** Starts a node whose governance channel runs the stand-in, or the real application. */
  private void start(
      Path config, boolean realGovernance, RuntimeProbe probe, P2pListener listener) {
    NodeConfig loaded = NodeConfig.load(config);
    TreeMap<Hash, ClientDirectory.Client> clients = new TreeMap<>();
    loaded
        .clientCertificates(System.currentTimeMillis())
        .forEach(
            (id, client) ->
                clients.put(
                    id,
                    new ClientDirectory.Client(client.institution(), client.key(), client.name())));
    clients.put(
        suite.fingerprint(gateway.publicKey()),
        new ClientDirectory.Client(LEAD, gateway.publicKey(), GATEWAY_NAME));
    Node node =
        Node.start(
            loaded,
            new Node.Services(
                realGovernance
                    ? RunningNode.applications(loaded, suite, System.currentTimeMillis())
                    : genesis ->
                        genesis.channel().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)
                            ? new DecidingApplication(suite)
                            : new CounterApplication(suite),
                ClientDirectory.of(clients),
                FAST,
                NodeEvents.NONE,
                listener,
                probe));
    nodes.put(loaded.nodeId(), node);
  }

  @AfterEach
  void stopAll() {
    nodes.values().forEach(Node::close);
    nodes.clear();
  }

  private Transaction signed(String channel, String application, String type, Bytes payload) {
    long now = System.currentTimeMillis();
    TxBody body =
        new TxBody(
            channel,
            application,
            type,
            payload,
            suite.fingerprint(gateway.publicKey()),
            "gateway-" + made++,
            now - 60_000,
            now + 3_600_000);
    return Transaction.sign(suite, gateway, body);
  }

  private ChannelRuntime.Admission submit(String channel, Transaction transaction) {
    return nodes
        .firstEntry()
        .getValue()
        .channel(channel)
        .orElseThrow()
        .submit(List.of(transaction), 10_000)
        .get(0);
  }

  private void decide(GovernanceDecision.Effect effect) {
    Transaction decide =
        signed(
            ConsortiumSpec.GOVERNANCE_CHANNEL,
            "governance",
            "decide",
            GovernanceDecision.CODEC.encode(new GovernanceDecision(1, effect)));
    assertThat(submit(ConsortiumSpec.GOVERNANCE_CHANNEL, decide))
        .isInstanceOf(ChannelRuntime.Admission.Accepted.class);
  }

  private Transaction counter() {
    return signed(
        BILATERAL,
        CounterApplication.NAME,
        CounterApplication.ADD,
        CounterApplication.payload("k", 1));
  }

  private long imported(Node node) {
    return node.channel(BILATERAL)
        .orElseThrow()
        .store()
        .get(LedgerApplication.viewKey())
        .map(GovernanceView.CODEC::decode)
        .map(GovernanceView::lastSequence)
        .orElse(0L);
  }

  private static void await(String what, BooleanSupplier condition) {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE_MS + " ms: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  @Test
  void aValidatorDecisionAndARevocationReachTheBilateralChannelOnEveryNode() throws Exception {
    writeConsortium().forEach(this::start);
    ChannelRuntime bilateral = nodes.firstEntry().getValue().channel(BILATERAL).orElseThrow();
    ValidatorSet before = bilateral.store().genesis().validators();
    List<Validator> kept = new ArrayList<>(before.validators());
    Validator dropped =
        kept.stream().filter(v -> v.institution().equals(PARTNER)).findFirst().orElseThrow();
    kept.remove(dropped);
    ValidatorSet after = ValidatorSet.of(kept);

    decide(new GovernanceDecision.ChannelValidators(BILATERAL, after));
    await(
        "decision 1 imported on all four nodes",
        () -> nodes.values().stream().allMatch(node -> imported(node) == 1));
    for (Node node : nodes.values()) {
      assertThat(node.channel(BILATERAL).orElseThrow().store().nextValidators())
          .as(node.config().nodeId())
          .isEqualTo(after);
    }

    Transaction record = counter();
    assertThat(submit(BILATERAL, record)).isInstanceOf(ChannelRuntime.Admission.Accepted.class);
    await(
        "a record final on all four with three validators",
        () ->
            nodes.values().stream()
                .allMatch(
                    node ->
                        node.channel(BILATERAL)
                            .orElseThrow()
                            .store()
                            .transaction(record.id(suite))
                            .isPresent()));

    decide(new GovernanceDecision.Revoke(GATEWAY_NAME));
    await(
        "decision 2 imported on all four nodes",
        () -> nodes.values().stream().allMatch(node -> imported(node) == 2));
    ChannelRuntime.Admission refused = submit(BILATERAL, counter());
    assertThat(refused).isInstanceOf(ChannelRuntime.Admission.Rejected.class);
    assertThat(((ChannelRuntime.Admission.Rejected) refused).reason())
        .isEqualTo(LedgerApplication.SUBMITTER_REVOKED);
  }

  /** A governance request of {@code user} at {@code node}'s bank, signed with its client key. */
  private Transaction request(Node node, String type, String user, Bytes content) {
    NodeConfig config = node.config();
    long now = System.currentTimeMillis();
    TxBody body =
        new TxBody(
            ConsortiumSpec.GOVERNANCE_CHANNEL,
            "governance",
            type,
            new UserRequestPayload(user, "approver", content).encode(),
            config.clientCertificate().orElseThrow().id(suite.id()),
            "governance-" + made++,
            now - 60_000,
            now + 3_600_000);
    return Transaction.sign(suite, config.clientSigner().orElseThrow(), body);
  }

  /** Submits to the governance channel at {@code node} and returns the receipt once final there. */
  private Receipt governed(Node node, Transaction transaction) {
    ChannelRuntime governance = node.channel(ConsortiumSpec.GOVERNANCE_CHANNEL).orElseThrow();
    assertThat(governance.submit(List.of(transaction), 10_000).get(0))
        .isInstanceOf(ChannelRuntime.Admission.Accepted.class);
    await(
        "final on the governance channel",
        () -> governance.store().transaction(transaction.id(suite)).isPresent());
    var location = governance.store().transaction(transaction.id(suite)).orElseThrow();
    return governance.store().receipts(location.height()).orElseThrow().get(location.index());
  }

  @Test
  void aRevocationBothBanksVoteForReachesTheBilateralChannel() throws Exception {
    for (Path config : writeConsortium()) {
      start(config, true);
    }
    Node lead = nodes.get(LEAD + "-node-1");
    Node partner = nodes.get(PARTNER + "-node-1");

    Receipt proposed =
        governed(
            lead,
            request(
                lead,
                GovernanceApplication.PROPOSE,
                "lead-maker",
                GovernanceRequests.propose(new Change.RevokeCertificate(GATEWAY_NAME))));
    long proposal = GovernanceRequests.decodeOutcome(proposed.result()).proposalId();
    governed(
        lead,
        request(
            lead,
            GovernanceApplication.VOTE,
            "lead-checker",
            GovernanceRequests.vote(proposal, true)));
    Receipt decided =
        governed(
            partner,
            request(
                partner,
                GovernanceApplication.VOTE,
                "partner-checker",
                GovernanceRequests.vote(proposal, true)));
    GovernanceDecision decision = GovernanceDecision.CODEC.decode(decided.result());
    assertThat(decision.effect()).isEqualTo(new GovernanceDecision.Revoke(GATEWAY_NAME));

    await(
        "the voted revocation imported on all four nodes",
        () -> nodes.values().stream().allMatch(node -> imported(node) == decision.sequence()));
    ChannelRuntime.Admission refused = submit(BILATERAL, attestation());
    assertThat(((ChannelRuntime.Admission.Rejected) refused).reason())
        .isEqualTo(LedgerApplication.SUBMITTER_REVOKED);
  }

  /**
   * What one node did, in order, as its channel threads and p2p layer report it: blocks applied
   * (stored and executed), those among them that carry the revocation under test, frames of the
   * revoked peer handed to a channel, and sessions marked revoked.
   */
  private record Event(String kind, String channel, long height, PeerId peer) {}

  private static final class EventLog implements RuntimeProbe, P2pListener {
    private final List<Event> events = new ArrayList<>();
    private final PeerId watched;

    EventLog(PeerId watched) {
      this.watched = watched;
    }

    synchronized void add(Event event) {
      events.add(event);
    }

    synchronized List<Event> snapshot() {
      return List.copyOf(events);
    }

    @Override
    public void committed(String channel, long height) {
      add(new Event("committed", channel, height, null));
    }

    @Override
    public void delivered(String channel, PeerId from) {
      if (from.equals(watched)) {
        add(new Event("delivered", channel, 0, from));
      }
    }

    @Override
    public void sessionRevoked(PeerId peer, String detail) {
      add(new Event("session-revoked", "", 0, peer));
    }

    int indexOf(Predicate<Event> match) {
      List<Event> now = snapshot();
      for (int i = 0; i < now.size(); i++) {
        if (match.test(now.get(i))) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * The acceptance point of governance (issue 8): a node's TLS certificate revoked by vote. On an
   * observing node, the block that decides the revocation is applied, then the session with the
   * revoked node is marked (no frame of it handed to a channel from then on) and closing, and only
   * then the next block is applied; the same holds in the bilateral channel that imports the
   * decision. The three remaining validators of four keep committing.
   */
  @Test
  void aRevokedNodeIsCutOffBeforeTheNextBlockAndTheChannelKeepsCommitting() throws Exception {
    List<Path> configs = writeConsortium();
    String observerId = LEAD + "-node-1";
    String targetId = PARTNER + "-node-2";
    NodeConfig targetConfig =
        configs.stream()
            .map(NodeConfig::load)
            .filter(config -> config.nodeId().equals(targetId))
            .findFirst()
            .orElseThrow();
    PeerId target =
        new PeerId(PARTNER, suite.fingerprint(targetConfig.nodeIdentity().key().publicKey()));
    io.entente.core.pki.Certificate targetCertificate = targetConfig.nodeIdentity().leaf();
    Revocation revocation = Revocation.of(targetCertificate);
    EventLog log = new EventLog(target);
    for (Path config : configs) {
      boolean observer = NodeConfig.load(config).nodeId().equals(observerId);
      start(config, true, observer ? log : RuntimeProbe.NONE, observer ? log : P2pListener.NONE);
    }
    Node observer = nodes.get(observerId);
    assertThat(nodes.get(targetId).self()).isEqualTo(target);
    // Runs on each channel's thread after the node's own listener, so after its revocation path.
    for (ChannelRuntime channel : observer.channels().values()) {
      channel.addCommitListener(
          (block, executed) -> {
            if (Node.revocations(channel.channel(), block, executed).contains(revocation)) {
              log.add(
                  new Event("carries", channel.channel(), block.block().header().height(), null));
            }
          });
    }
    await(
        "the observer connected with the node to revoke",
        () -> observer.connectedPeers().contains(target));

    Node lead = observer;
    Node partner = nodes.get(PARTNER + "-node-1");
    Receipt proposed =
        governed(
            lead,
            request(
                lead,
                GovernanceApplication.PROPOSE,
                "lead-maker",
                GovernanceRequests.propose(new Change.RevokeCertificate(revocation))));
    long proposal = GovernanceRequests.decodeOutcome(proposed.result()).proposalId();
    governed(
        lead,
        request(
            lead,
            GovernanceApplication.VOTE,
            "lead-checker",
            GovernanceRequests.vote(proposal, true)));
    Receipt decided =
        governed(
            partner,
            request(
                partner,
                GovernanceApplication.VOTE,
                "partner-checker",
                GovernanceRequests.vote(proposal, true)));
    GovernanceDecision decision = GovernanceDecision.CODEC.decode(decided.result());
    assertThat(decision.effect()).isEqualTo(new GovernanceDecision.Revoke(revocation));

    ChannelRuntime governance = observer.channel(ConsortiumSpec.GOVERNANCE_CHANNEL).orElseThrow();
    await(
        "the observer applied the deciding block",
        () -> governance.store().transaction(decided.txId()).isPresent());
    long decidedAt = governance.store().transaction(decided.txId()).orElseThrow().height();
    await(
        "the observer applied the block after it",
        () -> governance.store().height() >= decidedAt + 1);

    List<Event> events = log.snapshot();
    int applied =
        log.indexOf(
            e ->
                e.kind().equals("committed")
                    && e.channel().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)
                    && e.height() == decidedAt);
    int next =
        log.indexOf(
            e ->
                e.kind().equals("committed")
                    && e.channel().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)
                    && e.height() == decidedAt + 1);
    int cutOff = log.indexOf(e -> e.kind().equals("session-revoked") && target.equals(e.peer()));
    assertThat(events)
        .as("the deciding block is reported as carrying the revocation")
        .contains(new Event("carries", ConsortiumSpec.GOVERNANCE_CHANNEL, decidedAt, null));
    assertThat(applied).as("block %d applied", decidedAt).isNotNegative();
    // The first block carrying the revocation this node applied: the deciding one, or (should the
    // bilateral channel import the decision before this node's governance channel applied it) the
    // importing one. The session is cut off after it was applied, in its commit path.
    Event first = events.stream().filter(e -> e.kind().equals("carries")).findFirst().orElseThrow();
    int firstApplied =
        events.indexOf(new Event("committed", first.channel(), first.height(), null));
    assertThat(cutOff)
        .as("the session of %s marked revoked after %s was applied", target, first)
        .isGreaterThan(firstApplied)
        .isLessThan(events.indexOf(first));
    assertThat(firstApplied).isLessThanOrEqualTo(applied);
    assertThat(next)
        .as("block %d applied after the session was cut off", decidedAt + 1)
        .isGreaterThan(cutOff);
    assertNoFrameAfter(events, ConsortiumSpec.GOVERNANCE_CHANNEL, applied, target);
    assertThat(observer.trustStore().isRevoked(targetCertificate)).isTrue();
    assertThat(observer.connectedPeers()).doesNotContain(target);

    // The channels keep committing with the three other validators of four.
    Receipt after =
        governed(
            lead,
            request(
                lead,
                GovernanceApplication.PROPOSE,
                "lead-maker",
                GovernanceRequests.propose(new Change.RevokeCertificate(GATEWAY_NAME))));
    assertThat(after.status()).isEqualTo(Receipt.Status.ACCEPTED);
    for (Node node : nodes.values()) {
      if (!node.config().nodeId().equals(targetId)) {
        await(
            node.config().nodeId() + " applied the proposal after the revocation",
            () ->
                node.channel(ConsortiumSpec.GOVERNANCE_CHANNEL)
                    .orElseThrow()
                    .store()
                    .transaction(after.txId())
                    .isPresent());
      }
    }
    await(
        "the revocation imported into the bilateral channel on the three other nodes",
        () ->
            nodes.values().stream()
                .filter(node -> !node.config().nodeId().equals(targetId))
                .allMatch(node -> imported(node) >= decision.sequence()));
    // Wherever a block carrying the revocation was applied, no frame of the revoked node was
    // handed to that channel afterwards, and its session was cut off before the next block.
    List<Event> all = log.snapshot();
    for (Event carries : all.stream().filter(e -> e.kind().equals("carries")).toList()) {
      int at = all.indexOf(new Event("committed", carries.channel(), carries.height(), null));
      assertThat(at).as("%s applied", carries).isNotNegative();
      assertThat(cutOff).as("cut off no later than %s", carries).isLessThan(all.indexOf(carries));
      assertNoFrameAfter(all, carries.channel(), at, target);
    }
  }

  private static void assertNoFrameAfter(
      List<Event> events, String channel, int from, PeerId peer) {
    for (int i = from + 1; i < events.size(); i++) {
      Event event = events.get(i);
      assertThat(event.kind().equals("delivered") && event.channel().equals(channel))
          .as(
              "a frame of %s handed to '%s' after the revocation was applied: %s",
              peer, channel, event)
          .isFalse();
    }
  }

  /** A co-lending attestation by the gateway, for the channel that now runs co-lending. */
  private Transaction attestation() {
    io.entente.node.traffic.ColendingTraffic traffic =
        new io.entente.node.traffic.ColendingTraffic(
            suite,
            BILATERAL,
            new io.entente.node.traffic.ColendingTraffic.Bank(
                LEAD, gateway, suite.fingerprint(gateway.publicKey())),
            new io.entente.node.traffic.ColendingTraffic.Bank(
                PARTNER, gateway, suite.fingerprint(gateway.publicKey())),
            "AGR-1",
            "g",
            io.entente.node.traffic.ColendingTraffic.shanghaiDay(System.currentTimeMillis()));
    return traffic.attest(traffic.lead(), traffic.records(0, 1), System.currentTimeMillis());
  }
}
