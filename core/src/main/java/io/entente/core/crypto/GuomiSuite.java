package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import org.bouncycastle.crypto.digests.SM3Digest;

/** SM2 with the default user id of GB/T 32918, SM3, SM4-GCM. */
final class GuomiSuite implements CryptoSuite {
  static final GuomiSuite INSTANCE = new GuomiSuite();

  private GuomiSuite() {}

  @Override
  public SuiteId id() {
    return SuiteId.GUOMI;
  }

  @Override
  public Hash hash(Bytes... parts) {
    return Digests.digest(new SM3Digest(), parts);
  }

  @Override
  public Check verify(PublicKey key, Bytes message, Signature signature) {
    throw new UnsupportedOperationException("SM2 verification: work in progress");
  }
}
