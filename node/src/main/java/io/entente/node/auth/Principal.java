package io.entente.node.auth;

import java.time.Instant;
import java.util.Objects;

/** Who made a request: the user a valid bearer token belongs to, and when that token expires. */
public record Principal(User user, Instant tokenExpiresAt) {
  public Principal {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt");
  }

  public String username() {
    return user.username();
  }

  public String institution() {
    return user.institution();
  }

  public boolean may(Permission permission) {
    return user.may(permission);
  }
}
