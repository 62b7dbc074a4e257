package io.entente.simulation.world;

import java.util.Objects;

/** A directed link: messages from {@code from} to {@code to}. Ordered by sender, then receiver. */
public record Link(NodeId from, NodeId to) implements Comparable<Link> {
  public Link {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public int compareTo(Link other) {
    int bySender = from.compareTo(other.from);
    return bySender != 0 ? bySender : to.compareTo(other.to);
  }

  @Override
  public String toString() {
    return from + "->" + to;
  }
}
