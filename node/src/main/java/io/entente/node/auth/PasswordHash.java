package io.entente.node.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash (BouncyCastle), written {@code
 * pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}: the one password hash of Entente, used
 * by the API to check logins and by {@code entente init} to write its users. Passwords are never
 * stored; a hash is compared in constant time.
 *
 * <p>{@link #parse} accepts Base64 with or without padding, {@link
 * AuthLimits#PBKDF2_ITERATIONS_MIN} to {@link AuthLimits#PBKDF2_ITERATIONS_MAX} iterations, a salt
 * of at least {@link AuthLimits#PBKDF2_SALT_BYTES} bytes and a hash of exactly {@link
 * AuthLimits#PBKDF2_HASH_BYTES}.
 */
public final class PasswordHash {
  static final String SCHEME = "pbkdf2-sha256";

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a fresh salt and {@link AuthLimits#PBKDF2_ITERATIONS}. */
  public static PasswordHash create(char[] password, SecureRandom random) {
    return create(password, random, AuthLimits.PBKDF2_ITERATIONS);
  }

  /**
   * As {@link #create(char[], SecureRandom)} with {@code iterations} instead of {@link
   * AuthLimits#PBKDF2_ITERATIONS}; fewer only for tests and demos.
   *
   * @throws IllegalArgumentException if {@code iterations} is out of bounds
   */
  public static PasswordHash create(char[] password, SecureRandom random, int iterations) {
    requireIterations(iterations);
    byte[] salt = new byte[AuthLimits.PBKDF2_SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /**
   * Parses the text form, as found in a users file.
   *
   * @throws IllegalArgumentException saying what is wrong, never quoting the hash
   */
  public static PasswordHash parse(String text) {
    String[] parts = text.split("\\$", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException(
          "a password hash reads " + SCHEME + "$<iterations>$<salt base64>$<hash base64>");
    }
    // Plain decimal digits: no sign, no spaces; nine digits cover every allowed count.
    if (!parts[1].matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("password hash iterations are not a number");
    }
    int iterations = Integer.parseInt(parts[1]);
    requireIterations(iterations);
    byte[] salt = decode(parts[2], "salt");
    byte[] hash = decode(parts[3], "hash");
    if (salt.length < AuthLimits.PBKDF2_SALT_BYTES || hash.length != AuthLimits.PBKDF2_HASH_BYTES) {
      throw new IllegalArgumentException(
          "a password hash has a salt of at least "
              + AuthLimits.PBKDF2_SALT_BYTES
              + " bytes and a hash of "
              + AuthLimits.PBKDF2_HASH_BYTES);
    }
    return new PasswordHash(iterations, salt, hash);
  }

  private static byte[] decode(String base64, String what) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("password hash " + what + " is not base64");
    }
  }

  private static void requireIterations(int iterations) {
    if (iterations < AuthLimits.PBKDF2_ITERATIONS_MIN
        || iterations > AuthLimits.PBKDF2_ITERATIONS_MAX) {
      throw new IllegalArgumentException(
          "password hash iterations must be "
              + AuthLimits.PBKDF2_ITERATIONS_MIN
              + " to "
              + AuthLimits.PBKDF2_ITERATIONS_MAX
              + ", got "
              + iterations);
    }
  }

  /** Whether {@code password} hashes to this hash; the comparison takes constant time. */
  public boolean matches(char[] password) {
    return org.bouncycastle.util.Arrays.constantTimeAreEqual(
        hash, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    try {
      PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
      generator.init(bytes, salt, iterations);
      return ((KeyParameter) generator.generateDerivedParameters(AuthLimits.PBKDF2_HASH_BYTES * 8))
          .getKey();
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
    }
  }

  /** The PBKDF2 iterations of this hash: what checking a password against it costs. */
  public int iterations() {
    return iterations;
  }

  /** The text form for a users file. */
  public String text() {
    return SCHEME
        + "$"
        + iterations
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(hash);
  }

  @Override
  public String toString() {
    return "PasswordHash[" + SCHEME + ", " + iterations + " iterations, redacted]";
  }
}
