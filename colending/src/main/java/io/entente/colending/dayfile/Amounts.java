package io.entente.colending.dayfile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Money per component in integer fen; a component is either present (possibly zero) or absent. Used
 * both for an event's components and for the partner's portions of them.
 */
public record Amounts(
    OptionalLong principal, OptionalLong interest, OptionalLong penalty, OptionalLong fee) {

  public static final Amounts NONE =
      new Amounts(
          OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

  public Amounts {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(interest, "interest");
    Objects.requireNonNull(penalty, "penalty");
    Objects.requireNonNull(fee, "fee");
    for (OptionalLong value : new OptionalLong[] {principal, interest, penalty, fee}) {
      if (value.isPresent() && value.getAsLong() < 0) {
        throw new IllegalArgumentException("a money component is negative: " + value.getAsLong());
      }
    }
  }

  /** Amounts with only the given components present. */
  public static Amounts of(Map<Component, Long> fen) {
    return new Amounts(
        optional(fen.get(Component.PRINCIPAL)),
        optional(fen.get(Component.INTEREST)),
        optional(fen.get(Component.PENALTY)),
        optional(fen.get(Component.FEE)));
  }

  /** One present component, every other absent. */
  public static Amounts only(Component component, long fen) {
    Map<Component, Long> map = new EnumMap<>(Component.class);
    map.put(component, fen);
    return of(map);
  }

  public OptionalLong get(Component component) {
    return switch (component) {
      case PRINCIPAL -> principal;
      case INTEREST -> interest;
      case PENALTY -> penalty;
      case FEE -> fee;
    };
  }

  /** A copy with one component set. */
  public Amounts with(Component component, long fen) {
    Map<Component, Long> map = toMap();
    map.put(component, fen);
    return of(map);
  }

  /** The present components, in component order. */
  public Map<Component, Long> toMap() {
    Map<Component, Long> map = new EnumMap<>(Component.class);
    for (Component component : Component.values()) {
      get(component).ifPresent(value -> map.put(component, value));
    }
    return map;
  }

  public boolean isEmpty() {
    return toMap().isEmpty();
  }

  /** The sum of the present components (zero when none is). */
  public long total() {
    long sum = 0;
    for (long value : toMap().values()) {
      sum = Math.addExact(sum, value);
    }
    return sum;
  }

  /** The component's value, zero when absent. */
  public long orZero(Component component) {
    return get(component).orElse(0);
  }

  private static OptionalLong optional(Long value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
