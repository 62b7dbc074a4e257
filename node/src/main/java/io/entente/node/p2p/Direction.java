package io.entente.node.p2p;

/** Who opened a connection: the peer (inbound, we are the TLS server) or we (outbound). */
public enum Direction {
  INBOUND,
  OUTBOUND
}
