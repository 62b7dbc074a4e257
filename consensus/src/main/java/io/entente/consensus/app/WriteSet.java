package io.entente.consensus.app;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state changes of one block, sorted by key with each key once, so it has one encoding and one
 * hash. An absent value deletes the key.
 */
public record WriteSet(List<Write> writes) {
  public record Write(Bytes key, Optional<Bytes> value) {
    public Write {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  public static final WriteSet EMPTY = new WriteSet(List.of());

  public WriteSet {
    writes = List.copyOf(writes);
    for (int i = 1; i < writes.size(); i++) {
      if (writes.get(i - 1).key().compareTo(writes.get(i).key()) >= 0) {
        throw new IllegalArgumentException("writes are not sorted by key, one each, at " + i);
      }
    }
  }

  /** The suite's hash of the canonical encoding: count, then each key and optional value. */
  public Hash hash(CryptoSuite suite) {
    Writer writer = new Writer();
    writer.u32(writes.size());
    for (Write write : writes) {
      writer.bytes(write.key(), Integer.MAX_VALUE);
      writer.optional(write.value().orElse(null), (w, value) -> w.bytes(value, Integer.MAX_VALUE));
    }
    return suite.hash(writer.toBytes());
  }

  /** State digest after block h = hash(digest after h − 1 ‖ hash of h's sorted write set). */
  public static Hash nextStateDigest(CryptoSuite suite, Hash previous, WriteSet writes) {
    return suite.hash(previous.value(), writes.hash(suite).value());
  }
}
