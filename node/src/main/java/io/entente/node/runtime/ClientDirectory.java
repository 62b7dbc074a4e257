package io.entente.node.runtime;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.PublicKey;
import io.entente.core.pki.Revocation;
import io.entente.node.consortium.NodeConfig;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The client certificates transactions may be signed under, by certificate id: the key that
 * verifies the signature and the institution that submits (the scope of idempotency keys).
 */
public interface ClientDirectory {
  /**
   * @param name the certificate's (issuer, serial), which an imported revocation names
   */
  record Client(String institution, PublicKey key, Revocation name) {}

  Optional<Client> find(Hash certificateId);

  /** A fixed directory. */
  static ClientDirectory of(Map<Hash, Client> clients) {
    TreeMap<Hash, Client> copy = new TreeMap<>(clients);
    return id -> Optional.ofNullable(copy.get(id));
  }

  /** The client certificates of a node's home ({@link NodeConfig#clientCertificates}). */
  static ClientDirectory fromConfig(NodeConfig config, long atTimeMs) {
    TreeMap<Hash, Client> clients = new TreeMap<>();
    config
        .clientCertificates(atTimeMs)
        .forEach(
            (id, client) ->
                clients.put(id, new Client(client.institution(), client.key(), client.name())));
    return of(clients);
  }
}
