package io.entente.simulation.world;

/** A run limit was reached; the run fails with {@code reason}. */
final class LimitExceeded extends RuntimeException {
  private final String reason;

  LimitExceeded(String reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
