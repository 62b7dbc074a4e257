package io.entente.node.p2p;

import java.util.OptionalInt;

/** The p2p protocol versions a node speaks, inclusive. Exchanged in the hello. */
public record VersionRange(int min, int max) {
  /** The largest version a p2p hello can carry. */
  public static final int VERSION_MAX = 0xffff;

  /** What this build speaks. */
  public static final VersionRange CURRENT = new VersionRange(1, 1);

  public VersionRange {
    if (min < 1 || max > VERSION_MAX || min > max) {
      throw new IllegalArgumentException(
          "a version range is 1 <= min <= max <= " + VERSION_MAX + ", got " + min + ".." + max);
    }
  }

  /** The highest version both ranges contain, if any. */
  public OptionalInt highestCommon(VersionRange other) {
    int high = Math.min(max, other.max);
    int low = Math.max(min, other.min);
    return high >= low ? OptionalInt.of(high) : OptionalInt.empty();
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "]";
  }
}
