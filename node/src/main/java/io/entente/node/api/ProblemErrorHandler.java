package io.entente.node.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before the API sees the request (a malformed request line, headers
 * over {@link ApiLimits#REQUEST_HEADER_BYTES_MAX}, an ambiguous path), as problem+json too.
 */
final class ProblemErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 500;
    Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    String detail = message == null ? "the request could not be handled" : message.toString();
    String code = status < 500 ? "invalid-request" : "internal-error";
    ApiProblem problem =
        ApiProblem.of(status, code, status < 500 ? "Bad request" : "Internal error", detail);
    Reply.Full full = Dispatcher.problem(problem, request.getHttpURI().getPath());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Dispatcher.PROBLEM_JSON);
    response.write(true, ByteBuffer.wrap(full.body()), callback);
    return true;
  }
}
