package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;

/**
 * A signature as r ‖ s, each a 32-byte big-endian integer. Fixed width, so there is exactly one
 * encoding; for ECDSA, s must also be in the lower half of the group order (low-S).
 */
public record Signature(Bytes value) {
  public static final int LENGTH_BYTES = 64;

  public Signature {
    if (value.length() != LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "a signature is " + LENGTH_BYTES + " bytes (r ‖ s), got " + value.length());
    }
  }
}
