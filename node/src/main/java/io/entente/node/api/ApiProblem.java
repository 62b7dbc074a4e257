package io.entente.node.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An operating error answered as an RFC 9457 problem ({@code application/problem+json}): bad input,
 * missing credentials, an unknown resource, a full queue. Thrown by endpoints, answered by the
 * dispatcher; a request that ends in a problem changes nothing.
 *
 * @param code the last part of the problem type {@code urn:entente:problem:<code>}
 * @param extensions extra members (for example {@code field}, {@code originalTxId}), in order
 */
final class ApiProblem extends RuntimeException {
  static final String TYPE_PREFIX = "urn:entente:problem:";

  private final int status;
  private final String code;
  private final String title;
  private final Map<String, Object> extensions;
  private final Optional<Duration> retryAfter;

  private ApiProblem(
      int status,
      String code,
      String title,
      String detail,
      Map<String, Object> extensions,
      Optional<Duration> retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code);
    this.title = Objects.requireNonNull(title);
    this.extensions = extensions;
    this.retryAfter = retryAfter;
  }

  static ApiProblem of(int status, String code, String title, String detail) {
    return new ApiProblem(status, code, title, detail, new LinkedHashMap<>(), Optional.empty());
  }

  ApiProblem with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  ApiProblem retryAfter(Duration delay) {
    return new ApiProblem(status, code, title, getMessage(), extensions, Optional.of(delay))
        .with("retryAfterSeconds", retryAfterSeconds(delay));
  }

  static long retryAfterSeconds(Duration delay) {
    // Retry-After counts whole seconds; round up so a client never retries early.
    long seconds = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String title() {
    return title;
  }

  String detail() {
    return getMessage();
  }

  Map<String, Object> extensions() {
    return extensions;
  }

  Optional<Duration> retryAfterDelay() {
    return retryAfter;
  }

  // The problems of the API. Each code is documented in docs/api.md and the OpenAPI document.

  static ApiProblem invalidRequest(String detail) {
    return of(400, "invalid-request", "The request is not valid", detail);
  }

  static ApiProblem invalidField(String field, String detail) {
    return invalidRequest("field '" + field + "': " + detail).with("field", field);
  }

  static ApiProblem unauthorized(String detail) {
    return of(401, "unauthorized", "Authentication is required", detail);
  }

  static ApiProblem forbidden(String detail) {
    return of(403, "forbidden", "The caller may not do this", detail);
  }

  static ApiProblem notFound(String detail) {
    return of(404, "not-found", "No such resource", detail);
  }

  static ApiProblem methodNotAllowed(String detail) {
    return of(405, "method-not-allowed", "Method not allowed", detail);
  }

  static ApiProblem requestTimeout(String detail) {
    return of(408, "request-timeout", "The request body did not arrive in time", detail);
  }

  static ApiProblem conflict(String detail) {
    return of(
        409, "idempotency-conflict", "The idempotency key was used for another payload", detail);
  }

  static ApiProblem tooLarge(String detail) {
    return of(413, "too-large", "The request body is too large", detail);
  }

  static ApiProblem unsupportedMediaType(String detail) {
    return of(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  static ApiProblem rejected(String reason, String detail) {
    return of(422, "rejected", "A check rejected the transaction", detail).with("reason", reason);
  }

  /**
   * The transaction committed, but the application refused it when its block executed: the action
   * did not happen, and retrying the same request gets the same answer.
   */
  static ApiProblem rejectedAtExecution(String reason, String detail) {
    return of(
            422,
            "rejected-at-execution",
            "The transaction committed but was refused when its block executed",
            detail)
        .with("reason", reason);
  }

  static ApiProblem unavailable(String code, String title, String detail, Duration retryAfter) {
    return of(503, code, title, detail).retryAfter(retryAfter);
  }

  static ApiProblem notImplemented(String detail) {
    return of(501, "not-configured", "This node is not configured for this", detail);
  }

  static ApiProblem internal() {
    return of(500, "internal-error", "Internal error", "the node failed to answer; see its log");
  }
}
