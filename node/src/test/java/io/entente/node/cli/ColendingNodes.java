package io.entente.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Parties;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.Parameters;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.StateView;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.api.ApiServer;
import io.entente.node.api.NodeMetrics;
import io.entente.node.api.RequestSigner;
import io.entente.node.auth.PasswordHash;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import io.entente.node.runtime.ClientDirectory;
import io.entente.node.runtime.MetricsBridge;
import io.entente.node.runtime.Node;
import io.entente.node.runtime.RuntimeBackend;
import io.entente.node.runtime.RuntimeProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * Two real in-process nodes, one per bank (lead-bank, partner-a), with p2p, storage, consensus and
 * the HTTPS API, whose bilateral channel runs the co-lending application; the governance channel
 * runs governance. Written with public node parts only, because {@code RunningNode} still gives
 * bilateral channels the counter test application.
 *
 * <p>The co-lending application sees block time as it is until the first block holding a {@code
 * day-close}; from that block on it sees block time plus one day. That is the only way a test can
 * close a business day before midnight: the application itself is unchanged, and every validator
 * shifts at the same block, so they stay in agreement.
 */
final class ColendingNodes implements AutoCloseable {
  static final String LEAD = "lead-bank";
  static final String PARTNER = "partner-a";
  static final String CHANNEL = ConsortiumSpec.bilateralChannel(LEAD, PARTNER);
  static final String APPROVER = "approver";
  static final String APPROVER_PASSWORD = "approver-password-for-tests";

  private final Path consortium;
  private final List<Started> nodes = new ArrayList<>();

  private record Started(Node node, ApiServer api, ScheduledFuture<?> publishing) {}

  private ColendingNodes(Path consortium) {
    this.consortium = consortium;
  }

  static ColendingNodes start(Path folder) throws Exception {
    Path consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD, List.of(PARTNER), 1, SuiteId.STANDARD, FreePorts.block(4), "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    ColendingNodes nodes = new ColendingNodes(consortium);
    try {
      for (String institution : List.of(LEAD, PARTNER)) {
        NodeConfig config = NodeConfig.load(nodes.home(institution).resolve(Layout.NODE_CONFIG));
        addApprover(config.usersFile());
        nodes.nodes.add(startNode(config));
      }
    } catch (Exception | Error e) {
      nodes.close();
      throw e;
    }
    return nodes;
  }

  Path home(String institution) {
    return consortium.resolve(institution).resolve(Layout.nodeFolder(1));
  }

  /** The credentials file `entente init` wrote for the institution (admin and gateway). */
  Path credentials(String institution) {
    return consortium.resolve(institution).resolve(Layout.ADMIN_CREDENTIALS);
  }

  /** A user with the approver role, whom agreement-accept needs. */
  private static void addApprover(Path usersFile) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode users = (ObjectNode) json.readTree(usersFile.toFile());
    ObjectNode approver = ((ArrayNode) users.get("users")).addObject();
    approver.put("username", APPROVER);
    approver.putArray("roles").add("viewer").add("approver");
    approver.put(
        "passwordHash",
        PasswordHash.create(APPROVER_PASSWORD.toCharArray(), new SecureRandom(), 1_000).text());
    Files.writeString(usersFile, json.writerWithDefaultPrettyPrinter().writeValueAsString(users));
  }

  private static Started startNode(NodeConfig config) throws Exception {
    long now = System.currentTimeMillis();
    config.validate(now);
    CryptoSuite suite = CryptoSuite.of(config.suite());
    NodeMetrics metrics = NodeMetrics.create();
    MetricsBridge bridge = new MetricsBridge(metrics);
    ClientDirectory clients = ClientDirectory.fromConfig(config, now);
    Node node =
        Node.start(
            config,
            new Node.Services(
                applications(config, suite, now),
                clients,
                ConsensusConfig.DEFAULT,
                bridge,
                P2pListener.NONE,
                RuntimeProbe.NONE));
    ScheduledFuture<?> publishing = null;
    try {
      publishing = bridge.publishEvery(node);
      RuntimeBackend backend = new RuntimeBackend(node, clients, RequestSigner.fromConfig(config));
      return new Started(
          node, ApiServer.fromConfig(config, backend, metrics, Clock.systemUTC()), publishing);
    } catch (Exception | Error e) {
      if (publishing != null) {
        publishing.cancel(false);
      }
      node.close();
      throw e;
    }
  }

  private static Function<Genesis, Application> applications(
      NodeConfig config, CryptoSuite suite, long nowMs) {
    TreeMap<Hash, String> institutions = new TreeMap<>();
    config
        .clientCertificates(nowMs)
        .forEach((id, client) -> institutions.put(id, client.institution()));
    return genesis ->
        genesis.channel().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)
            ? new GovernanceApplication(
                config.governanceGenesis(),
                Parameters.defaults(),
                ConsortiumSpec.GOVERNANCE_CHANNEL,
                institutions)
            : new DayAfterClose(
                new ColendingApplication(
                    suite, new Parties(LEAD, PARTNER, new TreeMap<>(institutions))));
  }

  /** The co-lending application, one day later from the first block with a day-close on. */
  static final class DayAfterClose implements Application {
    static final long DAY_MS = 24L * 60 * 60 * 1000;
    private final Application inner;
    private long shiftMs;

    DayAfterClose(Application inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Check admit(StateView state, Transaction transaction) {
      return inner.admit(state, transaction);
    }

    @Override
    public BlockResult execute(
        StateView state, BlockContext context, List<Transaction> transactions) {
      if (transactions.stream()
          .anyMatch(t -> t.body().type().equals(ColendingApplication.DAY_CLOSE))) {
        shiftMs = DAY_MS;
      }
      BlockResult result =
          inner.execute(
              state,
              new BlockContext(
                  context.channel(), context.height(), context.timestampMs() + shiftMs),
              transactions);
      OptionalLong deadline = result.nextDeadlineMs();
      return new BlockResult(
          result.receipts(),
          result.events(),
          result.writes(),
          deadline.isPresent() ? OptionalLong.of(deadline.getAsLong() - shiftMs) : deadline);
    }

    @Override
    public QueryResult query(StateView state, Caller caller, Bytes request) {
      return inner.query(state, caller, request);
    }
  }

  @Override
  public void close() {
    for (Started started : nodes) {
      try {
        started.api().close();
      } catch (Exception e) {
        // closing the rest matters more
      }
      started.publishing().cancel(false);
      started.node().close();
    }
  }
}
