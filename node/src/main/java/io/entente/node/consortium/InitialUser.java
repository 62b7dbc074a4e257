package io.entente.node.consortium;

import io.entente.node.auth.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An API user {@code entente init} creates for every institution, with its own generated password
 * (written once to the institution's credentials file; the nodes' users files hold its hash).
 *
 * @param username the login name, also the prefix of its lines in the credentials file
 * @param roles what it may do (see {@link Role}); roles do not include one another
 * @param purpose who it is for, as the credentials file says
 */
public record InitialUser(String username, Set<Role> roles, String purpose) {
  /** The institution's administrator: reads, and revokes other users' tokens. */
  public static final InitialUser ADMIN =
      new InitialUser("admin", EnumSet.of(Role.ADMIN, Role.VIEWER), "the administrator");

  /** The bank's core system: reads, submits transactions and sends requests as submitter. */
  public static final InitialUser GATEWAY =
      new InitialUser(
          "gateway", EnumSet.of(Role.SUBMITTER, Role.VIEWER), "the bank's core system (gateway)");

  /**
   * Operations staff who act by hand (the maker): reads, proposes break resolutions and submits
   * attestations through the API or the dashboard.
   */
  public static final InitialUser OPERATOR =
      new InitialUser(
          "operator", EnumSet.of(Role.SUBMITTER, Role.VIEWER), "operations staff (maker)");

  /**
   * Operations staff who approve (the checker): reads, accepts agreements and approves or rejects
   * the other bank's break proposals. Never the same user as the maker.
   */
  public static final InitialUser CHECKER =
      new InitialUser(
          "checker", EnumSet.of(Role.APPROVER, Role.VIEWER), "operations staff (checker)");

  /** Every initial user, in the order the credentials and users files list them. */
  public static final List<InitialUser> ALL = List.of(ADMIN, GATEWAY, OPERATOR, CHECKER);

  public InitialUser {
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }

  /** The role labels, comma-separated, in {@link Role} order. */
  public String roleLabels() {
    return String.join(",", roles.stream().sorted().map(Role::label).toList());
  }
}
