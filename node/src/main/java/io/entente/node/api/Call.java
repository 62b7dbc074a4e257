package io.entente.node.api;

import io.entente.node.auth.Principal;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** A matched request as endpoints see it: path and query parameters, caller, bounded body. */
final class Call {
  private final Request request;
  private final Map<String, String> pathParameters;
  private final Fields query;
  private final Optional<Principal> principal;
  private final Semaphore largeBodies;
  private boolean holdsLargeBody;
  private boolean bodyRead;
  private boolean bodyStarted;

  /**
   * @param largeBodies permits for reading bodies over {@link ApiLimits#SMALL_BODY_BYTES_MAX}; a
   *     call takes one while it reads and works on such a body, and {@link #close} gives it back
   */
  Call(
      Request request,
      Map<String, String> pathParameters,
      Optional<Principal> principal,
      Semaphore largeBodies) {
    this.request = request;
    this.pathParameters = pathParameters;
    this.query = Request.extractQueryParameters(request);
    this.principal = principal;
    this.largeBodies = largeBodies;
  }

  /** Whether the caller is authenticated (the route is not public). */
  boolean authenticated() {
    return principal.isPresent();
  }

  /** Whether the whole body was read. */
  boolean bodyRead() {
    return bodyRead;
  }

  /** Whether reading the body began (and may have ended early: too slow, too long, cut off). */
  boolean bodyStarted() {
    return bodyStarted;
  }

  /** Gives back the large-body permit, if this call took one; idempotent. */
  void close() {
    if (holdsLargeBody) {
      holdsLargeBody = false;
      largeBodies.release();
    }
  }

  String path(String name) {
    String value = pathParameters.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return value;
  }

  /** A query parameter given at most once. */
  Optional<String> query(String name) {
    Fields.Field field = query.get(name);
    if (field == null) {
      return Optional.empty();
    }
    if (field.getValues().size() != 1) {
      throw ApiProblem.invalidField(name, "given more than once");
    }
    return Optional.of(field.getValue());
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** The caller of a route that is not public. */
  Principal principal() {
    return principal.orElseThrow(() -> new IllegalStateException("public route asked for caller"));
  }

  /** The bearer token of the request, as sent; empty without an Authorization header. */
  Optional<String> bearerToken() {
    return bearerToken(request);
  }

  static Optional<String> bearerToken(Request request) {
    String value = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiProblem.unauthorized("the Authorization header must be 'Bearer <token>'");
    }
    return Optional.of(value.substring(7).trim());
  }

  String instance() {
    return request.getHttpURI().getPath();
  }

  /**
   * The JSON body, at most {@code maxBytes}: 415 unless the content type is JSON, 413 if longer
   * (told by Content-Length before anything is read, or found while reading), 408 if it does not
   * arrive within {@link BodyReader#deadline}. A body that may be larger than {@link
   * ApiLimits#SMALL_BODY_BYTES_MAX} needs one of {@link ApiLimits#LARGE_BODIES_CONCURRENT_MAX}
   * permits, held until the endpoint returns (its JSON tree and what is decoded from it are the
   * memory): 503 {@code busy} when none is free.
   */
  byte[] jsonBody(int maxBytes) throws IOException {
    HttpField contentType = request.getHeaders().getField(HttpHeader.CONTENT_TYPE);
    String mediaType = contentType == null ? "" : contentType.getValue().split(";", 2)[0].trim();
    if (!mediaType.equalsIgnoreCase("application/json")) {
      throw ApiProblem.unsupportedMediaType(
          "send the body as application/json" + (mediaType.isEmpty() ? "" : ", not " + mediaType));
    }
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    boolean large =
        maxBytes > ApiLimits.SMALL_BODY_BYTES_MAX
            && (declared < 0 || declared > ApiLimits.SMALL_BODY_BYTES_MAX);
    if (large && !holdsLargeBody) {
      if (!largeBodies.tryAcquire()) {
        throw ApiProblem.unavailable(
            "busy",
            "The node is busy",
            "the node is reading "
                + ApiLimits.LARGE_BODIES_CONCURRENT_MAX
                + " large bodies already; nothing was taken, retry later",
            ApiLimits.BUSY_RETRY_AFTER);
      }
      holdsLargeBody = true;
    }
    bodyStarted = true;
    try {
      byte[] body =
          BodyReader.read(
              request, maxBytes, BodyReader.deadline(declared < 0 ? maxBytes : declared));
      bodyRead = true;
      return body;
    } catch (BodyReader.TooLarge e) {
      throw tooLarge(maxBytes);
    } catch (TimeoutException e) {
      throw ApiProblem.requestTimeout(
          "the body did not arrive within "
              + BodyReader.deadline(declared < 0 ? maxBytes : declared).toSeconds()
              + " s");
    } catch (ExecutionException e) {
      // The client went away or broke the framing; it may not be there to read this.
      throw ApiProblem.invalidRequest("the body could not be read: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the body", e);
    }
  }

  private static ApiProblem tooLarge(int maxBytes) {
    return ApiProblem.tooLarge("this endpoint takes bodies of at most " + maxBytes + " bytes")
        .with("maxBytes", maxBytes);
  }
}
