package io.entente.node.runtime;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.ledger.LedgerApplication;
import io.entente.consensus.qbft.QbftSetup;
import io.entente.consensus.qbft.Rules;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.Validator;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Revocation;
import io.entente.node.api.RequestSigner;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.NodeIdentity;
import io.entente.node.p2p.P2pConfig;
import io.entente.node.p2p.P2pListener;
import io.entente.node.p2p.P2pNetwork;
import io.entente.node.p2p.PeerConfig;
import io.entente.node.p2p.PeerId;
import io.entente.node.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A running node: its p2p network, one {@link ChannelRuntime} per channel it is a member of, each
 * in its own directory under the data directory, and the timer thread they share. Built from a
 * {@link NodeConfig}; {@link #close} stops it cleanly (channels drain, logs and stores close).
 */
public final class Node implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Node.class.getName());

  private final NodeConfig config;
  private final PeerId self;
  private final ChannelRouter router;
  private final NodeEvents events;
  private final ScheduledExecutorService timers;
  private final SignatureWorkers signatures;
  private final Map<String, ChannelRuntime> channels = new LinkedHashMap<>();
  private final Map<String, PeerMembership> memberships = new LinkedHashMap<>();
  private volatile P2pNetwork network;
  private GovernanceRelay relay;
  private volatile GovernanceTrust trust;
  private volatile ClientDirectory configuredClients = id -> Optional.empty();

  /**
   * What a node needs besides its configuration: the application each channel runs, the client keys
   * transactions are checked against, the consensus timing, and where counts go.
   */
  public record Services(
      Function<Genesis, Application> applications,
      ClientDirectory clients,
      ConsensusConfig consensus,
      NodeEvents events,
      P2pListener p2pListener,
      RuntimeProbe probe) {}

  private Node(NodeConfig config, PeerId self, NodeEvents events) {
    this.config = config;
    this.self = self;
    this.router = new ChannelRouter(events);
    this.events = events;
    java.util.concurrent.ScheduledThreadPoolExecutor executor =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "timers-" + config.nodeId());
              thread.setDaemon(true);
              return thread;
            });
    // Replaced timers and finished commit waits leave the queue at once instead of at their time.
    executor.setRemoveOnCancelPolicy(true);
    this.timers = executor;
    this.signatures = SignatureWorkers.start(config.nodeId());
  }

  /** Opens every channel's storage, starts the channels, then the p2p network. */
  public static Node start(NodeConfig config, Services services) {
    return start(config, services, System::currentTimeMillis);
  }

  /**
   * As {@link #start(NodeConfig, Services)}, with the clock the channels and the governance relay
   * read (block timestamps, transaction windows, deadlines) in place of the system clock. For tests
   * that run business days in minutes: every node of a cluster must be given the same clock, which
   * may only move forward. The p2p layer keeps the system clock (certificate validity in TLS).
   */
  public static Node start(NodeConfig config, Services services, LongSupplier clockMs) {
    CryptoSuite suite = CryptoSuite.of(config.suite());
    NodeIdentity identity = config.nodeIdentity();
    Signer seal = config.sealSigner();
    PeerId self = new PeerId(config.institution(), suite.fingerprint(identity.key().publicKey()));
    Node node = new Node(config, self, services.events());
    node.configuredClients = services.clients();
    try {
      GovernanceGenesis governance = config.governanceGenesis();
      TreeMap<String, PeerConfig> peers = new TreeMap<>();
      for (NodeConfig.ChannelConfig channel : config.channels()) {
        Genesis genesis = config.genesis(channel.name());
        PeerMembership membership = membership(suite, self, channel, governance);
        ChannelRuntime runtime =
            new ChannelRuntime(
                new QbftSetup(genesis, services.consensus(), seal, Rules.CORRECT, suite),
                new LedgerApplication(
                    suite,
                    genesis.governance(),
                    services.applications().apply(genesis),
                    id -> node.clients().find(id).map(ClientDirectory.Client::name)),
                membership,
                self,
                id -> node.clients().find(id).map(ClientDirectory.Client::key),
                RuntimeLimits.SHELL,
                channelDirectory(config.dataDirectory(), channel.name()),
                node.router,
                node.timers,
                node.signatures,
                clockMs,
                services.events(),
                services.probe());
        runtime.addCommitListener(
            (block, executed) -> node.applyRevocations(runtime.channel(), block, executed));
        node.channels.put(channel.name(), runtime);
        node.memberships.put(channel.name(), membership);
        node.router.register(runtime, membership);
        for (NodeConfig.Peer peer : channel.peers()) {
          peers.putIfAbsent(peer.nodeId(), peer.peerConfig());
        }
      }
      // TLS trust follows the governance view when the node serves the governance channel;
      // otherwise it is the configuration's (its trust folder, read at every handshake).
      Supplier<io.entente.core.pki.TrustStore> trust = config::trustStore;
      ChannelRuntime governanceChannel = node.channels.get(ConsortiumSpec.GOVERNANCE_CHANNEL);
      if (governanceChannel != null) {
        node.trust =
            new GovernanceTrust(
                config.suite(),
                governanceChannel,
                config.trustStore(),
                governance.revocations(),
                config.nodeId());
        trust = node.trust::current;
      }
      node.network =
          P2pNetwork.start(
              P2pConfig.of(
                  config.suite(),
                  identity,
                  trust,
                  config.p2p().address(),
                  new ArrayList<>(peers.values())),
              node.router,
              new P2pListener() {
                @Override
                public void connected(
                    PeerId peer, io.entente.node.p2p.Direction direction, int version) {
                  node.router.connected(peer);
                  services.p2pListener().connected(peer, direction, version);
                }

                @Override
                public void disconnected(PeerId peer, String reason, String detail) {
                  services.p2pListener().disconnected(peer, reason, detail);
                }

                @Override
                public void refused(io.entente.node.p2p.Refusal refusal) {
                  services.p2pListener().refused(refusal);
                }

                @Override
                public void sessionRevoked(PeerId peer, String detail) {
                  services.p2pListener().sessionRevoked(peer, detail);
                }
              });
      node.router.attach(node.network);
      for (ChannelRuntime runtime : node.channels.values()) {
        runtime.refuseFramesOf(node.network::refusesFramesOf);
      }
      if (node.trust != null) {
        P2pNetwork network = node.network;
        node.trust.start(network::revalidate);
      }
      node.relay = relay(config, suite, node, clockMs).orElse(null);
      LOG.log(
          System.Logger.Level.INFO,
          "node "
              + config.nodeId()
              + " of "
              + config.institution()
              + " started: p2p on "
              + node.network.listenAddress()
              + ", channels "
              + node.channels.keySet());
      return node;
    } catch (java.io.IOException e) {
      node.close();
      throw new java.io.UncheckedIOException(
          "node " + config.nodeId() + " cannot listen on " + config.p2p().address(), e);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /**
   * On the channel's thread, after it stored and executed {@code block} and before its next task:
   * the revocations the block decided (the governance application's deciding vote) or imported (a
   * governance update) enter the TLS trust store, and the p2p layer drops every further frame of
   * the sessions they name and begins closing them (docs/p2p.md, "Trust follows governance"). No
   * network I/O, no query: a short lock and a pass over the live connections.
   */
  private void applyRevocations(
      String channel, CertifiedBlock block, ChannelLedger.Appended executed) {
    List<Revocation> revocations = revocations(channel, block, executed);
    if (revocations.isEmpty()) {
      return;
    }
    List<PeerId> revoked;
    try {
      GovernanceTrust governance = trust;
      if (governance != null) {
        governance.revoke(revocations);
      }
      P2pNetwork p2p = network;
      revoked = p2p == null ? List.of() : p2p.revoke(revocations);
    } catch (RuntimeException e) {
      // Never halt the channel for it: the periodic trust pass still follows governance.
      LOG.log(
          System.Logger.Level.ERROR,
          "channel '" + channel + "' could not apply the revocations " + revocations + ": " + e,
          e);
      return;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "channel '"
            + channel
            + "' applied "
            + revocations.size()
            + " revocation(s) at height "
            + block.block().header().height()
            + ": sessions of "
            + revoked
            + " refused and closing");
  }

  /**
   * The certificates a block revokes: the {@code Revoke} decisions in the accepted receipts of the
   * governance channel (its application is the governance application), and in those of governance
   * update transactions in any other channel (imported decisions). Other receipts' results are
   * never read as decisions.
   */
  static List<Revocation> revocations(
      String channel, CertifiedBlock block, ChannelLedger.Appended executed) {
    boolean governanceChannel = channel.equals(ConsortiumSpec.GOVERNANCE_CHANNEL);
    List<Transaction> transactions = block.block().transactions();
    List<Revocation> revocations = new ArrayList<>();
    for (Receipt receipt : executed.result().receipts()) {
      if (receipt.status() != Receipt.Status.ACCEPTED || receipt.result().length() == 0) {
        continue;
      }
      int index = receipt.index();
      boolean update =
          index >= 0
              && index < transactions.size()
              && GovernanceUpdate.isUpdate(transactions.get(index).body());
      if (!governanceChannel && !update) {
        continue;
      }
      try {
        if (GovernanceDecision.CODEC.decode(receipt.result()).effect()
            instanceof GovernanceDecision.Revoke revoke) {
          revocations.add(revoke.revocation());
        }
      } catch (CodecException e) {
        // a result of another kind (a proposal's outcome, say)
      }
    }
    return revocations;
  }

  /**
   * The client certificates transactions may be signed under: the configuration's (the node's
   * trust/clients folder, read at start), then those the governance state registered with members'
   * admissions, as of the latest governance view this node read (none when the node does not serve
   * the governance channel).
   */
  public ClientDirectory clients() {
    ClientDirectory configured = configuredClients;
    GovernanceTrust governance = trust;
    if (governance == null) {
      return configured;
    }
    ClientDirectory registered = governance.clients();
    return id -> {
      Optional<ClientDirectory.Client> found = configured.find(id);
      return found.isPresent() ? found : registered.find(id);
    };
  }

  /**
   * The relay of governance decisions into this node's importing channels, when the node serves the
   * governance channel and one such channel and holds its institution's client key.
   */
  private static Optional<GovernanceRelay> relay(
      NodeConfig config, CryptoSuite suite, Node node, LongSupplier clockMs) {
    ChannelRuntime governance = node.channels.get(ConsortiumSpec.GOVERNANCE_CHANNEL);
    Map<String, ChannelRuntime> targets = new TreeMap<>();
    for (ChannelRuntime runtime : node.channels.values()) {
      if (runtime.store().genesis().governance().isPresent()) {
        targets.put(runtime.channel(), runtime);
      }
    }
    Optional<RequestSigner> signer = RequestSigner.fromConfig(config);
    if (governance == null || targets.isEmpty() || signer.isEmpty()) {
      return Optional.empty();
    }
    GovernanceRelay relay =
        new GovernanceRelay(
            suite,
            governance,
            targets,
            signer.get().signer(),
            signer.get().submitterCertificateId(),
            clockMs,
            node.events,
            config.nodeId());
    relay.start();
    return Optional.of(relay);
  }

  /** A channel's directory under the data directory: one per channel, nothing shared. */
  static Path channelDirectory(Path dataDirectory, String channel) {
    return dataDirectory.resolve("channels").resolve(channel);
  }

  /**
   * The channel's member nodes: this node and its configured peers; a validator key maps to the
   * node governance registered it for.
   */
  static PeerMembership membership(
      CryptoSuite suite,
      PeerId self,
      NodeConfig.ChannelConfig channel,
      GovernanceGenesis governance) {
    List<PeerId> members = new ArrayList<>();
    members.add(self);
    for (NodeConfig.Peer peer : channel.peers()) {
      members.add(peer.peerId());
    }
    members.sort(null);
    TreeMap<Hash, PeerId> byValidatorKey = new TreeMap<>();
    for (NodeEntry entry : governance.nodes()) {
      PeerId node = new PeerId(entry.institution(), entry.tlsKeyFingerprint());
      if (members.contains(node)) {
        byValidatorKey.put(
            new Validator(entry.institution(), entry.validatorKey()).fingerprint(), node);
      }
    }
    return new PeerMembership(members, byValidatorKey);
  }

  /** Where the node's channels and network report what happened. */
  NodeEvents events() {
    return events;
  }

  /** The node's timer thread, for periodic node work (metrics). */
  ScheduledExecutorService timers() {
    return timers;
  }

  public PeerId self() {
    return self;
  }

  public NodeConfig config() {
    return config;
  }

  public Map<String, ChannelRuntime> channels() {
    return java.util.Collections.unmodifiableMap(channels);
  }

  /** The member nodes of a channel this node serves. */
  public PeerMembership membership(String channel) {
    PeerMembership membership = memberships.get(channel);
    if (membership == null) {
      throw new IllegalArgumentException("this node does not serve channel '" + channel + "'");
    }
    return membership;
  }

  public Optional<ChannelRuntime> channel(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  /**
   * The trust store the node's p2p layer judges certificates with now: the member CAs and
   * revocations of its latest governance view (or of its configuration, without the governance
   * channel).
   */
  public io.entente.core.pki.TrustStore trustStore() {
    return trust != null ? trust.current() : config.trustStore();
  }

  /** The p2p layer's counters now, refusals by reason among them. */
  public io.entente.node.p2p.P2pMetrics p2pMetrics() {
    return network.metrics();
  }

  /** Peers with an authenticated connection now. */
  public List<PeerId> connectedPeers() {
    return network == null ? List.of() : network.connectedPeers();
  }

  @Override
  public void close() {
    if (relay != null) {
      relay.close();
    }
    if (trust != null) {
      trust.close();
    }
    if (network != null) {
      network.close();
    }
    for (ChannelRuntime runtime : channels.values()) {
      try {
        runtime.close();
      } catch (StorageException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "closing channel '" + runtime.channel() + "' failed: " + e.getMessage(),
            e);
      }
    }
    timers.shutdownNow();
    signatures.close();
  }
}
