package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * A list kept in state as fixed-size chunks behind a head record, so appending or popping touches
 * two small keys however long the list is. Used as an append-only list (a day's statement rows, the
 * breaks resolved on a day) and as a FIFO (deadline queues, whose head moves forward).
 *
 * <p>Keys: {@code <prefix>} holds the head (first live index, count); {@code <prefix>/<n>} holds
 * entries [n × 256, (n + 1) × 256).
 */
final class Chunks {
  private Chunks() {}

  /** One entry: a number (a deadline, a flag) and a text (a key path, a break id). */
  record Entry(long number, String text) {
    Entry {
      Fields.text(text, ColendingLimits.ENTRY_TEXT_BYTES_MAX, "entry text");
    }
  }

  /** The first live index and the number of entries ever appended. */
  record Head(long first, long count) {
    static final Codec<Head> CODEC =
        new SimpleCodec<>(
            ColendingTags.QUEUE_HEAD,
            1,
            32,
            (w, v) -> w.i64(v.first).i64(v.count),
            r -> new Head(r.i64("first"), r.i64("count")));

    Head {
      if (first < 0 || first > count) {
        throw new IllegalArgumentException("head " + first + " beyond count " + count);
      }
    }

    long live() {
      return count - first;
    }
  }

  /** A chunk; mutable, copied on first edit in a transaction. */
  static final class Chunk {
    final ArrayList<Entry> entries;

    Chunk(List<Entry> entries) {
      this.entries = new ArrayList<>(entries);
    }

    static final Codec<Chunk> CODEC =
        new SimpleCodec<>(
            ColendingTags.QUEUE_CHUNK,
            1,
            ColendingLimits.CHUNK_ENTRIES_MAX * 300 + 16,
            (w, v) ->
                w.list(
                    v.entries,
                    ColendingLimits.CHUNK_ENTRIES_MAX,
                    (ww, e) ->
                        ww.i64(e.number()).string(e.text(), ColendingLimits.ENTRY_TEXT_BYTES_MAX)),
            r ->
                new Chunk(
                    r.list(
                        ColendingLimits.CHUNK_ENTRIES_MAX,
                        "entries",
                        rr ->
                            new Entry(
                                rr.i64("number"),
                                rr.string(ColendingLimits.ENTRY_TEXT_BYTES_MAX, "text")))));

    Chunk copy() {
      return new Chunk(entries);
    }
  }

  static Store.Key<Head> headKey(String prefix) {
    return Store.Key.immutable(prefix, Head.CODEC);
  }

  static Store.Key<Chunk> chunkKey(String prefix, long chunk) {
    return Store.Key.of(prefix + "/" + chunk, Chunk.CODEC, Chunk::copy);
  }

  static Head head(Store store, String prefix) {
    Head head = store.get(headKey(prefix));
    return head == null ? new Head(0, 0) : head;
  }

  static void append(Store store, String prefix, Entry entry) {
    Head head = head(store, prefix);
    long chunkNo = head.count() / ColendingLimits.CHUNK_ENTRIES_MAX;
    Store.Key<Chunk> key = chunkKey(prefix, chunkNo);
    Chunk chunk = store.edit(key);
    if (chunk == null) {
      chunk = new Chunk(List.of());
      store.put(key, chunk);
    }
    chunk.entries.add(entry);
    store.put(headKey(prefix), new Head(head.first(), head.count() + 1));
  }

  /** The first live entry, or null if none. */
  static Entry peek(Store store, String prefix) {
    Head head = head(store, prefix);
    if (head.live() == 0) {
      return null;
    }
    return entryAt(store, prefix, head.first());
  }

  /** Removes the first live entry; deletes its chunk when the chunk is used up. */
  static void pop(Store store, String prefix) {
    Head head = head(store, prefix);
    if (head.live() == 0) {
      throw new IllegalStateException("pop of an empty list " + prefix);
    }
    long next = head.first() + 1;
    long chunkNo = head.first() / ColendingLimits.CHUNK_ENTRIES_MAX;
    if (next % ColendingLimits.CHUNK_ENTRIES_MAX == 0) {
      // Every entry of this chunk has been popped; later appends go to the next chunk.
      store.delete(chunkKey(prefix, chunkNo));
    }
    store.put(headKey(prefix), new Head(next, head.count()));
  }

  static Entry entryAt(Store store, String prefix, long index) {
    Chunk chunk = store.get(chunkKey(prefix, index / ColendingLimits.CHUNK_ENTRIES_MAX));
    return chunk.entries.get((int) (index % ColendingLimits.CHUNK_ENTRIES_MAX));
  }

  /** Every live entry, in order: for the once-a-day statement pass and for queries. */
  static List<Entry> all(Store store, String prefix) {
    Head head = head(store, prefix);
    List<Entry> entries = new ArrayList<>();
    long index = head.first();
    while (index < head.count()) {
      Chunk chunk = store.get(chunkKey(prefix, index / ColendingLimits.CHUNK_ENTRIES_MAX));
      int from = (int) (index % ColendingLimits.CHUNK_ENTRIES_MAX);
      int to = (int) Math.min(chunk.entries.size(), from + (head.count() - index));
      entries.addAll(chunk.entries.subList(from, to));
      index += to - from;
    }
    return entries;
  }
}
