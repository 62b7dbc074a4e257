package io.entente.node.api;

import io.entente.node.auth.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
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

  Call(Request request, Map<String, String> pathParameters, Optional<Principal> principal) {
    this.request = request;
    this.pathParameters = pathParameters;
    this.query = Request.extractQueryParameters(request);
    this.principal = principal;
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
   * (told by Content-Length before anything is read, or found while reading).
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
    try (InputStream in = Request.asInputStream(request)) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  private static ApiProblem tooLarge(int maxBytes) {
    return ApiProblem.tooLarge("this endpoint takes bodies of at most " + maxBytes + " bytes")
        .with("maxBytes", maxBytes);
  }
}
