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
}
