package io.entente.node.p2p;

import io.entente.core.crypto.PrivateKey;
import io.entente.core.pki.Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The node's own TLS identity: its node key and the certificate chain it presents, leaf first (the
 * member CA certificate may follow; peers validate the leaf against their own copy of the member
 * CAs and ignore the rest).
 *
 * <p>The key is held in memory: the guomi suite's TLS signature uses the RFC 8998 SM2 identifier,
 * not the default one of {@link io.entente.core.crypto.Signer}, so an HSM-backed TLS key needs its
 * own signer (not built yet).
 */
public record NodeIdentity(PrivateKey key, List<Certificate> chain) {
  public NodeIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty() || chain.size() > P2pLimits.CERTIFICATE_CHAIN_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "a TLS chain holds 1 to "
              + P2pLimits.CERTIFICATE_CHAIN_LENGTH_MAX
              + " certificates, got "
              + chain.size());
    }
    if (!chain.get(0).publicKey(key.suite()).equals(Optional.of(key.publicKey()))) {
      throw new IllegalArgumentException(
          "the leaf certificate " + chain.get(0) + " does not certify the node key");
    }
  }

  public Certificate leaf() {
    return chain.get(0);
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + leaf() + ", key redacted]";
  }
}
