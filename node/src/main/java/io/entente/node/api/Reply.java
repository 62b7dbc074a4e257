package io.entente.node.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What an endpoint answers: a full response now, one later, or a stream of events. */
sealed interface Reply permits Reply.Full, Reply.Later, Reply.Stream {

  String JSON = "application/json";

  /** A complete response. */
  record Full(int status, String contentType, byte[] body, Map<String, String> headers)
      implements Reply {
    public Full {
      headers = new LinkedHashMap<>(headers);
    }

    Full header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Full(status, contentType, body, more);
    }
  }

  /** A response that completes later (a wait for commit), without holding a thread meanwhile. */
  record Later(CompletableFuture<Full> future) implements Reply {}

  /**
   * A stream of server-sent events. The body runs on the request's thread until the stream ends; it
   * writes through a {@link StreamSink}.
   */
  record Stream(StreamBody body) implements Reply {}

  @FunctionalInterface
  interface StreamBody {
    /** Writes events until the stream ends; returns why it ended (a metric label). */
    String run(StreamSink sink) throws IOException;
  }

  /** Blocking writes of text to the client, each flushed. */
  @FunctionalInterface
  interface StreamSink {
    void write(String text) throws IOException;
  }

  static Full json(int status, Object value) {
    return new Full(status, JSON, Json.write(value), Map.of());
  }

  static Full text(int status, String contentType, String text) {
    return new Full(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Full noContent() {
    return new Full(204, null, new byte[0], Map.of());
  }
}
