package io.entente.core.check;

import java.util.function.Supplier;

/**
 * The outcome of a check: a rule that accepts or rejects input. A rejection carries a stable
 * machine-readable {@code reason} (counted in metrics) and a human-readable {@code detail}.
 */
public sealed interface Check permits Check.Accepted, Check.Rejected {

  Accepted ACCEPTED = new Accepted();

  static Check accepted() {
    return ACCEPTED;
  }

  static Check rejected(String reason, String detail) {
    return new Rejected(reason, detail);
  }

  /** Accepted when {@code condition} holds, otherwise rejected with the reason and detail. */
  static Check require(boolean condition, String reason, Supplier<String> detail) {
    return condition ? ACCEPTED : new Rejected(reason, detail.get());
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** This check if it rejected, otherwise the next one. */
  default Check and(Supplier<Check> next) {
    return this instanceof Rejected ? this : next.get();
  }

  /** Prefixes the detail of a rejection with the context in which the check ran. */
  default Check within(String context) {
    if (this instanceof Rejected rejected) {
      return new Rejected(rejected.reason(), context + ": " + rejected.detail());
    }
    return this;
  }

  record Accepted() implements Check {}

  record Rejected(String reason, String detail) implements Check {
    public Rejected {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("a rejection needs a reason");
      }
    }

    @Override
    public String toString() {
      return "rejected[" + reason + "]: " + detail;
    }
  }
}
