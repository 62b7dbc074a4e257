package io.entente.simulation.world;

/** A timer of one node, named by the process; setting it again replaces the pending one. */
public record TimerId(String name) implements Comparable<TimerId> {
  public TimerId {
    Names.require("timer", name);
  }

  public static TimerId of(String name) {
    return new TimerId(name);
  }

  @Override
  public int compareTo(TimerId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
