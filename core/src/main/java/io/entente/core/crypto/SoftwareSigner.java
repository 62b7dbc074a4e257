package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;

/** A {@link Signer} over a private key held in memory. */
final class SoftwareSigner implements Signer {
  private final CryptoSuite suite;
  private final PrivateKey key;
  private final PublicKey publicKey;

  SoftwareSigner(CryptoSuite suite, PrivateKey key) {
    if (suite.id() != key.suite()) {
      throw new IllegalArgumentException(
          "a " + key.suite().label() + " key cannot sign in the " + suite.id().label() + " suite");
    }
    this.suite = suite;
    this.key = key;
    this.publicKey = key.publicKey();
  }

  @Override
  public SuiteId suite() {
    return suite.id();
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Signature sign(Bytes message) {
    return suite.sign(key, message);
  }

  @Override
  public String toString() {
    return "SoftwareSigner[" + suite.id().label() + ", " + publicKey.encoded().toHex() + "]";
  }
}
