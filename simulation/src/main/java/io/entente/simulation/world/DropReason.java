package io.entente.simulation.world;

/** Why the network dropped a message; each reason has its own coverage counter. */
public enum DropReason {
  /** The link's drop probability. */
  RANDOM(Coverage.DROPPED_RANDOM),
  /** Sender and receiver were on different sides of a partition at send or at arrival. */
  PARTITION(Coverage.DROPPED_PARTITION),
  /** The link already had its in-flight bound of messages. */
  LINK_FULL(Coverage.DROPPED_LINK_FULL),
  /** The receiver was down (or not yet started) when the message arrived. */
  NODE_DOWN(Coverage.DROPPED_NODE_DOWN);

  private final String counter;

  DropReason(String counter) {
    this.counter = counter;
  }

  public String counter() {
    return counter;
  }
}
