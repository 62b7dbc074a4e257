package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.crypto.SuiteId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Established connections: bad frames, full queues, restarts, timeouts and shutdown. */
class P2pConnectionTest {
  private static final int MIB = 1024 * 1024;

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void anOversizedFrameClosesItsConnectionAndTheNodeKeepsServingOthers(SuiteId suite)
      throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B", "X")) {
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      TestNode x = cluster.node("X");
      cluster.start(List.of(a, b), config -> config);
      TestCluster.awaitConnected(a, b);

      List<String> saw;
      try (RawPeer peer = helloFrom(x, b, suite)) {
        // Only the header: the node must refuse on the length alone, never reading the body.
        peer.raw(header(P2pLimits.FRAME_BYTES_MAX + 2, Frames.DATA));
        saw = peer.readUntilClosed();
      }

      Await.until("B closed X's connection", () -> b.recorder.disconnectedFor("frame-oversized"));
      assertThat(saw).doesNotContain("data");
      assertStillServing(a, b);
      P2pMetrics metrics = b.network().metrics();
      assertThat(metrics.framesOversized()).isEqualTo(1);
      assertThat(metrics.closes(P2pReasons.FRAME_OVERSIZED)).isEqualTo(1);
      assertThat(b.recorder.received).noneMatch(received -> received.from().equals(x.id));
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void malformedFramesCloseTheirConnectionAndAreCounted(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B", "X")) {
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      TestNode x = cluster.node("X");
      cluster.start(List.of(a, b), config -> config);
      TestCluster.awaitConnected(a, b);
      List<byte[]> malformed =
          List.of(
              header(0, (byte) 0), // a length without a kind
              concat(header(1, (byte) 9), new byte[0]), // an unknown kind
              concat(header(3, Frames.PING), new byte[2])); // a ping with a payload

      for (int i = 0; i < malformed.size(); i++) {
        long closedBefore = b.recorder.disconnected.size();
        try (RawPeer peer = helloFrom(x, b, suite)) {
          peer.raw(malformed.get(i));
          peer.readUntilClosed();
        }
        Await.until("B closed X's connection", () -> b.recorder.disconnected.size() > closedBefore);
      }
      try (RawPeer peer = helloFrom(x, b, suite)) {
        peer.hello(VersionRange.CURRENT, suite, x.id); // a second hello is out of place
        peer.readUntilClosed();
      }
      Await.until(
          "B closed X's fourth connection",
          () ->
              b.recorder.disconnected.stream().filter(event -> event.peer().equals(x.id)).count()
                  == 4);

      assertStillServing(a, b);
      P2pMetrics metrics = b.network().metrics();
      assertThat(metrics.framesMalformed()).isEqualTo(3);
      assertThat(metrics.framesOversized()).isEqualTo(1); // the ping's payload is over its limit 0
      assertThat(metrics.closes(P2pReasons.FRAME_MALFORMED)).isEqualTo(3);
      assertThat(b.recorder.received).noneMatch(received -> received.from().equals(x.id));
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aFullQueueIsReportedToTheSenderAndCountedAndNothingAcceptedIsLost(SuiteId suite) {
    P2pSettings small = TestCluster.SETTINGS.withFrameBytesMax(MIB).withQueue(4, 4L * MIB);
    try (TestCluster cluster = TestCluster.of(suite, "A", "B")) {
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      cluster.startAll(config -> config.withSettings(small));
      TestCluster.awaitConnected(a, b);
      CountDownLatch gate = new CountDownLatch(1);
      b.recorder.gate = gate; // B's handler holds the first frame: B stops reading from A

      byte[] frame = new byte[MIB];
      int accepted = 0;
      long deadline = System.nanoTime() + 30_000_000_000L;
      SendResult result;
      while ((result = a.network().send(b.id, frame)) == SendResult.ACCEPTED) {
        accepted++;
        assertThat(System.nanoTime() - deadline).as("queue still not full").isNegative();
      }

      assertThat(result).isEqualTo(SendResult.QUEUE_FULL);
      assertThat(a.network().metrics().sendQueueFull()).isEqualTo(1);
      gate.countDown();
      int expected = accepted;
      Await.until("B received every accepted frame", () -> b.recorder.received.size() == expected);
      assertThat(b.network().metrics().framesReceived()).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aPeerThatRestartsIsReconnected(SuiteId suite) {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B")) {
      cluster.startAll();
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      TestCluster.awaitConnected(a, b);
      TestNode dialler = a.id.compareTo(b.id) < 0 ? a : b;
      TestNode listener = dialler == a ? b : a;

      // The listening side restarts: the dialler notices, and dials again with backoff until the
      // listener is back.
      listener.close();
      Await.until(
          dialler + " failed to reach " + listener,
          () -> dialler.network().metrics().connectAttemptsFailed() >= 2);
      listener.start(cluster.config(listener));
      TestCluster.awaitConnected(a, b);
      exchange(a, b, "after the listener restarted");

      // The dialling side restarts: it dials again on start.
      dialler.close();
      dialler.start(cluster.config(dialler));
      TestCluster.awaitConnected(a, b);
      exchange(a, b, "after the dialler restarted");
    }
  }

  @Test
  void closeEndsEveryThreadAndSocketOfTheNode() {
    try (TestCluster cluster = TestCluster.of(SuiteId.STANDARD, "A", "B", "C")) {
      cluster.startAll();
      cluster.awaitFullyConnected();
      TestNode a = cluster.node("A");
      InetSocketAddress address = a.network().listenAddress();
      assertThat(threadsOf(a)).isNotEmpty();

      a.close();

      assertThat(threadsOf(a)).isEmpty();
      assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
          .isInstanceOf(IOException.class);
      assertThat(a.network().send(cluster.node("B").id, new byte[1]))
          .isEqualTo(SendResult.NOT_CONNECTED);
      for (TestNode other : List.of(cluster.node("B"), cluster.node("C"))) {
        Await.until(
            other + " saw A say goodbye",
            () ->
                other.recorder.disconnected.stream()
                    .anyMatch(
                        event ->
                            event.peer().equals(a.id)
                                && event.reason().equals(P2pReasons.REMOTE_GOODBYE)
                                && event.detail().contains("shutting down")));
      }
    }
  }

  @Test
  void aSilentPeerIsClosedAfterTheIdleTimeoutAndAStalledHandshakeIsRefused() throws IOException {
    P2pSettings quick = TestCluster.SETTINGS.withTimeouts(500, 100, 400);
    try (TestCluster cluster = TestCluster.of(SuiteId.STANDARD, "B", "X")) {
      TestNode b = cluster.node("B");
      TestNode x = cluster.node("X");
      cluster.start(List.of(b), config -> config.withSettings(quick));

      try (RawPeer silent = helloFrom(x, b, SuiteId.STANDARD)) {
        Await.until("B closed the silent peer", () -> b.recorder.disconnectedFor("idle-timeout"));
      }
      try (Socket stalled = new Socket()) {
        stalled.connect(b.address());
        Await.until("B refused the stalled handshake", () -> b.recorder.refusedFor("tls-failed"));
      }

      assertThat(b.recorder.refusal(P2pReasons.TLS_FAILED).detail())
          .contains("no complete handshake and hello within 500 ms");
      assertThat(b.network().metrics().closes(P2pReasons.IDLE_TIMEOUT)).isEqualTo(1);
    }
  }

  @Test
  void sendSaysWhyAFrameWasNotQueued() {
    try (TestCluster cluster = TestCluster.of(SuiteId.STANDARD, "A", "B")) {
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      cluster.start(List.of(a), config -> config);
      P2pNetwork network = a.network();

      assertThat(network.send(b.id, new byte[1])).isEqualTo(SendResult.NOT_CONNECTED);
      assertThat(network.send(new PeerId("Z", b.id.nodeKey()), new byte[1]))
          .isEqualTo(SendResult.UNKNOWN_PEER);
      assertThat(network.send(b.id, new byte[P2pLimits.FRAME_BYTES_MAX + 1]))
          .isEqualTo(SendResult.TOO_LARGE);

      P2pMetrics metrics = network.metrics();
      assertThat(metrics.sendNotConnected()).isEqualTo(1);
      assertThat(metrics.sendUnknownPeer()).isEqualTo(1);
      assertThat(metrics.sendTooLarge()).isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A hand-driven connection from {@code x} to {@code b}, past the hello. */
  private static RawPeer helloFrom(TestNode x, TestNode b, SuiteId suite) throws IOException {
    RawPeer peer = RawPeer.connect(b.address(), suite, x.identity, b.trust.get(), true);
    peer.hello(VersionRange.CURRENT, suite, x.id);
    return peer;
  }

  private static void assertStillServing(TestNode a, TestNode b) {
    assertThat(b.network().isConnected(a.id)).isTrue();
    exchange(a, b, "after a bad peer was closed");
  }

  /** Sends one frame each way and waits for both. */
  private static void exchange(TestNode a, TestNode b, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    assertThat(a.network().send(b.id, payload)).isEqualTo(SendResult.ACCEPTED);
    assertThat(b.network().send(a.id, payload)).isEqualTo(SendResult.ACCEPTED);
    for (TestNode node : List.of(a, b)) {
      Await.until(
          node + " received \"" + text + "\"",
          () ->
              node.recorder.received.stream()
                  .anyMatch(
                      received ->
                          new String(received.frame(), StandardCharsets.UTF_8).equals(text)));
    }
  }

  private static List<Thread> threadsOf(TestNode node) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("p2p-" + node.id + "-"))
        .filter(Thread::isAlive)
        .toList();
  }

  private static byte[] header(long length, byte kind) {
    return new byte[] {
      (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, kind
    };
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] out = new byte[first.length + second.length];
    System.arraycopy(first, 0, out, 0, first.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }
}
