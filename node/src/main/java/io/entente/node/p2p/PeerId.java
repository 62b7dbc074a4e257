package io.entente.node.p2p;

import io.entente.core.bytes.Hash;

/**
 * An authenticated peer: the institution of the member CA that issued its TLS certificate (never a
 * subject field) and the fingerprint of its node key (the suite's hash of the public key, as
 * registered in governance).
 */
public record PeerId(String institutionId, Hash nodeKey) implements Comparable<PeerId> {
  public PeerId {
    if (institutionId == null || institutionId.isBlank() || nodeKey == null) {
      throw new IllegalArgumentException("a peer id needs an institution and a node key");
    }
  }

  /** Ordered by node key, then institution: the node with the smaller key dials the other. */
  @Override
  public int compareTo(PeerId other) {
    int byKey = nodeKey.compareTo(other.nodeKey);
    return byKey != 0 ? byKey : institutionId.compareTo(other.institutionId);
  }

  @Override
  public String toString() {
    return institutionId + "/" + nodeKey.shortHex();
  }
}
