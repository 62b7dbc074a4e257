package io.entente.node.p2p;

import java.util.Locale;

/**
 * A connection refused before it carried any frame: who ({@code remote} address and the direction),
 * the stable {@code reason} and a {@code detail} naming what was presented (certificate subject,
 * issuer, serial and fingerprint when a certificate was involved).
 */
public record Refusal(Direction direction, String remote, String reason, String detail) {

  /** The log line: who presented what, and why it was refused. */
  public String logLine() {
    return "p2p refused "
        + direction.name().toLowerCase(Locale.ROOT)
        + " connection "
        + remote
        + ": "
        + reason
        + ": "
        + detail;
  }
}
