package io.entente.consensus.app;

import io.entente.core.bytes.Bytes;
import java.util.Optional;

/** Read-only application state: a sorted key-value map. */
public interface StateView {
  Optional<Bytes> get(Bytes key);
}
