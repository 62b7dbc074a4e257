package io.entente.consensus.app;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Application state in memory with its digest, for the simulator and tests: apply a block's write
 * set and the digest follows the rule of DESIGN §2.
 */
public final class MemoryState implements StateView {
  private final CryptoSuite suite;
  private final TreeMap<Bytes, Bytes> values = new TreeMap<>();
  private Hash digest;

  public MemoryState(CryptoSuite suite, Hash initialDigest) {
    this.suite = suite;
    this.digest = initialDigest;
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    return Optional.ofNullable(values.get(key));
  }

  public void apply(WriteSet writes) {
    for (WriteSet.Write write : writes.writes()) {
      if (write.value().isPresent()) {
        values.put(write.key(), write.value().get());
      } else {
        values.remove(write.key());
      }
    }
    digest = WriteSet.nextStateDigest(suite, digest, writes);
  }

  public Hash digest() {
    return digest;
  }

  public int size() {
    return values.size();
  }
}
