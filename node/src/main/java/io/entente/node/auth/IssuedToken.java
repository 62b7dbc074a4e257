package io.entente.node.auth;

import java.time.Instant;
import java.util.Objects;

/** A bearer token as handed to the client once; the store keeps only its hash. */
public record IssuedToken(String token, Instant expiresAt) {
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "IssuedToken[redacted, expires " + expiresAt + "]";
  }
}
