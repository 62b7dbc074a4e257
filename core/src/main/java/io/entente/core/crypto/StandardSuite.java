package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/** ECDSA P-256 with SHA-256, AES-256-GCM. */
final class StandardSuite implements CryptoSuite {
  static final StandardSuite INSTANCE = new StandardSuite();

  private StandardSuite() {}

  @Override
  public SuiteId id() {
    return SuiteId.STANDARD;
  }

  @Override
  public Hash hash(Bytes... parts) {
    return Digests.digest(new SHA256Digest(), parts);
  }

  static Digest newDigest() {
    return new SHA256Digest();
  }

  @Override
  public Check verify(PublicKey key, Bytes message, Signature signature) {
    throw new UnsupportedOperationException("ECDSA verification: work in progress");
  }
}
