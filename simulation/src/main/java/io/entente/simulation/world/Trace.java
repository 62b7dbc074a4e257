package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The trace hash: SHA-256 chained over the trace line of every observation, starting from zero. Two
 * runs of one seed must end with the same hash; the last lines are kept to print with a failure.
 */
final class Trace {
  private static final CryptoSuite SHA256 = CryptoSuite.of(SuiteId.STANDARD);

  private Hash head = Hash.ZERO;
  private long lines;
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  static String digest(Bytes message) {
    return SHA256.hash(message).toHex();
  }

  void absorb(String line) {
    head = SHA256.hash(head.value(), Bytes.wrapUnsafe(line.getBytes(StandardCharsets.UTF_8)));
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
