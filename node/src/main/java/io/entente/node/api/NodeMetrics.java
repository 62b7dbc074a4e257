package io.entente.node.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's metrics, exposed by {@code GET /metrics} in the Prometheus text format. The runtime
 * updates them through the methods here; the names below are Micrometer's (dots), Prometheus shows
 * them with underscores and a unit or {@code _total} suffix (for example {@code
 * entente_consensus_round_changes_total}, {@code entente_commit_latency_seconds}).
 *
 * <p>Every meter of a channel carries the tag {@code channel}. Thread-safe.
 */
public final class NodeMetrics {
  /** Gauge: last committed height. */
  public static final String HEIGHT = "entente.chain.height";

  /** Gauge: current consensus round at the next height. */
  public static final String ROUND = "entente.consensus.round";

  /** Counter: round changes (a round timed out or was skipped to). */
  public static final String ROUND_CHANGES = "entente.consensus.round.changes";

  /** Timer: from a transaction entering the mempool to its block being committed. */
  public static final String COMMIT_LATENCY = "entente.commit.latency";

  /** Gauge: transactions waiting in the mempool. */
  public static final String MEMPOOL_TRANSACTIONS = "entente.mempool.transactions";

  /** Gauge: encoded bytes waiting in the mempool. */
  public static final String MEMPOOL_BYTES = "entente.mempool.bytes";

  /** Gauge: connected peers serving the channel. */
  public static final String PEERS = "entente.peers.connected";

  /** Counter: inputs a check rejected, tagged {@code reason} (the check's stable reason). */
  public static final String CHECK_REJECTIONS = "entente.check.rejections";

  /** Counter: equivocation evidence kept (two conflicting signed messages from one validator). */
  public static final String EQUIVOCATION_EVIDENCE = "entente.equivocation.evidence";

  /**
   * Timer: HTTP requests, tagged {@code method}, {@code route} (the template) and {@code status}.
   */
  public static final String HTTP_REQUESTS = "entente.http.requests";

  /** Runtime events by name: frames dropped and why, log tails cut, syncs, forwards... */
  public static final String NODE_EVENTS = "entente.node.events";

  /** Gauge: open event streams. */
  public static final String EVENT_STREAMS = "entente.api.event.streams";

  /** Counter: event streams ended by the node, tagged {@code reason}. */
  public static final String EVENT_STREAM_DISCONNECTS = "entente.api.event.stream.disconnects";

  static final String CHANNEL = "channel";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentMap<String, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final AtomicLong eventStreams = new AtomicLong();

  private NodeMetrics() {}

  /** Registers the node-wide meters so they appear before anything happens. */
  public static NodeMetrics create() {
    NodeMetrics metrics = new NodeMetrics();
    Gauge.builder(EVENT_STREAMS, metrics.eventStreams, AtomicLong::get)
        .description("open event streams")
        .register(metrics.registry);
    return metrics;
  }

  /** Registers a channel's meters at zero so that dashboards see them before the first event. */
  public void registerChannel(String channel) {
    setHeight(channel, 0);
    setRound(channel, 0);
    setMempool(channel, 0, 0);
    setPeers(channel, 0);
    roundChanges(channel);
    equivocations(channel);
    commitLatency(channel);
  }

  public void setHeight(String channel, long height) {
    gauge(HEIGHT, channel, "last committed height").set(height);
  }

  public void setRound(String channel, int round) {
    gauge(ROUND, channel, "current consensus round").set(round);
  }

  public void roundChanged(String channel) {
    roundChanges(channel).increment();
  }

  public void recordCommitLatency(String channel, Duration latency) {
    commitLatency(channel).record(latency);
  }

  public void setMempool(String channel, long transactions, long bytes) {
    gauge(MEMPOOL_TRANSACTIONS, channel, "transactions in the mempool").set(transactions);
    gauge(MEMPOOL_BYTES, channel, "encoded bytes in the mempool").set(bytes);
  }

  public void setPeers(String channel, int peers) {
    gauge(PEERS, channel, "connected peers of the channel").set(peers);
  }

  public void checkRejected(String channel, String reason) {
    Counter.builder(CHECK_REJECTIONS)
        .description("inputs rejected by a check")
        .tags(CHANNEL, channel, "reason", reason)
        .register(registry)
        .increment();
  }

  public void equivocationEvidence(String channel) {
    equivocations(channel).increment();
  }

  void httpRequest(String method, String route, int status, Duration duration) {
    Timer.builder(HTTP_REQUESTS)
        .description("HTTP requests of the API")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .register(registry)
        .record(duration);
  }

  void streamOpened() {
    eventStreams.incrementAndGet();
  }

  void streamClosed(String reason) {
    eventStreams.decrementAndGet();
    Counter.builder(EVENT_STREAM_DISCONNECTS)
        .description("event streams ended")
        .tags("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * One occurrence of a named runtime event (a dropped frame, a cut log tail, a sync request...) of
   * {@code channel} ("-" for the node as a whole); names come from a fixed set in the runtime.
   */
  public void nodeEvent(String channel, String name) {
    Counter.builder(NODE_EVENTS)
        .description("runtime events of the node and its channels")
        .tags(CHANNEL, channel, "name", name)
        .register(registry)
        .increment();
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  private Counter roundChanges(String channel) {
    return Counter.builder(ROUND_CHANGES)
        .description("consensus round changes")
        .tag(CHANNEL, channel)
        .register(registry);
  }

  private Counter equivocations(String channel) {
    return Counter.builder(EQUIVOCATION_EVIDENCE)
        .description("equivocation evidence kept")
        .tag(CHANNEL, channel)
        .register(registry);
  }

  private Timer commitLatency(String channel) {
    return Timer.builder(COMMIT_LATENCY)
        .description("mempool entry to commit")
        .tag(CHANNEL, channel)
        .register(registry);
  }

  private AtomicLong gauge(String name, String channel, String description) {
    return gauges.computeIfAbsent(
        name + '\u0000' + channel,
        key -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tags(Tags.of(CHANNEL, channel))
              .register(registry);
          return value;
        });
  }
}
