package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import org.bouncycastle.crypto.Digest;

final class Digests {
  private Digests() {}

  static Hash digest(Digest digest, Bytes... parts) {
    for (Bytes part : parts) {
      byte[] array = part.unsafeArray();
      digest.update(array, 0, array.length);
    }
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return Hash.of(out);
  }
}
