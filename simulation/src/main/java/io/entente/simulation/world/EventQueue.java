package io.entente.simulation.world;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The pending events, ordered by virtual time and then by the order they were scheduled in: never
 * by hash or identity, so the same schedule always runs in the same order.
 */
final class EventQueue {

  record Scheduled(long timeMs, long sequence, Event event) {}

  /** By time, then sequence; written out, as it runs on every queue operation. */
  private static final Comparator<Scheduled> ORDER =
      (a, b) ->
          a.timeMs() != b.timeMs()
              ? Long.compare(a.timeMs(), b.timeMs())
              : Long.compare(a.sequence(), b.sequence());

  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(ORDER);
  private final int capacity;
  private long nextSequence;

  EventQueue(int capacity) {
    this.capacity = capacity;
  }

  Scheduled add(long timeMs, Event event) {
    if (queue.size() >= capacity) {
      throw new LimitExceeded(
          "limit.queue_events_max",
          "the event queue holds " + queue.size() + " events, its limit is " + capacity);
    }
    Scheduled scheduled = new Scheduled(timeMs, nextSequence++, event);
    queue.add(scheduled);
    return scheduled;
  }

  Scheduled peek() {
    return queue.peek();
  }

  Scheduled poll() {
    return queue.poll();
  }

  void remove(Scheduled scheduled) {
    if (!queue.remove(scheduled)) {
      throw new IllegalStateException("event " + scheduled + " was not pending");
    }
  }

  int size() {
    return queue.size();
  }
}
