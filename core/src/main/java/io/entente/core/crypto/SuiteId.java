package io.entente.core.crypto;

/** The crypto suite of a consortium, fixed at genesis. The code is its canonical encoding. */
public enum SuiteId {
  /** ECDSA P-256 with SHA-256, AES-256-GCM. */
  STANDARD(1, "standard"),
  /** SM2 (GB/T 32918, default user id) with SM3, SM4-GCM. */
  GUOMI(2, "guomi");

  private final int code;
  private final String label;

  SuiteId(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  public String label() {
    return label;
  }

  public static SuiteId fromCode(int code) {
    for (SuiteId id : values()) {
      if (id.code == code) {
        return id;
      }
    }
    throw new IllegalArgumentException("unknown crypto suite code " + code);
  }

  public static SuiteId fromLabel(String label) {
    for (SuiteId id : values()) {
      if (id.label.equals(label)) {
        return id;
      }
    }
    throw new IllegalArgumentException(
        "unknown crypto suite '" + label + "' (expected standard or guomi)");
  }
}
