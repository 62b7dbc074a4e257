package io.entente.node.runtime;

import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Parties;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.Parameters;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Role;
import io.entente.node.api.ApiServer;
import io.entente.node.api.NodeMetrics;
import io.entente.node.api.RequestSigner;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

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
   * The application each channel runs: governance on the governance channel, co-lending on every
   * bilateral channel, with the channel's {@link #parties}.
   */
  static Function<Genesis, Application> applications(
      NodeConfig config, CryptoSuite suite, long nowMs) {
    SortedMap<Hash, NodeConfig.ClientCertificate> clients = config.clientCertificates(nowMs);
    TreeMap<Hash, String> institutions = new TreeMap<>();
    TreeMap<Hash, io.entente.core.pki.Revocation> names = new TreeMap<>();
    clients.forEach(
        (id, client) -> {
          institutions.put(id, client.institution());
          names.put(id, client.name());
        });
    GovernanceGenesis governance = config.governanceGenesis();
    return genesis ->
        genesis.channel().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)
            ? new GovernanceApplication(
                governance,
                Parameters.defaults(),
                ConsortiumSpec.GOVERNANCE_CHANNEL,
                institutions,
                names)
            : new ColendingApplication(suite, parties(governance, genesis.channel(), clients));
  }

  /**
   * Who the bilateral channel's lead and partner are and which client certificates speak for them,
   * from the governance genesis: the channel's definition names its member institutions, and each
   * member's registered role says which is the lead and which the partner (a witness member holds
   * no loans and signs no co-lending requests). Only certificates of those two institutions are
   * given, so a client of a third bank is refused by the application as an unknown submitter.
   *
   * @throws IllegalStateException if the channel is not defined, or does not have exactly one lead
   *     and one partner among its members
   */
  static Parties parties(
      GovernanceGenesis governance,
      String channel,
      SortedMap<Hash, NodeConfig.ClientCertificate> clients) {
    ChannelDefinition definition =
        governance
            .channel(channel)
            .orElseThrow(
                () -> new IllegalStateException("channel " + channel + " is not in governance"));
    List<String> leads = new ArrayList<>();
    List<String> partners = new ArrayList<>();
    for (String institution : definition.members()) {
      Role role =
          governance
              .member(institution)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "channel " + channel + " names " + institution + ", not a member"))
              .role();
      if (role == Role.LEAD) {
        leads.add(institution);
      } else if (role == Role.PARTNER) {
        partners.add(institution);
      }
    }
    if (leads.size() != 1 || partners.size() != 1) {
      throw new IllegalStateException(
          "channel "
              + channel
              + " needs one lead and one partner, its members have leads "
              + leads
              + " and partners "
              + partners);
    }
    String lead = leads.get(0);
    String partner = partners.get(0);
    TreeMap<Hash, String> certificates = new TreeMap<>();
    clients.forEach(
        (id, client) -> {
          if (client.institution().equals(lead) || client.institution().equals(partner)) {
            certificates.put(id, client.institution());
          }
        });
    return new Parties(lead, partner, certificates);
  }

  /** Checks the configuration's files, then starts the node and its API. */
  public static RunningNode start(NodeConfig config, ConsensusConfig consensus) throws Exception {
    return start(config, consensus, Clock.systemUTC());
  }

  /**
   * As {@link #start(NodeConfig, ConsensusConfig)}, with {@code clock} in place of the system clock
   * everywhere the node reads time (block timestamps, deadlines, request validity, tokens, the
   * dashboard). For tests that run business days in seconds; every node of a channel must read the
   * same clock.
   */
  public static RunningNode start(NodeConfig config, ConsensusConfig consensus, Clock clock)
      throws Exception {
    long now = clock.millis();
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
                RuntimeProbe.NONE),
            clock::millis);
    ScheduledFuture<?> publishing = null;
    try {
      publishing = bridge.publishEvery(node);
      RuntimeBackend backend =
          new RuntimeBackend(node, node.clients(), RequestSigner.fromConfig(config));
      ApiServer api =
          ApiServer.fromConfig(
              config,
              backend,
              metrics,
              clock,
              users ->
                  new io.entente.node.ui.UiHandler(
                      users, backend, clock, new java.security.SecureRandom()));
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
