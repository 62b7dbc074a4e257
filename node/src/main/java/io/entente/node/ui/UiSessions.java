package io.entente.node.ui;

import io.entente.node.auth.User;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's login sessions, in memory on one node (users belong to the institution's nodes,
 * and a restart logs everyone out). A session has a random id, sent only as a cookie, and its own
 * random CSRF token, which every state-changing request must carry back in a form field or header.
 * Sessions end on logout, after {@link UiLimits#SESSION_IDLE} without a request, and {@link
 * UiLimits#SESSION_LIFETIME} after login.
 */
final class UiSessions {
  private static final int SECRET_BYTES = 32;

  /** One logged-in user. {@code lastSeen} moves on every request. */
  static final class Session {
    private final String id;
    private final String csrfToken;
    private final User user;
    private final Instant createdAt;
    private volatile Instant lastSeen;
    private final java.util.concurrent.atomic.AtomicReference<String> flash =
        new java.util.concurrent.atomic.AtomicReference<>("");

    private Session(String id, String csrfToken, User user, Instant createdAt) {
      this.id = id;
      this.csrfToken = csrfToken;
      this.user = user;
      this.createdAt = createdAt;
      this.lastSeen = createdAt;
    }

    String id() {
      return id;
    }

    String csrfToken() {
      return csrfToken;
    }

    User user() {
      return user;
    }

    /** Keeps a message for the next page this session shows (the outcome of an action). */
    void flash(String message) {
      flash.set(message);
    }

    /** The message kept for this page, once; empty if none. */
    String takeFlash() {
      return flash.getAndSet("");
    }

    /** Whether {@code token} is this session's CSRF token (compared in constant time). */
    boolean csrfMatches(String token) {
      return token != null
          && MessageDigest.isEqual(
              token.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              csrfToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SecureRandom random;

  UiSessions(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** Starts a session for a user who has just proved their password. */
  Session open(User user) {
    Instant now = clock.instant();
    sessions.values().removeIf(session -> expired(session, now));
    while (sessions.size() >= UiLimits.SESSIONS_MAX) {
      sessions.values().stream()
          .min(Comparator.comparing((Session session) -> session.lastSeen))
          .ifPresent(oldest -> sessions.remove(oldest.id));
    }
    Session session = new Session(secret(), secret(), user, now);
    sessions.put(session.id, session);
    return session;
  }

  /** The live session with this id, its idle clock restarted; empty if unknown or ended. */
  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      sessions.remove(id, session);
      return Optional.empty();
    }
    session.lastSeen = now;
    return Optional.of(session);
  }

  /** Whether the session is still live, without counting this as activity (for live pages). */
  boolean alive(String id) {
    Session session = sessions.get(id);
    return session != null && !expired(session, clock.instant());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  int size() {
    return sessions.size();
  }

  private static boolean expired(Session session, Instant now) {
    return !now.isBefore(session.lastSeen.plus(UiLimits.SESSION_IDLE))
        || !now.isBefore(session.createdAt.plus(UiLimits.SESSION_LIFETIME));
  }

  private String secret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
