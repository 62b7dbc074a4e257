package io.entente.node.p2p;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The live counters behind {@link P2pMetrics}; updated from any network thread. */
final class Counters {
  final LongAdder connectionsOpened = new LongAdder();
  final LongAdder connectAttemptsFailed = new LongAdder();
  final LongAdder framesSent = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder framesReceived = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  final LongAdder sendQueueFull = new LongAdder();
  final LongAdder sendNotConnected = new LongAdder();
  final LongAdder sendUnknownPeer = new LongAdder();
  final LongAdder sendTooLarge = new LongAdder();
  final LongAdder framesOversized = new LongAdder();
  final LongAdder framesMalformed = new LongAdder();
  final LongAdder framesDiscardedOnClose = new LongAdder();
  final LongAdder handlerFailures = new LongAdder();
  final LongAdder framesRefusedRevoked = new LongAdder();
  private final ConcurrentSkipListMap<String, LongAdder> refusals = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<String, LongAdder> closes = new ConcurrentSkipListMap<>();

  void refused(String reason) {
    refusals.computeIfAbsent(reason, unused -> new LongAdder()).increment();
  }

  void closed(String reason) {
    closes.computeIfAbsent(reason, unused -> new LongAdder()).increment();
  }

  P2pMetrics snapshot(IntSupplier peersConnected) {
    return new P2pMetrics(
        peersConnected.getAsInt(),
        connectionsOpened.sum(),
        connectAttemptsFailed.sum(),
        framesSent.sum(),
        bytesSent.sum(),
        framesReceived.sum(),
        bytesReceived.sum(),
        sendQueueFull.sum(),
        sendNotConnected.sum(),
        sendUnknownPeer.sum(),
        sendTooLarge.sum(),
        framesOversized.sum(),
        framesMalformed.sum(),
        framesDiscardedOnClose.sum(),
        handlerFailures.sum(),
        framesRefusedRevoked.sum(),
        sums(refusals),
        sums(closes));
  }

  private static TreeMap<String, Long> sums(Map<String, LongAdder> counters) {
    TreeMap<String, Long> out = new TreeMap<>();
    counters.forEach((reason, count) -> out.put(reason, count.sum()));
    return out;
  }
}
