package io.entente.node.p2p;

/**
 * Receives the data frames of authenticated peers. It is called on the reading thread of the peer's
 * connection, one frame at a time per peer, in the order the peer sent them. A handler that blocks
 * holds back that peer only: TCP flow control then fills the peer's outbound queue, which reports
 * {@link SendResult#QUEUE_FULL} to its sender.
 */
@FunctionalInterface
public interface InboundHandler {
  /**
   * @param from the authenticated identity of the sender (institution of its issuing member CA and
   *     its node key fingerprint); channel membership is the caller's to check
   * @param frame the payload, a fresh array the handler may keep
   */
  void onFrame(PeerId from, byte[] frame);
}
