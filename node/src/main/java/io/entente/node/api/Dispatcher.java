package io.entente.node.api;

import io.entente.node.auth.Principal;
import io.entente.node.auth.TokenStore;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one Jetty handler of the API: routes, authenticates, authorizes, runs the endpoint and
 * answers, turning every {@link ApiProblem} (and any other failure) into an RFC 9457 problem.
 * Endpoints run on Jetty's worker threads and may block.
 */
final class Dispatcher extends Handler.Abstract {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  static final String PROBLEM_JSON = "application/problem+json";

  private final Router router;
  private final TokenStore tokens;
  private final NodeBackend backend;
  private final NodeMetrics metrics;
  private final java.util.concurrent.Semaphore largeBodies =
      new java.util.concurrent.Semaphore(ApiLimits.LARGE_BODIES_CONCURRENT_MAX);

  Dispatcher(Router router, TokenStore tokens, NodeBackend backend, NodeMetrics metrics) {
    super(InvocationType.BLOCKING);
    this.router = router;
    this.tokens = tokens;
    this.backend = backend;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = request.getHttpURI().getDecodedPath();
    String template = "unmatched";
    Reply reply;
    Call call = null;
    try {
      Router.Match match = router.match(method, path);
      template = match.route().template();
      call = new Call(request, match.pathParameters(), authorize(request, match), largeBodies);
      reply = match.route().endpoint().handle(call);
    } catch (ApiProblem problem) {
      reply = problem(problem, path);
    } catch (Exception | LinkageError e) {
      LOG.log(Level.ERROR, method + " " + path + " failed", e);
      reply = problem(ApiProblem.internal(), path);
    } finally {
      if (call != null) {
        call.close();
      }
    }
    String route = template;
    if (reply instanceof Reply.Full full) {
      if (full.status() >= 400 && !(call != null && call.bodyRead())) {
        // A body whose read began and failed (too slow, too long) is not read again.
        boolean drained =
            call != null && call.authenticated() && !call.bodyStarted() && drainSmallBody(request);
        if (!drained && hasBody(request)) {
          full = full.header("Connection", "close");
        }
      }
      send(response, full, callback);
      metrics.httpRequest(method, route, full.status(), since(start));
    } else if (reply instanceof Reply.Later later) {
      later
          .future()
          .whenComplete(
              (full, error) -> {
                Reply.Full answer = full;
                Throwable cause =
                    error instanceof java.util.concurrent.CompletionException
                            && error.getCause() != null
                        ? error.getCause()
                        : error;
                if (cause instanceof ApiProblem problem) {
                  answer = problem(problem, path);
                } else if (cause != null) {
                  LOG.log(Level.ERROR, method + " " + path + " failed", cause);
                  answer = problem(ApiProblem.internal(), path);
                }
                send(response, answer, callback);
                metrics.httpRequest(method, route, answer.status(), since(start));
              });
    } else if (reply instanceof Reply.Stream stream) {
      stream(response, stream, callback);
      metrics.httpRequest(method, route, 200, since(start));
    } else {
      throw new AssertionError("unknown reply " + reply);
    }
    return true;
  }

  /**
   * Reads and drops what is left of a small request body before an error answer, within {@link
   * BodyReader#deadline}; returns whether it did. Refused before its body was read (a missing role,
   * an unknown agreement), a request would otherwise leave its body unread; the server then closes
   * the connection, and a client still sending that body can lose the answer to a connection reset.
   * Only authenticated callers get this courtesy: for anyone else, and for bodies over {@link
   * ApiLimits#SMALL_BODY_BYTES_MAX} (or of unknown length), the answer closes the connection, so an
   * anonymous client trickling a body holds no thread.
   */
  private static boolean drainSmallBody(Request request) {
    long length = request.getLength();
    if (length <= 0 || length > ApiLimits.SMALL_BODY_BYTES_MAX) {
      return !hasBody(request);
    }
    try {
      BodyReader.read(request, ApiLimits.SMALL_BODY_BYTES_MAX, BodyReader.deadline(length));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      // The client went away, was too slow, or the body was read already.
      return false;
    }
  }

