package io.entente.node.consortium;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * API user passwords at rest: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (PBKDF2-HMAC-SHA256,
 * Base64 without padding, 16-byte salt, 32-byte hash). Only this string is stored; the password is
 * shown once.
 */
public final class PasswordHash {
  /** PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP's 2023 figure for this PRF). */
  public static final int ITERATIONS = 600_000;

  /** Stored hashes asking for more are refused: a crafted users file could stall logins. */
  public static final int ITERATIONS_MAX = 10_000_000;

  public static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private PasswordHash() {}

  public static String hash(char[] password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return encode(ITERATIONS, salt, derive(password, salt, ITERATIONS));
  }

  /**
   * Whether {@code password} matches {@code stored}.
   *
   * @throws IllegalArgumentException if {@code stored} is not a hash of this scheme
   */
  public static boolean verify(String stored, char[] password) {
    String[] parts = stored.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("not a " + SCHEME + " password hash");
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed " + SCHEME + " password hash", e);
    }
    if (iterations < 1 || iterations > ITERATIONS_MAX || expected.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          SCHEME + " hash with " + iterations + " iterations or a wrong length is not accepted");
    }
    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[utf8.remaining()];
    utf8.get(bytes);
    try {
      PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
      generator.init(bytes, salt, iterations);
      return ((KeyParameter) generator.generateDerivedParameters(HASH_BYTES * 8)).getKey();
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (utf8.hasArray()) {
        Arrays.fill(utf8.array(), (byte) 0);
      }
    }
  }

  private static String encode(int iterations, byte[] salt, byte[] hash) {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }
}
