package io.entente.core.governance;

/** What an institution is in the consortium. The code is its canonical encoding. */
public enum Role {
  /** The bank that originates loans and is a party to every bilateral channel. */
  LEAD(1, "lead"),
  /** A bank that funds a share of the lead's loans through one bilateral channel. */
  PARTNER(2, "partner"),
  /** A neutral witness or regulator: raises a channel's fault tolerance, holds no loans. */
  WITNESS(3, "witness");

  private final int code;
  private final String label;

  Role(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  public String label() {
    return label;
  }

  public static Role fromCode(int code) {
    for (Role role : values()) {
      if (role.code == code) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown institution role code " + code);
  }
}
