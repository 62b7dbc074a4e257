package io.entente.node.auth;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A user of one institution's nodes: never stored on a shared ledger. */
public record User(String username, String institution, Set<Role> roles, PasswordHash password) {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]+");

  public User {
    requireUsername(username);
    Objects.requireNonNull(institution, "institution");
    if (institution.isBlank()) {
      throw new IllegalArgumentException("user " + username + " has no institution");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("user " + username + " has no role");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
    Objects.requireNonNull(password, "password");
  }

  public boolean may(Permission permission) {
    for (Role role : roles) {
      if (role.grants(permission)) {
        return true;
      }
    }
    return false;
  }

  static void requireUsername(String username) {
    Objects.requireNonNull(username, "username");
    if (username.length() > AuthLimits.USERNAME_CHARS_MAX
        || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "a username is 1 to "
              + AuthLimits.USERNAME_CHARS_MAX
              + " characters of letters, digits, '.', '_' and '-'");
    }
  }

  @Override
  public String toString() {
    return "User[" + username + ", " + institution + ", " + roles + "]";
  }
}
