package io.entente.node.p2p;

/** What became of a frame given to {@link P2pNetwork#send}. Every outcome is counted. */
public enum SendResult {
  /** Queued for the peer's connection; it is written in order unless the connection breaks. */
  ACCEPTED,
  /** The peer's outbound queue is full (frames or bytes); the frame was not queued. */
  QUEUE_FULL,
  /** The peer is configured but has no authenticated connection now; the frame was not queued. */
  NOT_CONNECTED,
  /** The peer is not one of the configured peers. */
  UNKNOWN_PEER,
  /** The frame is larger than the frame limit. */
  TOO_LARGE;

  public boolean isAccepted() {
    return this == ACCEPTED;
  }
}
