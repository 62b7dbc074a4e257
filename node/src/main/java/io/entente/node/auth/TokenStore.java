package io.entente.node.auth;

import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens of this node, in memory: a restart logs everyone out.
 *
 * <p>A token is {@value #PREFIX} followed by {@link AuthLimits#TOKEN_RANDOM_BYTES} random bytes in
 * base64url. The store keeps only the SHA-256 of each token, so a heap dump yields no usable token;
 * the stored hash is compared in constant time after the lookup.
 *
 * <p><b>Expiry and rotation.</b> A token expires {@code ttl} after it was issued. Rotating a valid
 * token issues a new one with a fresh expiry and cuts the old one's remaining life to at most
 * {@link AuthLimits#ROTATION_GRACE}, so that requests already in flight with it still succeed; a
 * token that was rotated once cannot be rotated again. Revoking ends a token at once.
 *
 * <p><b>Bounds.</b> Each user holds at most {@link AuthLimits#TOKENS_PER_USER_MAX} live tokens
 * (issuing one more drops that user's oldest), and users are bounded by {@link
 * AuthLimits#USERS_MAX}. Expired tokens are dropped when their user is next issued one and when
 * they are presented.
 *
 * <p>Thread-safe: every method holds the store's monitor briefly; no hashing of passwords happens
 * under it.
 */
public final class TokenStore {
  public static final String PREFIX = "ent1_";

  private final Clock clock;
  private final SecureRandom random;
  private final Duration ttl;
  private final Map<Bytes, Entry> byHash = new HashMap<>();
  private final Map<String, Deque<Bytes>> byUser = new HashMap<>();

  private static final class Entry {
    final Bytes hash;
    final User user;
    Instant expiresAt;
    boolean rotated;

    Entry(Bytes hash, User user, Instant expiresAt) {
      this.hash = hash;
      this.user = user;
      this.expiresAt = expiresAt;
    }
  }

  public TokenStore(Clock clock, SecureRandom random, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(AuthLimits.TOKEN_TTL_MAX) > 0) {
      throw new IllegalArgumentException(
          "token lifetime must be positive and at most " + AuthLimits.TOKEN_TTL_MAX);
    }
    this.clock = clock;
    this.random = random;
    this.ttl = ttl;
  }

  /** A new token for {@code user}. */
  public synchronized IssuedToken issue(User user) {
    Instant now = clock.instant();
    Deque<Bytes> tokens = byUser.computeIfAbsent(user.username(), name -> new ArrayDeque<>());
    tokens.removeIf(
        hash -> {
          boolean dead = !isLive(byHash.get(hash), now);
          if (dead) {
            byHash.remove(hash);
          }
          return dead;
        });
    while (tokens.size() >= AuthLimits.TOKENS_PER_USER_MAX) {
      byHash.remove(tokens.removeFirst());
    }
    byte[] secret = new byte[AuthLimits.TOKEN_RANDOM_BYTES];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Bytes hash = hash(token);
    Instant expiresAt = now.plus(ttl);
    byHash.put(hash, new Entry(hash, user, expiresAt));
    tokens.addLast(hash);
    return new IssuedToken(token, expiresAt);
  }

  /** The principal of a live token; empty for an unknown, expired or revoked token. */
  public synchronized Optional<Principal> authenticate(String token) {
    return live(token).map(entry -> new Principal(entry.user, entry.expiresAt));
  }

  /**
   * A new token for the owner of {@code token}, whose own life is cut to the rotation grace. Empty
   * if {@code token} is not live or was rotated before.
   */
  public synchronized Optional<IssuedToken> rotate(String token) {
    Optional<Entry> found = live(token);
    if (found.isEmpty() || found.get().rotated) {
      return Optional.empty();
    }
    Entry old = found.get();
    old.rotated = true;
    Instant graceEnd = clock.instant().plus(AuthLimits.ROTATION_GRACE);
    if (graceEnd.isBefore(old.expiresAt)) {
      old.expiresAt = graceEnd;
    }
    return Optional.of(issue(old.user));
  }

  /** Ends {@code token} at once; false if it was not live. */
  public synchronized boolean revoke(String token) {
    Optional<Entry> found = live(token);
    found.ifPresent(this::remove);
    return found.isPresent();
  }

  /** Ends every token of {@code username}; returns how many were live. */
  public synchronized int revokeAll(String username) {
    Deque<Bytes> tokens = byUser.remove(username);
    if (tokens == null) {
      return 0;
    }
    Instant now = clock.instant();
    int live = 0;
    for (Bytes hash : tokens) {
      if (isLive(byHash.remove(hash), now)) {
        live++;
      }
    }
    return live;
  }

  /** Live tokens in the store, for metrics and tests. */
  public synchronized int size() {
    Instant now = clock.instant();
    return (int) byHash.values().stream().filter(entry -> isLive(entry, now)).count();
  }

  private Optional<Entry> live(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Bytes hash = hash(token);
    Entry entry = byHash.get(hash);
    // The map lookup matched on the hash; compare it again in constant time so no comparison on
    // the way can leak timing about a stored hash.
    if (entry == null || !MessageDigest.isEqual(entry.hash.unsafeArray(), hash.unsafeArray())) {
      return Optional.empty();
    }
    if (!isLive(entry, clock.instant())) {
      remove(entry);
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  private static boolean isLive(Entry entry, Instant now) {
    return entry != null && now.isBefore(entry.expiresAt);
  }

  private void remove(Entry entry) {
    byHash.remove(entry.hash);
    Deque<Bytes> tokens = byUser.get(entry.user.username());
    if (tokens != null) {
      tokens.remove(entry.hash);
      if (tokens.isEmpty()) {
        byUser.remove(entry.user.username());
      }
    }
  }

  private static Bytes hash(String token) {
    try {
      return Bytes.wrapUnsafe(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
