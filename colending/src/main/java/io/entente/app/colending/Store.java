package io.entente.app.colending;

import io.entente.consensus.app.StateView;
import io.entente.consensus.app.WriteSet;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The state as one block's execution sees it: the state after the previous block, overlaid with
 * this block's committed changes and the current transaction's changes. Values are kept decoded, so
 * an aggregate touched by ten thousand records in a block is decoded once and encoded once.
 *
 * <p>A transaction's changes are committed into the block, or dropped when the transaction is
 * rejected, so a rejected transaction changes nothing. Mutable values are copied on first edit in a
 * transaction ({@link #edit}); values obtained with {@link #get} must not be changed.
 */
final class Store {
  /** A state key with the codec of its value and how to copy a value before changing it. */
  record Key<T>(Bytes bytes, Codec<T> codec, UnaryOperator<T> copier) {
    static <T> Key<T> of(String key, Codec<T> codec, UnaryOperator<T> copier) {
      return new Key<>(Bytes.wrapUnsafe(key.getBytes(StandardCharsets.UTF_8)), codec, copier);
    }

    /** For immutable values, which are replaced rather than changed. */
    static <T> Key<T> immutable(String key, Codec<T> codec) {
      return of(key, codec, UnaryOperator.identity());
    }
  }

  /**
   * A value, or null for a deleted key; {@code written} marks changes (not mere cached reads);
   * {@code stored} is the encoding read from the previous state, if any, so a value edited back to
   * what it was is not written again (null: not read, so always written).
   */
  private record Slot(Key<?> key, Object value, boolean written, Optional<Bytes> stored) {}

  private static final int ENCODING_BYTES_INITIAL = 1024;

  private final StateView base;
  private final TreeMap<Bytes, Slot> block = new TreeMap<>();
  private final TreeMap<Bytes, Slot> transaction = new TreeMap<>();

  Store(StateView base) {
    this.base = base;
  }

  /** The value, or null; never change it (use {@link #edit}). */
  <T> T get(Key<T> key) {
    Slot slot = transaction.get(key.bytes());
    if (slot == null) {
      slot = block.get(key.bytes());
    }
    if (slot == null) {
      Optional<Bytes> stored = base.get(key.bytes());
      T decoded = stored.map(key.codec()::decode).orElse(null);
      // A cached read is not a change: it is written only if edited later.
      block.put(key.bytes(), new Slot(key, decoded, false, stored));
      return decoded;
    }
    @SuppressWarnings("unchecked")
    T value = (T) slot.value();
    return value;
  }

  /** The value, copied into this transaction so it may be changed; null if absent. */
  <T> T edit(Key<T> key) {
    Slot mine = transaction.get(key.bytes());
    if (mine != null) {
      @SuppressWarnings("unchecked")
      T value = (T) mine.value();
      return value;
    }
    T current = get(key);
    if (current == null) {
      return null;
    }
    T copy = key.copier().apply(current);
    transaction.put(key.bytes(), new Slot(key, copy, true, stored(key)));
    return copy;
  }

  <T> void put(Key<T> key, T value) {
    if (value == null) {
      throw new IllegalArgumentException("put of null at " + key.bytes());
    }
    transaction.put(key.bytes(), new Slot(key, value, true, stored(key)));
  }

  void delete(Key<?> key) {
    transaction.put(key.bytes(), new Slot(key, null, true, stored(key)));
  }

  /** The previous state's encoding of the key, if this block has read it. */
  private Optional<Bytes> stored(Key<?> key) {
    Slot slot = transaction.get(key.bytes());
    if (slot == null) {
      slot = block.get(key.bytes());
    }
    return slot == null ? null : slot.stored();
  }

  void commit() {
    block.putAll(transaction);
    transaction.clear();
  }

  void rollback() {
    transaction.clear();
  }

  /** The block's changes, sorted by key, each encoded once. */
  WriteSet writeSet() {
    if (!transaction.isEmpty()) {
      throw new IllegalStateException("a transaction is still open");
    }
    List<WriteSet.Write> writes = new ArrayList<>();
    for (Map.Entry<Bytes, Slot> entry : block.entrySet()) {
      Slot slot = entry.getValue();
      if (slot.written()) {
        Bytes encoded = encode(slot);
        boolean unchanged =
            slot.stored() != null && slot.stored().equals(Optional.ofNullable(encoded));
        if (!unchanged) {
          writes.add(new WriteSet.Write(entry.getKey(), Optional.ofNullable(encoded)));
        }
      }
    }
    return new WriteSet(writes);
  }

  @SuppressWarnings("unchecked")
  private static <T> Bytes encode(Slot slot) {
    if (slot.value() == null) {
      return null;
    }
    Key<T> key = (Key<T>) slot.key();
    // Sized for a reconciliation record, the most common value, so it rarely grows.
    Writer writer = new Writer(ENCODING_BYTES_INITIAL);
    key.codec().writeTo(writer, (T) slot.value());
    if (writer.size() > key.codec().maxBytes()) {
      throw new IllegalStateException(
          "a state value of "
              + writer.size()
              + " bytes exceeds its limit "
              + key.codec().maxBytes());
    }
    return writer.toBytes();
  }
}
