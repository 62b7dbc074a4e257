package io.entente.node.p2p;

import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.TrustStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Nodes of distinct institutions, each with its own member CA, all trusting all CAs, each listing
 * the others as peers. Every node is closed by {@link #close()}.
 */
final class TestCluster implements AutoCloseable {
  /** Tests reconnect quickly; the backoff itself is tested with a seeded random source. */
  static final P2pSettings SETTINGS = P2pSettings.defaults().withReconnectDelays(20, 400);

  /** An address never dialled: only the node with the smaller key dials. */
  private static final InetSocketAddress NOT_DIALLED =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

  final TestPki pki;
  final List<TestNode> nodes = new ArrayList<>();

  private TestCluster(TestPki pki) {
    this.pki = pki;
  }

  static TestCluster of(SuiteId suite, String... institutions) {
    TestCluster cluster = new TestCluster(new TestPki(suite));
    for (String institution : institutions) {
      cluster.add(institution);
    }
    return cluster;
  }

  TestNode add(String institution) {
    Issuer ca = pki.selfSignedCa("CN=" + institution + " CA,O=" + institution);
    NodeIdentity identity = pki.node(ca, "CN=" + institution + "-node-1,O=" + institution);
    TestNode node = new TestNode(institution, ca, identity, pki.peerId(institution, identity));
    nodes.add(node);
    return node;
  }

  TestNode node(String institution) {
    return nodes.stream()
        .filter(node -> node.institution.equals(institution))
        .findFirst()
        .orElseThrow();
  }

  /** A trust store with every node's CA as a member CA of its institution. */
  TrustStore everyCa() {
    List<MemberCa> members = new ArrayList<>();
    for (TestNode node : nodes) {
      members.add(new MemberCa(node.institution, node.ca.certificate()));
    }
    return pki.store(members, List.of());
  }

  /**
   * Starts every node, largest node key first: a node dials only peers with larger keys, so their
   * ports are known by then.
   */
  void startAll(UnaryOperator<P2pConfig> customize) {
    start(nodes, customize);
  }

  /** Starts {@code which} like {@link #startAll}; the others stay down (or are driven by hand). */
  void start(List<TestNode> which, UnaryOperator<P2pConfig> customize) {
    TrustStore trust = everyCa();
    List<TestNode> order = new ArrayList<>(which);
    order.sort(Comparator.comparing((TestNode node) -> node.id).reversed());
    for (TestNode node : order) {
      node.trust.compareAndSet(null, trust);
      node.start(customize.apply(config(node)));
    }
  }

  void startAll() {
    startAll(UnaryOperator.identity());
  }

  /** The configuration of {@code node}: every other node is a peer. */
  P2pConfig config(TestNode node) {
    List<PeerConfig> peers = new ArrayList<>();
    for (TestNode other : nodes) {
      if (other != node) {
        peers.add(new PeerConfig(other.id, other.started() ? other.address() : NOT_DIALLED));
      }
    }
    return new P2pConfig(
        pki.suite,
        node.identity,
        node.trust::get,
        node.address(),
        peers,
        VersionRange.CURRENT,
        SETTINGS,
        Clock.systemUTC(),
        new SplittableRandom(7),
        new SecureRandom());
  }

  void awaitFullyConnected() {
    for (TestNode node : nodes) {
      Await.until(
          node + " connected to all " + (nodes.size() - 1) + " peers",
          () -> node.network().connectedPeers().size() == nodes.size() - 1);
    }
  }

  /** Waits until {@code a} and {@code b} each have the other as a connected peer. */
  static void awaitConnected(TestNode a, TestNode b) {
    Await.until(
        a + " and " + b + " connected",
        () -> a.network().isConnected(b.id) && b.network().isConnected(a.id));
  }

  @Override
  public void close() {
    for (TestNode node : nodes) {
      node.close();
    }
  }
}
