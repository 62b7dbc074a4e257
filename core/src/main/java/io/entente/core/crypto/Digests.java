package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  /**
   * SHA-256 through the JDK's implementation: the same function as BouncyCastle's {@code
   * SHA256Digest}, but HotSpot compiles it to the processor's SHA instructions where there are any
   * (x86 SHA-NI, ARMv8 SHA2). About six times BouncyCastle's pure-Java rate here, for 300-byte
   * transaction bodies and for 256 KiB alike; the profile of {@code entente bench} with batched
   * records showed SHA-256 as a quarter of the nodes' time (state digests, transaction ids, Merkle
   * roots).
   */
  static Hash sha256(Bytes... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
    for (Bytes part : parts) {
      digest.update(part.unsafeArray());
    }
    return Hash.of(digest.digest());
  }
}
