package io.entente.simulation.world;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Named counters that prove faults and rare paths actually ran, sorted by name. The world counts
 * its own faults under the names below; processes count theirs under {@code process.*}.
 */
public final class Coverage {
  public static final String SENT = "network.sent";
  public static final String DELIVERED = "network.delivered";
  public static final String DROPPED_RANDOM = "network.dropped.random";
  public static final String DROPPED_PARTITION = "network.dropped.partition";
  public static final String DROPPED_LINK_FULL = "network.dropped.link_full";
  public static final String DROPPED_NODE_DOWN = "network.dropped.node_down";
  public static final String DUPLICATED = "network.duplicated";
  public static final String HELD = "network.held";
  public static final String RELEASED = "network.released";
  public static final String PARTITIONS = "fault.partition";
  public static final String HEALS = "fault.heal";
  public static final String CLOGS = "fault.clog";
  public static final String UNCLOGS = "fault.unclog";
  public static final String CRASHES = "fault.crash";
  public static final String RESTARTS = "fault.restart";
  public static final String LOST_WRITES = "disk.lost_writes";

  /** Crashes that lost at least one unsynced write (LOST_WRITES counts the writes). */
  public static final String CRASHES_LOSING_WRITES = "fault.crash_lost_writes";

  /** Crashes armed at a node's next sync ({@link World#crashAtNextSync}). */
  public static final String CRASHES_ARMED = "fault.crash_at_sync_armed";

  /** Armed crashes that happened: the node died at a sync, inside its own event. */
  public static final String CRASHES_AT_SYNC = "fault.crash_at_sync";

  public static final String TORN_TAILS = "disk.torn_tail";
  public static final String SYNCS = "disk.sync";
  public static final String TIMERS_FIRED = "timer.fired";
  public static final String PROCESS_PREFIX = "process.";

  /** Every kind of fault the world injects; a seed sweep should see each at least once. */
  public static final List<String> FAULT_KINDS =
      List.of(
          DROPPED_RANDOM,
          DROPPED_PARTITION,
          DROPPED_LINK_FULL,
          DROPPED_NODE_DOWN,
          DUPLICATED,
          HELD,
          RELEASED,
          PARTITIONS,
          HEALS,
          CLOGS,
          UNCLOGS,
          CRASHES,
          CRASHES_AT_SYNC,
          CRASHES_LOSING_WRITES,
          RESTARTS,
          LOST_WRITES,
          TORN_TAILS);

  private final TreeMap<String, Long> counters = new TreeMap<>();

  void add(String name) {
    add(name, 1);
  }

  void add(String name, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a counter only grows, got " + amount + " for " + name);
    }
    if (!counters.containsKey(name)) {
      Names.require("counter", name);
      if (counters.size() >= SimulationLimits.COVERAGE_COUNTERS_MAX) {
        throw new IllegalStateException(
            "counter "
                + name
                + " would pass COVERAGE_COUNTERS_MAX = "
                + SimulationLimits.COVERAGE_COUNTERS_MAX);
      }
    }
    counters.merge(name, amount, Long::sum);
  }

  public long get(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** A copy, sorted by name. */
  public SortedMap<String, Long> snapshot() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(counters));
  }

  /** The sum of several snapshots, counter by counter, for totals over a seed sweep. */
  public static SortedMap<String, Long> sum(List<SortedMap<String, Long>> snapshots) {
    TreeMap<String, Long> total = new TreeMap<>();
    for (SortedMap<String, Long> snapshot : snapshots) {
      snapshot.forEach((name, count) -> total.merge(name, count, Long::sum));
    }
    return Collections.unmodifiableSortedMap(total);
  }
}
