package io.entente.node.p2p;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot of a {@link P2pNetwork}'s counters (monotonic since start, except {@code
 * peersConnected}). The node exports them to its metrics registry.
 *
 * @param refusals connections refused before carrying a frame, by reason ({@link P2pReasons} and
 *     the certificate reasons)
 * @param closes established connections closed, by reason
 * @param framesRefusedRevoked data frames dropped because they arrived on a session whose
 *     certificate was revoked ({@link P2pNetwork#revoke})
 */
public record P2pMetrics(
    int peersConnected,
    long connectionsOpened,
    long connectAttemptsFailed,
    long framesSent,
    long bytesSent,
    long framesReceived,
    long bytesReceived,
    long sendQueueFull,
    long sendNotConnected,
    long sendUnknownPeer,
    long sendTooLarge,
    long framesOversized,
    long framesMalformed,
    long framesDiscardedOnClose,
    long handlerFailures,
    long framesRefusedRevoked,
    SortedMap<String, Long> refusals,
    SortedMap<String, Long> closes) {

  public P2pMetrics {
    refusals = Collections.unmodifiableSortedMap(new TreeMap<>(refusals));
    closes = Collections.unmodifiableSortedMap(new TreeMap<>(closes));
  }

  /** Refusals with {@code reason}, 0 if none. */
  public long refusals(String reason) {
    return refusals.getOrDefault(reason, 0L);
  }

  /** Closes with {@code reason}, 0 if none. */
  public long closes(String reason) {
    return closes.getOrDefault(reason, 0L);
  }
}
