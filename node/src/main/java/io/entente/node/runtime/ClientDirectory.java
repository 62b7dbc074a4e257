package io.entente.node.runtime;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The client certificates transactions may be signed under, by certificate id: the key that
 * verifies the signature and the institution that submits (the scope of idempotency keys).
 */
public interface ClientDirectory {
  record Client(String institution, PublicKey key) {}

  Optional<Client> find(Hash certificateId);

  /** A fixed directory. */
  static ClientDirectory of(Map<Hash, Client> clients) {
    TreeMap<Hash, Client> copy = new TreeMap<>(clients);
    return id -> Optional.ofNullable(copy.get(id));
  }
}
