package io.entente.node.api;

import io.entente.node.api.ApiJson.RevokedJson;
import io.entente.node.api.ApiJson.TokenJson;
import io.entente.node.api.ApiJson.TokenRequest;
import io.entente.node.auth.AuthLimits;
import io.entente.node.auth.IssuedToken;
import io.entente.node.auth.TokenStore;
import io.entente.node.auth.User;
import io.entente.node.auth.Users;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** Logging in, rotating and revoking bearer tokens (see {@link TokenStore} for the rules). */
final class AuthEndpoints {
  private final Users users;
  private final TokenStore tokens;
  private final Clock clock;
  private final Semaphore logins = new Semaphore(ApiLimits.LOGINS_CONCURRENT_MAX);

  AuthEndpoints(Users users, TokenStore tokens, Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.clock = clock;
  }

  Reply issue(Call call) throws Exception {
    TokenRequest request =
        Json.parse(call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), TokenRequest.class);
    String username = Json.required(request.username(), "username");
    String password = Json.required(request.password(), "password");
    if (password.length() > AuthLimits.PASSWORD_CHARS_MAX) {
      throw ApiProblem.invalidField(
          "password", "at most " + AuthLimits.PASSWORD_CHARS_MAX + " characters");
    }
    if (!logins.tryAcquire()) {
      throw ApiProblem.unavailable(
          "busy",
          "Too many logins at once",
          "the node is checking other logins; retry shortly",
          ApiLimits.BUSY_RETRY_AFTER);
    }
    Optional<User> user;
    try {
      user = users.authenticate(username, password.toCharArray());
    } finally {
      logins.release();
    }
    if (user.isEmpty()) {
      throw ApiProblem.unauthorized("wrong username or password")
          .with("reason", "invalid-credentials");
    }
    return Reply.json(201, json(tokens.issue(user.get())));
  }

  Reply rotate(Call call) {
    String token = call.bearerToken().orElseThrow();
    IssuedToken rotated =
        tokens
            .rotate(token)
            .orElseThrow(
                () ->
                    ApiProblem.forbidden(
                            "this token was rotated already; rotate the newer one or log in")
                        .with("reason", "already-rotated"));
    return Reply.json(201, json(rotated));
  }

  Reply revokeCurrent(Call call) {
    tokens.revoke(call.bearerToken().orElseThrow());
    return Reply.noContent();
  }

  Reply revokeUser(Call call) {
    String username = call.path("username");
    if (users.find(username).isEmpty()) {
      throw ApiProblem.notFound("no user " + username + " on this node")
          .with("reason", "unknown-user");
    }
    return Reply.json(200, new RevokedJson(tokens.revokeAll(username)));
  }

  private TokenJson json(IssuedToken issued) {
    long seconds = Math.max(0, Duration.between(clock.instant(), issued.expiresAt()).toSeconds());
    return new TokenJson(issued.token(), "Bearer", issued.expiresAt().toString(), seconds);
  }
}
