package io.entente.simulation.channel;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.simulation.world.Sha256;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The standard suite with simulated signatures, so whole channels run fast: hashes are real SHA-256
 * (block hashes, fingerprints and the genesis hash agree with {@code CryptoSuite.of (STANDARD)}),
 * and a signature is HMAC-SHA-256 under a per-node secret, expanded to 64 bytes.
 *
 * <p>Only this registry knows the secrets: it hands each node nothing but its own {@link Signer},
 * so simulated Byzantine code cannot sign for anyone else. Verification looks the secret up by
 * public key; an unknown key never verifies.
 *
 * <p>Hashes and keyed hashes are the JDK's SHA-256 and HMAC-SHA-256 (the same functions as
 * BouncyCastle's, faster where the CPU has SHA instructions). One instance belongs to one run (one
 * world, one thread): it keeps a digest for reuse and is not thread-safe.
 */
final class SimulatedSuite implements CryptoSuite {
  static final String SIGNATURE_INVALID = "simulated-signature-invalid";
  static final String KEY_UNKNOWN = "simulated-key-unknown";

  private static final CryptoSuite REAL = CryptoSuite.of(SuiteId.STANDARD);
  private static final int SECRET_BYTES = 32;

  private static final String HMAC_SHA256 = "HmacSHA256";

  private final TreeMap<Bytes, byte[]> secretsByKey = new TreeMap<>();
  private final MessageDigest sha256 = Sha256.newDigest();

  /** A new node key: the secret comes from the world's generator, so seeds replay. */
  Signer newSigner(java.util.random.RandomGenerator random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    byte[] encoded = new byte[PublicKey.ENCODED_BYTES];
    encoded[0] = 0x02;
    byte[] digest = REAL.hash(Bytes.of(secret)).value().unsafeArray();
    System.arraycopy(digest, 0, encoded, 1, digest.length);
    PublicKey key = new PublicKey(SuiteId.STANDARD, Bytes.of(encoded));
    if (secretsByKey.put(key.encoded(), secret) != null) {
      throw new IllegalStateException("two simulated keys collide");
    }
    return new SimulatedSigner(key, secret);
  }

  @Override
  public SuiteId id() {
    return SuiteId.STANDARD;
  }

  @Override
  public Hash hash(Bytes... parts) {
    return Sha256.hash(sha256, parts);
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    throw new UnsupportedOperationException("simulated keys come from newSigner");
  }

  @Override
  public Signature sign(PrivateKey key, Bytes message) {
    throw new UnsupportedOperationException("simulated keys sign through their Signer only");
  }

  @Override
  public Check verify(PublicKey key, Bytes message, Signature signature) {
    byte[] secret = secretsByKey.get(key.encoded());
    if (secret == null) {
      return Check.rejected(KEY_UNKNOWN, "no simulated node has this key");
    }
    return Check.require(
        mac(secret, message).equals(signature.value()),
        SIGNATURE_INVALID,
        () -> "the keyed hash does not match key and message");
  }

  @Override
  public Aead aead() {
    return REAL.aead();
  }

  static Bytes mac(byte[] secret, Bytes message) {
    byte[] out = new byte[Signature.LENGTH_BYTES];
    try {
      Mac hmac = Mac.getInstance(HMAC_SHA256);
      hmac.init(new SecretKeySpec(secret, HMAC_SHA256));
      for (int half = 0; half < 2; half++) {
        hmac.update((byte) half);
        hmac.update(message.unsafeArray(), 0, message.length());
        hmac.doFinal(out, half * 32);
      }
    } catch (GeneralSecurityException missing) {
      throw new IllegalStateException("every Java platform has HMAC-SHA-256", missing);
    }
    return Bytes.wrapUnsafe(out);
  }

  private record SimulatedSigner(PublicKey publicKey, byte[] secret) implements Signer {
    @Override
    public SuiteId suite() {
      return SuiteId.STANDARD;
    }

    @Override
    public Signature sign(Bytes message) {
      return new Signature(mac(secret, message));
    }
  }

  @Override
  public String toString() {
    return "simulated (SHA-256, HMAC-SHA-256 signatures)";
  }
}
