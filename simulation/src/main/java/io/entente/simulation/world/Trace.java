package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The trace hash: SHA-256 chained over the trace line of every observation, starting from zero. Two
 * runs of one seed must end with the same hash; the last lines are kept to print with a failure.
 */
final class Trace {
  private final MessageDigest sha256 = Sha256.newDigest();

  /**
   * Digests of recent messages: a message appears in the trace when sent to each receiver, when
   * dropped or duplicated, and again when delivered, and the sender's copy is the one delivered, so
   * most look-ups find the same {@link Bytes} whose hash code is already known.
   */
  private final LinkedHashMap<Bytes, String> digests = new LinkedHashMap<>(1024, 0.75f, true);

  private long digestedBytes;

  private Hash head = Hash.ZERO;
  private long lines;
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  static String digest(Bytes message) {
    return Sha256.hash(Sha256.newDigest(), message).toHex();
  }

  /** As {@link #digest}, with this trace's digest and its memory of recent messages. */
  String digestOf(Bytes message) {
    String known = digests.get(message);
    if (known != null) {
      return known;
    }
    String digest = Sha256.hash(sha256, message).toHex();
    digests.put(message, digest);
    digestedBytes += message.length();
    Iterator<Bytes> oldest = digests.keySet().iterator();
    while (digests.size() > SimulationLimits.TRACE_DIGESTS_KEPT_MAX
        || digestedBytes > SimulationLimits.TRACE_DIGESTS_BYTES_MAX) {
      digestedBytes -= oldest.next().length();
      oldest.remove();
    }
    return digest;
  }

  void absorb(String line) {
    head =
        Sha256.hash(sha256, head.value(), Bytes.wrapUnsafe(line.getBytes(StandardCharsets.UTF_8)));
    lines++;
    if (tail.size() == SimulationLimits.TRACE_TAIL_LINES_MAX) {
      tail.removeFirst();
    }
    tail.addLast(line);
  }

  Hash head() {
    return head;
  }

  long lines() {
    return lines;
  }

  List<String> tail() {
    return List.copyOf(tail);
  }
}
