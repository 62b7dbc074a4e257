package io.entente.node.runtime;

import io.entente.core.bytes.Bytes;
import io.entente.node.p2p.PeerId;

/**
 * What a channel runtime does with its log and the network, in order, on the channel's thread: for
 * tests that check the durability order around the real shell, and for tracing. Must not block.
 */
public interface RuntimeProbe {
  RuntimeProbe NONE = new RuntimeProbe() {};

  /** A record was appended to the write-ahead log (not yet durable). */
  default void walAppended(String channel, long height, Bytes record) {}

  /** The write-ahead log was synced: every record appended before is durable. */
  default void walSynced(String channel) {}

  /** A wire message of member node {@code from} is about to be handled by the channel. */
  default void delivered(String channel, PeerId from) {}

  /** A wire message was handed to the network. */
  default void sent(String channel, PeerId to, Bytes wire) {}

  /** A final block was committed to the store (one synced batch). */
  default void committed(String channel, long height) {}
}
