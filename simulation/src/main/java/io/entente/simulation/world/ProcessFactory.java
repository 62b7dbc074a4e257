package io.entente.simulation.world;

/** Makes a fresh process instance for a node, at its first start and at every restart. */
@FunctionalInterface
public interface ProcessFactory {
  Process create(NodeId node);
}
