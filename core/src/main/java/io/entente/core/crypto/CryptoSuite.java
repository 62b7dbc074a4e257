package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;

/**
 * One consortium's cryptography, fixed at genesis: a hash, a signature scheme with one key type
 * used for both p2p TLS and signatures, and an AEAD cipher for data at rest.
 */
public interface CryptoSuite {

  static CryptoSuite of(SuiteId id) {
    return switch (id) {
      case STANDARD -> StandardSuite.INSTANCE;
      case GUOMI -> GuomiSuite.INSTANCE;
    };
  }

  SuiteId id();

  /** SHA-256 or SM3 of the concatenation of {@code parts}. */
  Hash hash(Bytes... parts);

  /** Verifies a signature over {@code message}; rejects non-canonical (high-S) signatures. */
  Check verify(PublicKey key, Bytes message, Signature signature);
}
