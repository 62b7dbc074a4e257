package io.entente.node.runtime;

import io.entente.node.api.NodeMetrics;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a node's events and its channels' published snapshots into the Prometheus meters of {@link
 * NodeMetrics}: round changes, check rejections, equivocation evidence and commit latency as they
 * happen, every other runtime event as a named count, and heights, rounds, mempools and peers every
 * {@link RuntimeLimits#METRICS_PUBLISH_INTERVAL_MS}.
 */
public final class MetricsBridge implements NodeEvents {
  private final NodeMetrics metrics;

  public MetricsBridge(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void count(String channel, String name) {
    if (name.equals(io.entente.consensus.shell.ChannelShell.ROUND_CHANGE_SIGNED)) {
      metrics.roundChanged(channel);
    } else if (name.equals("validator.evidence")) {
      metrics.equivocationEvidence(channel);
    } else if (name.startsWith(ChannelRuntime.CHECK_REJECTED)) {
      metrics.checkRejected(channel, name.substring(ChannelRuntime.CHECK_REJECTED.length()));
      return;
    }
    metrics.nodeEvent(channel, name);
  }

  @Override
  public void commitLatency(String channel, long latencyMs) {
    metrics.recordCommitLatency(channel, Duration.ofMillis(latencyMs));
  }

  /** Publishes the gauges of every channel of {@code node} now and then; cancel to stop. */
  public ScheduledFuture<?> publishEvery(Node node) {
    ScheduledExecutorService timers = node.timers();
    for (String channel : node.channels().keySet()) {
      metrics.registerChannel(channel);
    }
    return timers.scheduleWithFixedDelay(
        () -> publish(node), 0, RuntimeLimits.METRICS_PUBLISH_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  void publish(Node node) {
    var connected = node.connectedPeers();
    for (ChannelRuntime runtime : node.channels().values()) {
      ChannelSnapshot snapshot = runtime.snapshot();
      String channel = runtime.channel();
      metrics.setHeight(channel, snapshot.height());
      metrics.setRound(channel, snapshot.round());
      metrics.setMempool(channel, snapshot.mempoolTransactions(), snapshot.mempoolBytes());
      PeerMembership membership = node.membership(channel);
      metrics.setPeers(channel, (int) connected.stream().filter(membership::isMember).count());
    }
  }
}
