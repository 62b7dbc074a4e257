package io.entente.simulation.world;

import io.entente.core.bytes.Hash;
import java.util.List;
import java.util.SortedMap;

/**
 * Where a run stopped: its outcome, the virtual time and event count, the trace hash, the coverage
 * counters and the last trace lines.
 */
public record RunResult(
    Outcome outcome,
    long timeMs,
    long events,
    Hash traceHash,
    SortedMap<String, Long> coverage,
    List<String> traceTail) {

  public RunResult {
    traceTail = List.copyOf(traceTail);
  }

  public boolean passed() {
    return outcome instanceof Outcome.Passed;
  }

  public long count(String counter) {
    return coverage.getOrDefault(counter, 0L);
  }

  /** One line: outcome, time, events and trace hash. */
  public String summary() {
    String result = outcome instanceof Outcome.Failed failed ? "failed " + failed : "passed";
    return result + " at " + timeMs + " ms after " + events + " events, trace " + traceHash;
  }
}
