package io.entente.node.p2p;

import io.entente.core.pki.Issuer;
import io.entente.core.pki.TrustStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node under test: its institution's CA, its identity, its own (replaceable) trust store, the
 * running network and a recorder of what it saw. The recorder lives across restarts.
 */
final class TestNode implements AutoCloseable {
  final String institution;
  final Issuer ca;
  final NodeIdentity identity;
  final PeerId id;
  final AtomicReference<TrustStore> trust = new AtomicReference<>();
  final Recorder recorder = new Recorder();
  private volatile P2pNetwork network;
  private volatile InetSocketAddress address =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  TestNode(String institution, Issuer ca, NodeIdentity identity, PeerId id) {
    this.institution = institution;
    this.ca = ca;
    this.identity = identity;
    this.id = id;
  }

  /** Starts (or restarts, on the same port) with {@code config}'s listen address replaced. */
  void start(P2pConfig config) {
    try {
      network = P2pNetwork.start(config.withListenAddress(address), recorder, recorder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    address = network.listenAddress();
  }

  P2pNetwork network() {
    return network;
  }

  /** The bound address, or port 0 before the first start. */
  InetSocketAddress address() {
    return address;
  }

  boolean started() {
    return network != null;
  }

  @Override
  public void close() {
    P2pNetwork running = network;
    if (running != null) {
      running.close();
    }
  }

  @Override
  public String toString() {
    return "node " + id;
  }
}
