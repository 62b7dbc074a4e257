package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** GCM over a 128-bit block cipher (AES-256 or SM4). */
final class GcmAead implements CryptoSuite.Aead {
  private final Supplier<BlockCipher> engine;
  private final int keyBytes;

  GcmAead(Supplier<BlockCipher> engine, int keyBytes) {
    this.engine = engine;
    this.keyBytes = keyBytes;
  }

  @Override
  public int keyBytes() {
    return keyBytes;
  }

  private GCMModeCipher cipher(boolean encrypt, Bytes key, Bytes nonce, Bytes associatedData) {
    if (key.length() != keyBytes) {
      throw new IllegalArgumentException("key must be " + keyBytes + " bytes, got " + key.length());
    }
    if (nonce.length() != NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes");
    }
    GCMModeCipher cipher = GCMBlockCipher.newInstance(engine.get());
    cipher.init(
        encrypt,
        new AEADParameters(
            new KeyParameter(key.unsafeArray()),
            TAG_BYTES * 8,
            nonce.unsafeArray(),
            associatedData.unsafeArray()));
    return cipher;
  }

  @Override
  public Bytes seal(Bytes key, Bytes nonce, Bytes associatedData, Bytes plaintext) {
    GCMModeCipher cipher = cipher(true, key, nonce, associatedData);
    return run(cipher, plaintext).orElseThrow(() -> new IllegalStateException("GCM seal failed"));
  }

  @Override
  public Optional<Bytes> open(Bytes key, Bytes nonce, Bytes associatedData, Bytes ciphertext) {
    if (ciphertext.length() < TAG_BYTES) {
      return Optional.empty();
    }
    return run(cipher(false, key, nonce, associatedData), ciphertext);
  }

  private static Optional<Bytes> run(GCMModeCipher cipher, Bytes input) {
    byte[] in = input.unsafeArray();
    byte[] out = new byte[cipher.getOutputSize(in.length)];
    int written = cipher.processBytes(in, 0, in.length, out, 0);
    try {
      written += cipher.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      return Optional.empty();
    }
    return Optional.of(Bytes.of(out, 0, written));
  }
}
