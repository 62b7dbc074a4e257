package io.entente.node.auth;

import io.entente.core.CoreLimits;
import java.time.Duration;

/** Every limit of users, passwords and tokens, in one place. Names end with their unit. */
public final class AuthLimits {
  private AuthLimits() {}

  /** A users file is a short list; anything larger is refused before it is parsed. */
  public static final int USERS_FILE_BYTES_MAX = 1024 * 1024;

  /** Users of one institution's nodes. Bounds the token store with {@link #TOKENS_PER_USER_MAX}. */
  public static final int USERS_MAX = 1_000;

  /** A username: 1 to this many characters of [A-Za-z0-9._-]. */
  public static final int USERNAME_CHARS_MAX = CoreLimits.USERNAME_BYTES_MAX;

  /** A password as sent to the token endpoint (characters). */
  public static final int PASSWORD_CHARS_MAX = 1_024;

  /** PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP's 2023 figure for this PRF). */
  public static final int PBKDF2_ITERATIONS = 600_000;

  /** A stored hash asking for more is refused: a crafted users file could stall every login. */
  public static final int PBKDF2_ITERATIONS_MAX = 10_000_000;

  /**
   * The fewest iterations a password hash may have. Fewer than {@link #PBKDF2_ITERATIONS} only for
   * tests and demos on one machine ({@code entente init --insecure-key-iterations}); below this a
   * hash is refused as nonsense.
   */
  public static final int PBKDF2_ITERATIONS_MIN = 1_000;

  /** Random salt per password hash. */
  public static final int PBKDF2_SALT_BYTES = 16;

  /** Derived key length of a password hash. */
  public static final int PBKDF2_HASH_BYTES = 32;

  /** A bearer token is this many random bytes (256 bits), base64url-encoded after a prefix. */
  public static final int TOKEN_RANDOM_BYTES = 32;

  /** How long a new token is valid unless the node is configured otherwise. */
  public static final Duration TOKEN_TTL_DEFAULT = Duration.ofHours(1);

  /** The longest token lifetime a node may be configured with. */
  public static final Duration TOKEN_TTL_MAX = Duration.ofHours(24);

  /**
   * After a rotation the old token stays valid this long at most (never longer than it already
   * was), so that requests already in flight with it still succeed.
   */
  public static final Duration ROTATION_GRACE = Duration.ofSeconds(60);

  /**
   * Live tokens per user; issuing one more drops that user's oldest. With {@link #USERS_MAX} this
   * bounds the whole store, and one user cannot push out another's tokens.
   */
  public static final int TOKENS_PER_USER_MAX = 16;
}
