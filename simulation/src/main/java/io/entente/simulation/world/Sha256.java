package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 from the JDK, for the simulator's own hashing (the trace hash, the simulated suite). It
 * gives the same digests as {@code CryptoSuite.of(STANDARD)}, and where the CPU has SHA
 * instructions the JDK uses them, several times faster than the BouncyCastle digest in Java.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest; a {@link MessageDigest} is not thread-safe, so each owner keeps its own. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException missing) {
      throw new IllegalStateException("every Java platform has SHA-256", missing);
    }
  }

  /** The digest of the concatenation of {@code parts}; {@code digest} is reset afterwards. */
  public static Hash hash(MessageDigest digest, Bytes... parts) {
    for (Bytes part : parts) {
      digest.update(part.unsafeArray());
    }
    return new Hash(Bytes.wrapUnsafe(digest.digest()));
  }
}
