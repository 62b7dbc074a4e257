package io.entente.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.core.chain.Transaction;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A bank's core system as the benchmark plays it: HTTPS to one node's API, logged in as the
 * institution's gateway user, submitting pre-signed lists and waiting for their commit.
 */
final class BenchApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How a submitted list came back: all committed; not all yet (the node was busy, or its commit
   * wait ran out), so the same list is sent again; or refused for good.
   */
  enum Outcome {
    COMMITTED,
    NOT_YET,
    FAILED
  }

  /** Statuses of a transaction that a later retry of the same list may turn into committed. */
  private static final List<String> RETRYABLE = List.of("accepted", "mempool-full");

  /** A list's outcome with the response's detail, for the error message. */
  record Reply(Outcome outcome, int committed, String detail) {}

  private final ApiSession session;

  BenchApi(Path apiCaCertificate, String host, int port)
      throws IOException, GeneralSecurityException {
    this.session = new ApiSession(apiCaCertificate, host, port);
  }

  ApiSession session() {
    return session;
  }

  void login(String username, String password) throws IOException, InterruptedException {
    session.login(username, password);
  }

  /** Submits a list with {@code ?wait=commit}; completes when the node answers. */
  CompletableFuture<Reply> submit(String channel, List<Transaction> transactions) {
    HttpRequest request =
        session.submit(
            channel, transactions, true, Duration.ofMillis(BenchLimits.SUBMIT_TIMEOUT_MS));
    return session
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(BenchApi::reply);
  }

  private static Reply reply(HttpResponse<String> response) {
    if (response.statusCode() == 503) {
      return new Reply(Outcome.NOT_YET, 0, response.body());
    }
    try {
      JsonNode json = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !json.has("results")) {
        return new Reply(Outcome.FAILED, 0, response.statusCode() + " " + response.body());
      }
      int committed = 0;
      for (JsonNode result : json.get("results")) {
        String status = result.get("status").asText();
        if (status.equals("committed")) {
          committed++;
        } else if (!RETRYABLE.contains(status)) {
          return new Reply(Outcome.FAILED, committed, result.toString());
        }
      }
      boolean all = committed == json.get("results").size();
      return new Reply(all ? Outcome.COMMITTED : Outcome.NOT_YET, committed, "");
    } catch (IOException e) {
      return new Reply(Outcome.FAILED, 0, "unreadable answer: " + e.getMessage());
    }
  }
}
