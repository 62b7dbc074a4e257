package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The trace hash: SHA-256 chained over the trace line of every observation, starting from zero. Two
 * runs of one seed must end with the same hash; the last lines are kept to print with a failure.
 */
final class Trace {
  private final MessageDigest sha256 = Sha256.newDigest();
  private Hash head = Hash.ZERO;
  private long lines;
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  static String digest(Bytes message) {
    return Sha256.hash(Sha256.newDigest(), message).toHex();
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
