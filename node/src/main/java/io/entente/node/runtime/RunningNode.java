package io.entente.node.runtime;

import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.Parameters;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.CounterApplication;
import io.entente.core.crypto.CryptoSuite;
import io.entente.node.api.ApiServer;
import io.entente.node.api.NodeMetrics;
import io.entente.node.api.RequestSigner;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;

/**
 * A whole node as {@code entente node start} runs it: the channels and p2p network ({@link Node}),
 * the metrics they feed, and the HTTPS API over them. {@link #close} stops the API first (no new
 * requests), then the node (channels drain, logs and stores close).
 */
public final class RunningNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RunningNode.class.getName());

  private final Node node;
  private final ApiServer api;
  private final ScheduledFuture<?> publishing;

  private RunningNode(Node node, ApiServer api, ScheduledFuture<?> publishing) {
    this.node = node;
    this.api = api;
    this.publishing = publishing;
  }

  /**
   * The application each channel runs: governance on the governance channel; the counter test
   * application on the bilateral channels until the co-lending application is wired in
   * (docs/node.md).
   */
  static java.util.function.Function<
          io.entente.core.chain.Genesis, io.entente.consensus.app.Application>
      applications(NodeConfig config, CryptoSuite suite, long nowMs) {
    java.util.TreeMap<io.entente.core.bytes.Hash, String> institutions = new java.util.TreeMap<>();
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
            : new CounterApplication(suite);
  }

  /** Checks the configuration's files, then starts the node and its API. */
  public static RunningNode start(NodeConfig config, ConsensusConfig consensus) throws Exception {
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
                consensus,
                bridge,
                P2pListener.NONE,
                RuntimeProbe.NONE));
    ScheduledFuture<?> publishing = null;
    try {
      publishing = bridge.publishEvery(node);
      RuntimeBackend backend = new RuntimeBackend(node, clients, RequestSigner.fromConfig(config));
      ApiServer api =
          ApiServer.fromConfig(
              config,
              backend,
              metrics,
              Clock.systemUTC(),
              users ->
                  new io.entente.node.ui.UiHandler(
                      users, backend, Clock.systemUTC(), new java.security.SecureRandom()));
      LOG.log(
          System.Logger.Level.INFO,
          "node "
              + config.nodeId()
              + " serves its API on https://"
              + config.api().host()
              + ":"
              + api.port());
      return new RunningNode(node, api, publishing);
    } catch (Exception | Error e) {
      if (publishing != null) {
        publishing.cancel(false);
      }
      node.close();
      throw e;
    }
  }

  public Node node() {
    return node;
  }

  public int apiPort() {
    return api.port();
  }

  @Override
  public void close() {
    try {
      api.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing the API failed: " + e.getMessage(), e);
    }
    publishing.cancel(false);
    node.close();
  }
}
