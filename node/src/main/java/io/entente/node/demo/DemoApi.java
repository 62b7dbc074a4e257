package io.entente.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.node.bench.ApiSession;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The few API calls the demo makes, over a logged-in {@link ApiSession}. */
final class DemoApi {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status code and parsed body (an empty object when there was none). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status == 200 || status == 202;
    }

    /** Committed: 200 with status {@code committed}, or a duplicate of a committed one. */
    boolean committed() {
      return status == 200 && "committed".equals(body.path("status").asText());
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private DemoApi() {}

  /** A POST with an Idempotency-Key, waiting for the commit. */
  static CompletableFuture<Answer> action(
      ApiSession session, String path, JsonNode body, String idempotencyKey) {
    HttpRequest request;
    try {
      request =
          session
              .authorized(path + "?wait=commit")
              .timeout(Duration.ofMillis(DemoLimits.REQUEST_TIMEOUT_MS))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", idempotencyKey)
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
    return session
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(DemoApi::answer);
  }

  /** A GET; any status is answered (404 included). */
  static Answer get(ApiSession session, String path) throws IOException, InterruptedException {
    HttpRequest request =
        session.authorized(path).timeout(Duration.ofMillis(DemoLimits.REQUEST_TIMEOUT_MS)).build();
    return answer(session.http().send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      body = JSON.createObjectNode().put("detail", response.body());
    }
    return new Answer(response.statusCode(), body);
  }

  static String agreementsPath(String channel) {
    return "/v1/channels/" + channel + "/agreements";
  }

  static String agreementPath(String channel, String agreement) {
    return agreementsPath(channel) + "/" + agreement;
  }
}
