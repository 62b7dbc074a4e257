package io.entente.node.p2p;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records what a {@link P2pNetwork} reports and receives, for assertions. */
final class Recorder implements P2pListener, InboundHandler {
  record Received(PeerId from, byte[] frame) {}

  record Connected(PeerId peer, Direction direction, int version) {}

  record Disconnected(PeerId peer, String reason, String detail) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  final List<Connected> connected = new CopyOnWriteArrayList<>();
  final List<Disconnected> disconnected = new CopyOnWriteArrayList<>();
  final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  final List<PeerId> revokedSessions = new CopyOnWriteArrayList<>();

  /** While set, {@link #onFrame} waits for it: a handler that holds its peer back. */
  volatile CountDownLatch gate;

  @Override
  public void onFrame(PeerId from, byte[] frame) {
    CountDownLatch current = gate;
    if (current != null) {
      try {
        current.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    received.add(new Received(from, frame));
  }

  @Override
  public void connected(PeerId peer, Direction direction, int version) {
    connected.add(new Connected(peer, direction, version));
  }

  @Override
  public void disconnected(PeerId peer, String reason, String detail) {
    disconnected.add(new Disconnected(peer, reason, detail));
  }

  @Override
  public void refused(Refusal refusal) {
    refusals.add(refusal);
  }

  @Override
  public void sessionRevoked(PeerId peer, String detail) {
    revokedSessions.add(peer);
  }

  boolean refusedFor(String reason) {
    return refusals.stream().anyMatch(refusal -> refusal.reason().equals(reason));
  }

  Refusal refusal(String reason) {
    return refusals.stream()
        .filter(refusal -> refusal.reason().equals(reason))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no refusal for " + reason + " in " + refusals));
  }

  boolean disconnectedFor(String reason) {
    return disconnected.stream().anyMatch(event -> event.reason().equals(reason));
  }
}
