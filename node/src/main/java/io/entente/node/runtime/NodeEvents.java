package io.entente.node.runtime;

/**
 * Where a node's channels and network report what happened, for metrics and tests. Called from
 * channel and network threads; implementations must be thread-safe and must not block.
 */
public interface NodeEvents {
  /** Channel name used for events of the node as a whole (the network). */
  String NODE = "-";

  NodeEvents NONE = (channel, name) -> {};

  /** One occurrence of {@code name} in {@code channel} (or {@link #NODE}). */
  void count(String channel, String name);

  /** A client's transaction became final {@code latencyMs} after this node admitted it. */
  default void commitLatency(String channel, long latencyMs) {}
}
