package io.entente.node.p2p;

/**
 * Events of a {@link P2pNetwork}, for metrics, logs and tests. Called on network threads; an
 * implementation must return quickly and never block.
 */
public interface P2pListener {
  P2pListener NONE = new P2pListener() {};

  /** An authenticated connection with {@code peer} completed its hello and carries frames. */
  default void connected(PeerId peer, Direction direction, int version) {}

  /** The connection with {@code peer} closed. */
  default void disconnected(PeerId peer, String reason, String detail) {}

  /** A connection was refused (it never carried a frame), or an established one was revoked. */
  default void refused(Refusal refusal) {}

  /**
   * The session with {@code peer} was marked revoked by {@link P2pNetwork#revoke}: none of its
   * frames reaches the handler from now on, and its close has begun. Called on the thread that
   * revoked, before {@code revoke} returns.
   */
  default void sessionRevoked(PeerId peer, String detail) {}
}