  /** Whether the request announces a body (a Content-Length above zero, or chunks). */
  private static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Authenticates and checks the route's access rule; empty principal for a public route. */
  private Optional<Principal> authorize(Request request, Router.Match match) {
    Route route = match.route();
    if (route.access() == Route.Access.PUBLIC) {
      return Optional.empty();
    }
    String token =
        Call.bearerToken(request)
            .orElseThrow(() -> ApiProblem.unauthorized("send 'Authorization: Bearer <token>'"));
    Principal principal =
        tokens
            .authenticate(token)
            .orElseThrow(
                () ->
                    ApiProblem.unauthorized(
                        "the token is unknown, expired or revoked: get a new one from"
                            + " POST /v1/auth/tokens"));
    switch (route.access()) {
      case READ -> requirePermission(principal, io.entente.node.auth.Permission.READ, "read");
      case SUBMIT -> requirePermission(principal, io.entente.node.auth.Permission.SUBMIT, "submit");
      case APPROVE ->
          requirePermission(principal, io.entente.node.auth.Permission.APPROVE, "approve");
      case MANAGE -> requirePermission(principal, io.entente.node.auth.Permission.MANAGE, "manage");
      case TOKEN, PUBLIC -> {}
    }
    if (route.isChannelRoute()) {
      requireMember(principal, match.pathParameters().get("channel"));
    }
    return Optional.of(principal);
  }

  private static void requirePermission(
      Principal principal, io.entente.node.auth.Permission permission, String verb) {
    if (!principal.may(permission)) {
      throw ApiProblem.forbidden("user " + principal.username() + " has no role that may " + verb)
          .with("reason", "missing-role");
    }
  }

  private void requireMember(Principal principal, String channel) {
    SortedSet<String> members =
        backend
            .channelInstitutions(channel)
            .orElseThrow(
                () ->
                    ApiProblem.notFound("this node serves no channel '" + channel + "'")
                        .with("reason", "unknown-channel"));
    if (!members.contains(principal.institution())) {
      throw ApiProblem.forbidden(
              "institution " + principal.institution() + " is not a member of channel " + channel)
          .with("reason", "not-a-member");
    }
  }

  static Reply.Full problem(ApiProblem problem, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ApiProblem.TYPE_PREFIX + problem.code());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    body.put("instance", instance);
    body.putAll(problem.extensions());
    Reply.Full full = new Reply.Full(problem.status(), PROBLEM_JSON, Json.write(body), Map.of());
    if (problem.retryAfterDelay().isPresent()) {
      full =
          full.header(
              "Retry-After",
              Long.toString(ApiProblem.retryAfterSeconds(problem.retryAfterDelay().get())));
    }
    if (problem.status() == 401) {
      full = full.header("WWW-Authenticate", "Bearer realm=\"entente\"");
    }
    if (problem.status() == 405
        && problem.extensions().get("allow") instanceof java.util.List<?> allow) {
      full = full.header("Allow", String.join(", ", allow.stream().map(String::valueOf).toList()));
    }
    return full;
  }

  private static void securityHeaders(Response response) {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Content-Security-Policy", "default-src 'none'");
  }

  private static void send(Response response, Reply.Full full, Callback callback) {
    response.setStatus(full.status());
    securityHeaders(response);
    if (full.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(full.contentType()));
    }
    full.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(full.body()), callback);
  }

  private static String contentType(String mediaType) {
    return mediaType.startsWith("text/") || mediaType.endsWith("json") || mediaType.endsWith("yaml")
        ? mediaType + (mediaType.contains("charset") ? "" : "; charset=utf-8")
        : mediaType;
  }

  private static void stream(Response response, Reply.Stream stream, Callback callback) {
    response.setStatus(200);
    securityHeaders(response);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    try {
      stream
          .body()
          .run(
              text ->
                  Content.Sink.write(
                      response,
                      false,
                      ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      Content.Sink.write(response, true, ByteBuffer.allocate(0));
      callback.succeeded();
    } catch (Exception e) {
      // The client went away or the connection timed out: nothing left to tell it.
      callback.failed(e);
    }
  }
}
