package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} exposes every meter {@link NodeMetrics} names, as the runtime sets them. */
class MetricsTest {
  private ApiHarness api;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void exposesTheNamedMeters() throws Exception {
    NodeMetrics metrics = api.metrics;
    String channel = FakeBackend.CHANNEL;
    metrics.registerChannel(channel);
    metrics.setHeight(channel, 42);
    metrics.setRound(channel, 2);
    metrics.roundChanged(channel);
    metrics.recordCommitLatency(channel, Duration.ofMillis(250));
    metrics.setMempool(channel, 7, 7_000);
    metrics.setPeers(channel, 3);
    metrics.checkRejected(channel, "tx-expired");
    metrics.equivocationEvidence(channel);
    api.get("/health/live", null);

    HttpResponse<String> response = api.get("/metrics", null);

    assertThat(response.statusCode()).isEqualTo(200);
    String text = response.body();
    String tag = "channel=\"" + channel + "\"";
    assertThat(text)
        .contains("entente_chain_height{" + tag + "} 42.0")
        .contains("entente_consensus_round{" + tag + "} 2.0")
        .contains("entente_consensus_round_changes_total{" + tag + "} 1.0")
        .contains("entente_commit_latency_seconds_count{" + tag + "} 1")
        .contains("entente_mempool_transactions{" + tag + "} 7.0")
        .contains("entente_mempool_bytes{" + tag + "} 7000.0")
        .contains("entente_peers_connected{" + tag + "} 3.0")
        .contains("entente_check_rejections_total{" + tag + ",reason=\"tx-expired\"} 1.0")
        .contains("entente_equivocation_evidence_total{" + tag + "} 1.0")
        .contains(
            "entente_http_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"} 1")
        .contains("entente_api_event_streams");
  }
}
