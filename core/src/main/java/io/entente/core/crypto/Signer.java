package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;

/**
 * Something that holds a private key and signs with it. Software keys implement it today; a PKCS#11
 * HSM can implement it without the rest of the system noticing.
 */
public interface Signer {
  SuiteId suite();

  PublicKey publicKey();

  /** Signs {@code message} (the suite hashes it); the result is canonical (low-S for ECDSA). */
  Signature sign(Bytes message);
}
