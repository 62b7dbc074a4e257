package io.entente.node.p2p;

import java.net.InetSocketAddress;

/**
 * A peer this node talks to: the identity it must prove (institution and node key fingerprint, as
 * registered in governance) and where it listens. Of two peers, the one with the smaller node key
 * dials the other, so the address is used only by that side.
 */
public record PeerConfig(PeerId id, InetSocketAddress address) {
  public PeerConfig {
    if (id == null || address == null) {
      throw new IllegalArgumentException("a peer needs an id and an address");
    }
  }
}
