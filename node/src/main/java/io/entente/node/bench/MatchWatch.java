package io.entente.node.bench;

import io.entente.node.traffic.ColendingTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sees when each record's match becomes visible through the lead's node and through the partner's:
 * one reader per side of the channel's event stream, noting the arrival time of every {@code
 * record-matched} event. A record's reconciliation latency runs from the second bank's submission
 * to the later of the two arrivals. A stream that ends (the node's buffer for a slow reader
 * overflowed) is opened again after the last complete height.
 */
final class MatchWatch implements AutoCloseable {
  private static final long REOPEN_PAUSE_MS = 200;

  private final String channel;
  private final PrintWriter progress;
  private final List<Side> sides = new ArrayList<>();
  private final Map<String, Long> submitted = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  MatchWatch(String channel, PrintWriter progress) {
    this.channel = channel;
    this.progress = progress;
  }

  /** Starts watching through {@code api} (one per bank) from height 1. */
  void watch(String institution, BenchApi api) {
    Side side = new Side(institution, api);
    sides.add(side);
    Thread reader = new Thread(side::run, "bench-matches-" + institution);
    reader.setDaemon(true);
    reader.start();
  }

  /** The second bank submitted these records at {@code nanos}. */
  void submitted(List<String> keys, long nanos) {
    for (String key : keys) {
      submitted.put(key, nanos);
    }
  }

  /**
   * Waits until every submitted record is seen matched through every watched node, or the deadline
   * passes; returns how many are still unseen.
   */
  long awaitAll(long deadlineMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    long missing = missing();
    while (missing > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      missing = missing();
    }
    return missing;
  }

  private long missing() {
    return submitted.keySet().stream()
        .filter(key -> sides.stream().anyMatch(side -> !side.seen.containsKey(key)))
        .count();
  }

  /**
   * Milliseconds from submission to visible on every watched node, for each record submitted at or
   * after {@code fromNanos} whose match was seen everywhere.
   */
  List<double[]> latencies(long fromNanos) {
    List<double[]> latencies = new ArrayList<>();
    submitted.forEach(
        (key, at) -> {
          if (at - fromNanos < 0) {
            return;
          }
          long last = Long.MIN_VALUE;
          for (Side side : sides) {
            Long seen = side.seen.get(key);
            if (seen == null) {
              return;
            }
            last = Math.max(last, seen);
          }
          latencies.add(new double[] {(last - at) / 1e6, 1});
        });
    return latencies;
  }

  @Override
  public void close() {
    closed.set(true);
    for (Side side : sides) {
      side.stop();
    }
  }

  /** One node's stream. */
  private final class Side {
    private final String institution;
    private final BenchApi api;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private volatile ChannelEvents events;
    private long lastHeight;

    Side(String institution, BenchApi api) {
      this.institution = institution;
      this.api = api;
    }

    void run() {
      while (!closed.get()) {
        try (ChannelEvents opened = ChannelEvents.open(api.session(), channel, lastHeight + 1)) {
          events = opened;
          if (closed.get()) {
            return;
          }
          opened.read(
              new ChannelEvents.Listener() {
                @Override
                public void application(long height, String type, List<String> fields) {
                  if (type.equals(ColendingTraffic.RECORD_MATCHED)) {
                    seen.putIfAbsent(fields.get(2), System.nanoTime());
                  }
                }

                @Override
                public boolean block(long height) {
                  lastHeight = height;
                  return !closed.get();
                }
              });
        } catch (IOException e) {
          if (!closed.get()) {
            progress.printf(
                "  the %s event stream ended (%s); reopening from height %d%n",
                institution, e.getMessage(), lastHeight + 1);
          }
        } catch (InterruptedException e) {
          return;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(REOPEN_PAUSE_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      ChannelEvents current = events;
      if (current != null) {
        try {
          current.close();
        } catch (IOException ignored) {
          // Closing a stream that already failed: nothing left to release.
        }
      }
    }
  }
}
