package io.entente.core.governance;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.PublicKey;
import java.util.Objects;

/**
 * A registered node: the institution that runs it, its id, the fingerprint of its TLS key (what p2p
 * peers must prove; the suite's hash of the key's encoding) and the key it seals consensus messages
 * with (its validator key, kept apart from the TLS key).
 */
public record NodeEntry(
    String nodeId, String institution, Hash tlsKeyFingerprint, PublicKey validatorKey) {
  public NodeEntry {
    Identifiers.require(nodeId, "node id");
    Identifiers.require(institution, "node institution");
    Objects.requireNonNull(tlsKeyFingerprint, "tlsKeyFingerprint");
    Objects.requireNonNull(validatorKey, "validatorKey");
  }
}
