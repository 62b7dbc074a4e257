package io.entente.node.ui;

import io.entente.app.colending.AgreementTerms;
import io.entente.app.colending.PositionView;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.core.bytes.Bytes;
import io.entente.node.api.NodeBackend;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reserve positions of the node's institution, kept fresh for the Positions page: after every
 * committed block of a co-lending channel the institution is a member of, one worker thread reads
 * each agreement's position through the channel's application (never on the channel's own thread,
 * which only wakes the worker) and publishes a new {@link Snapshot}. Live pages wait for the next
 * one with {@link #after}.
 *
 * <p>For the chart it keeps each agreement's posted reserve and available amount as the worker saw
 * them, for the current Asia/Shanghai business day only and at most {@link
 * UiLimits#CHART_POINTS_MAX} points (older points of the day are thinned by half when full). The
 * history starts when the node starts: a node restarted at noon charts the afternoon.
 */
final class PositionsFeed implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PositionsFeed.class.getName());
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final String GOVERNANCE = "governance";

  /** One agreement's position now, with its terms and today's chart points. */
  record AgreementPosition(
      String channel, AgreementTerms terms, PositionView position, List<Point> today) {}

  /** A chart point: when, posted reserve and available amount (fen). */
  record Point(long atMs, long postedFen, long availableFen) {}

  /** Every position as of one refresh; {@code version} grows by one per refresh. */
  record Snapshot(long version, long takenAtMs, List<AgreementPosition> agreements) {}

  private final NodeBackend backend;
  private final java.time.Clock clock;
  private final ExecutorService worker;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final List<NodeBackend.Registration> registrations = new ArrayList<>();
  private final Map<String, Deque<Point>> history = new TreeMap<>();
  private volatile Snapshot current;
  private volatile CompletableFuture<Snapshot> next = new CompletableFuture<>();
  private volatile boolean closed;

  PositionsFeed(NodeBackend backend, java.time.Clock clock) {
    this.backend = backend;
    this.clock = clock;
    this.current = new Snapshot(0, clock.millis(), List.of());
    this.worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ui-positions");
              thread.setDaemon(true);
              return thread;
            });
    for (String channel : channels()) {
      backend
          .subscribe(
              channel,
              committed -> {
                wake();
                return true;
              })
          .ifPresent(registrations::add);
    }
    wake();
  }

  /** The latest snapshot. */
  Snapshot current() {
    return current;
  }

  /** Completes with the first snapshot newer than {@code version} (at once if there is one). */
  CompletableFuture<Snapshot> after(long version) {
    CompletableFuture<Snapshot> waiting = next;
    Snapshot now = current;
    return now.version() > version ? CompletableFuture.completedFuture(now) : waiting;
  }

  /** The bilateral channels of the institution: every channel it is a member of but governance. */
  private List<String> channels() {
    List<String> channels = new ArrayList<>();
    for (String channel : backend.channels()) {
      if (!channel.equals(GOVERNANCE)
          && backend
              .channelInstitutions(channel)
              .map(members -> members.contains(backend.institution()))
              .orElse(false)) {
        channels.add(channel);
      }
    }
    return channels;
  }

  private void wake() {
    if (!closed && wakePending.compareAndSet(false, true)) {
      try {
        worker.execute(this::refresh);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        wakePending.set(false);
      }
    }
  }

  private void refresh() {
    wakePending.set(false);
    try {
      List<AgreementPosition> agreements = new ArrayList<>();
      long now = clock.millis();
      LocalDate today = Instant.ofEpochMilli(now).atZone(SHANGHAI).toLocalDate();
      for (String channel : channels()) {
        for (QueryAnswers.AgreementView agreement : agreementsOf(channel)) {
          if (!agreement.status().equals("ACTIVE")) {
            continue;
          }
          String id = agreement.terms().id();
          Optional<Bytes> answer =
              UiQueries.ask(backend, channel, Requests.QueryRequest.position(id));
          if (answer.isEmpty()) {
            continue;
          }
          PositionView position = PositionView.CODEC.decode(answer.get());
          agreements.add(
              new AgreementPosition(
                  channel,
                  agreement.terms(),
                  position,
                  record(channel + "/" + id, today, now, position)));
        }
      }
      Snapshot snapshot = new Snapshot(current.version() + 1, now, List.copyOf(agreements));
      current = snapshot;
      CompletableFuture<Snapshot> done = next;
      next = new CompletableFuture<>();
      done.complete(snapshot);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "reading the positions for the dashboard failed: " + e.getMessage(), e);
    }
  }

  private List<QueryAnswers.AgreementView> agreementsOf(String channel) {
    List<QueryAnswers.AgreementView> all = new ArrayList<>();
    String cursor = "";
    do {
      Optional<Bytes> answer =
          UiQueries.ask(
              backend,
              channel,
              Requests.QueryRequest.agreements(UiLimits.AGREEMENTS_LISTED_MAX, cursor));
      if (answer.isEmpty()) {
        break;
      }
      QueryAnswers.AgreementPage page = QueryAnswers.agreements(answer.get());
      all.addAll(page.agreements());
      cursor = page.nextCursor();
    } while (!cursor.isEmpty() && all.size() < UiLimits.AGREEMENTS_LISTED_MAX);
    return all;
  }

  /** Adds today's point of one agreement and returns its points so far today. */
  private List<Point> record(String key, LocalDate today, long now, PositionView position) {
    Deque<Point> points = history.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!points.isEmpty()
        && !Instant.ofEpochMilli(points.peekFirst().atMs())
            .atZone(SHANGHAI)
            .toLocalDate()
            .equals(today)) {
      points.removeFirst();
    }
    Point point = new Point(now, position.postedReserve(), position.available());
    Point last = points.peekLast();
    if (last == null
        || last.postedFen() != point.postedFen()
        || last.availableFen() != point.availableFen()) {
      if (points.size() >= UiLimits.CHART_POINTS_MAX) {
        thin(points);
      }
      points.addLast(point);
    }
    return List.copyOf(points);
  }

  /** Keeps every other point (and the latest), so a busy day still fits in the bound. */
  private static void thin(Deque<Point> points) {
    List<Point> kept = new ArrayList<>();
    int index = 0;
    for (Point point : points) {
      if (index % 2 == 0) {
        kept.add(point);
      }
      index++;
    }
    points.clear();
    points.addAll(kept);
  }

  @Override
  public void close() {
    closed = true;
    registrations.forEach(NodeBackend.Registration::close);
    worker.shutdownNow();
    next.completeExceptionally(new IllegalStateException("the dashboard is stopping"));
  }
}
