package io.entente.node.runtime;

import io.entente.core.bytes.Bytes;
import io.entente.node.p2p.PeerId;

/** How a channel's messages leave the node: best effort, never blocking the channel's thread. */
public interface ChannelTransport {
  /** Sends one wire message of {@code channel} to member node {@code to}. */
  void send(PeerId to, String channel, Bytes wire);
}
