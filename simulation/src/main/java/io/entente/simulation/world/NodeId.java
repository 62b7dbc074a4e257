package io.entente.simulation.world;

/** A node of the world: one process with its own disk. Ordered by name. */
public record NodeId(String name) implements Comparable<NodeId> {
  public NodeId {
    Names.require("node", name);
  }

  public static NodeId of(String name) {
    return new NodeId(name);
  }

  @Override
  public int compareTo(NodeId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
