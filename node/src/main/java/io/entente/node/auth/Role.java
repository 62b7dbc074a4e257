package io.entente.node.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * A user's role on one institution's nodes (DESIGN §1). Every role may read. Roles do not include
 * one another: an admin manages users but does not submit, and a submitter does not approve.
 */
public enum Role {
  VIEWER("viewer", EnumSet.of(Permission.READ)),
  SUBMITTER("submitter", EnumSet.of(Permission.READ, Permission.SUBMIT)),
  APPROVER("approver", EnumSet.of(Permission.READ, Permission.APPROVE)),
  ADMIN("admin", EnumSet.of(Permission.READ, Permission.MANAGE));

  private final String label;
  private final Set<Permission> permissions;

  Role(String label, Set<Permission> permissions) {
    this.label = label;
    this.permissions = permissions;
  }

  public String label() {
    return label;
  }

  public boolean grants(Permission permission) {
    return permissions.contains(permission);
  }

  public static Role fromLabel(String label) {
    for (Role role : values()) {
      if (role.label.equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + label + "' (expected viewer, submitter, approver or admin)");
  }
}
