package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class P2pExchangeTest {

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void threeNodesExchangeFramesWithEveryPeerAndSeeWhoSentEach(SuiteId suite) {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B", "C")) {
      cluster.startAll();
      cluster.awaitFullyConnected();

      for (TestNode from : cluster.nodes) {
        for (TestNode to : cluster.nodes) {
          if (from != to) {
            SendResult result = from.network().send(to.id, frame(from, to));
            assertThat(result).isEqualTo(SendResult.ACCEPTED);
          }
        }
      }

      for (TestNode to : cluster.nodes) {
        Await.until(to + " received 2 frames", () -> to.recorder.received.size() == 2);
        for (Recorder.Received received : to.recorder.received) {
          TestNode from = cluster.node(received.from().institutionId());
          assertThat(received.from()).isEqualTo(from.id);
          assertThat(new String(received.frame(), StandardCharsets.UTF_8))
              .isEqualTo(new String(frame(from, to), StandardCharsets.UTF_8));
        }
        P2pMetrics metrics = to.network().metrics();
        assertThat(metrics.framesReceived()).isEqualTo(2);
        assertThat(metrics.peersConnected()).isEqualTo(2);
        assertThat(metrics.refusals()).isEmpty();
        assertThat(to.recorder.connected)
            .allSatisfy(event -> assertThat(event.version()).isEqualTo(1));
      }
    }
  }

  private static byte[] frame(TestNode from, TestNode to) {
    return ("from " + from.institution + " to " + to.institution).getBytes(StandardCharsets.UTF_8);
  }
}
