package io.entente.core.crypto;

/** A private key and its public key, of one suite. */
public record KeyPair(PrivateKey privateKey, PublicKey publicKey) {
  public KeyPair {
    if (privateKey.suite() != publicKey.suite()) {
      throw new IllegalArgumentException("key pair mixes suites");
    }
  }
}
