package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;

/**
 * A signature verification key: the SEC1 compressed point (33 bytes) on the suite's curve (P-256
 * for standard, sm2p256v1 for guomi).
 */
public record PublicKey(SuiteId suite, Bytes encoded) {
  public static final int ENCODED_BYTES = 33;

  public PublicKey {
    if (encoded.length() != ENCODED_BYTES) {
      throw new IllegalArgumentException(
          "a public key is a " + ENCODED_BYTES + "-byte compressed point, got " + encoded.length());
    }
  }
}
