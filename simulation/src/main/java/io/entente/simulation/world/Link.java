package io.entente.simulation.world;

import java.util.Comparator;
import java.util.Objects;

/** A directed link: messages from {@code from} to {@code to}. Ordered by sender, then receiver. */
public record Link(NodeId from, NodeId to) implements Comparable<Link> {
  private static final Comparator<Link> ORDER =
      Comparator.comparing(Link::from).thenComparing(Link::to);

  public Link {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public int compareTo(Link other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return from + "->" + to;
  }
}
