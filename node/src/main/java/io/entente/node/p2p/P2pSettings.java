package io.entente.node.p2p;

/**
 * The tunable limits of one {@link P2pNetwork}. Production uses {@link #defaults()} (the values of
 * {@link P2pLimits}); tests pass smaller queues and shorter delays.
 */
public record P2pSettings(
    int frameBytesMax,
    int queueFramesMax,
    long queueBytesMax,
    int handshakeTimeoutMs,
    int pingIntervalMs,
    int idleTimeoutMs,
    long reconnectDelayMsBase,
    long reconnectDelayMsMax,
    int handshakesPendingMax) {

  public P2pSettings {
    require(frameBytesMax > 0 && frameBytesMax <= P2pLimits.FRAME_BYTES_MAX, "frameBytesMax");
    require(queueFramesMax > 0, "queueFramesMax");
    require(queueBytesMax >= frameBytesMax, "queueBytesMax (at least one largest frame)");
    require(handshakeTimeoutMs > 0, "handshakeTimeoutMs");
    require(pingIntervalMs > 0, "pingIntervalMs");
    require(idleTimeoutMs > pingIntervalMs, "idleTimeoutMs (longer than the ping interval)");
    require(reconnectDelayMsBase > 0, "reconnectDelayMsBase");
    require(reconnectDelayMsMax >= reconnectDelayMsBase, "reconnectDelayMsMax");
    require(handshakesPendingMax > 0, "handshakesPendingMax");
  }

  public static P2pSettings defaults() {
    return new P2pSettings(
        P2pLimits.FRAME_BYTES_MAX,
        P2pLimits.PEER_QUEUE_FRAMES_MAX,
        P2pLimits.PEER_QUEUE_BYTES_MAX,
        P2pLimits.HANDSHAKE_TIMEOUT_MS,
        P2pLimits.PING_INTERVAL_MS,
        P2pLimits.IDLE_TIMEOUT_MS,
        P2pLimits.RECONNECT_DELAY_MS_BASE,
        P2pLimits.RECONNECT_DELAY_MS_MAX,
        P2pLimits.HANDSHAKES_PENDING_MAX);
  }

  public P2pSettings withQueue(int framesMax, long bytesMax) {
    return new P2pSettings(
        frameBytesMax,
        framesMax,
        bytesMax,
        handshakeTimeoutMs,
        pingIntervalMs,
        idleTimeoutMs,
        reconnectDelayMsBase,
        reconnectDelayMsMax,
        handshakesPendingMax);
  }

  public P2pSettings withFrameBytesMax(int bytesMax) {
    return new P2pSettings(
        bytesMax,
        queueFramesMax,
        Math.max(queueBytesMax, bytesMax),
        handshakeTimeoutMs,
        pingIntervalMs,
        idleTimeoutMs,
        reconnectDelayMsBase,
        reconnectDelayMsMax,
        handshakesPendingMax);
  }

  public P2pSettings withReconnectDelays(long baseMs, long maxMs) {
    return new P2pSettings(
        frameBytesMax,
        queueFramesMax,
        queueBytesMax,
        handshakeTimeoutMs,
        pingIntervalMs,
        idleTimeoutMs,
        baseMs,
        maxMs,
        handshakesPendingMax);
  }

  public P2pSettings withTimeouts(int handshakeMs, int pingMs, int idleMs) {
    return new P2pSettings(
        frameBytesMax,
        queueFramesMax,
        queueBytesMax,
        handshakeMs,
        pingMs,
        idleMs,
        reconnectDelayMsBase,
        reconnectDelayMsMax,
        handshakesPendingMax);
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalArgumentException("p2p setting out of range: " + what);
    }
  }
}
