package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * One consortium's cryptography, fixed at genesis: a hash, a signature scheme with one key type
 * used for both p2p TLS and signatures, and an AEAD cipher for data at rest.
 *
 * <p>Signing is deterministic in both suites (the nonce is derived from the key and the message as
 * in RFC 6979), so the same key and message always give the same signature: replays in the
 * simulator are exact and no randomness is needed after key generation.
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

  /** A fresh key pair; {@code random} is the only source of entropy used. */
  KeyPair generateKeyPair(SecureRandom random);

  /** Signs {@code message} (hashed by the suite). The result is canonical: low-S for ECDSA. */
  Signature sign(PrivateKey key, Bytes message);

  /**
   * Verifies a signature over {@code message}. Rejects with a reason: a key or signature of another
   * suite, a key that is not a curve point, r or s out of range, a high-S ECDSA signature, or a
   * signature that does not match.
   */
  Check verify(PublicKey key, Bytes message, Signature signature);

  /** A signer holding {@code key} in memory. */
  default Signer signer(PrivateKey key) {
    return new SoftwareSigner(this, key);
  }

  /** Fingerprint of a public key: the suite's hash of its encoding. */
  default Hash fingerprint(PublicKey key) {
    return hash(key.encoded());
  }

  /** AES-256-GCM (standard) or SM4-GCM (guomi). */
  Aead aead();

  /** Authenticated encryption with a 12-byte nonce and a 16-byte tag appended to the output. */
  interface Aead {
    int NONCE_BYTES = 12;
    int TAG_BYTES = 16;

    /** 32 for AES-256, 16 for SM4. */
    int keyBytes();

    Bytes seal(Bytes key, Bytes nonce, Bytes associatedData, Bytes plaintext);

    /** Empty when the ciphertext, nonce, key or associated data do not authenticate. */
    Optional<Bytes> open(Bytes key, Bytes nonce, Bytes associatedData, Bytes ciphertext);
  }
}
