package io.entente.node.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.core.chain.Transaction;
import io.entente.node.bench.ApiSession;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A bank's core system as the multi-process tests play it: HTTPS to one node's API. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiSession session;

  /** One transaction's outcome as the API reported it. */
  record Result(String txId, String status, long height, int httpStatus) {
    boolean committed() {
      return status.equals("committed");
    }
  }

  ApiClient(Path apiCaCertificate, String host, int port) throws Exception {
    this.session = new ApiSession(apiCaCertificate, host, port);
  }

  ApiSession session() {
    return session;
  }

  void login(String username, String password) throws IOException, InterruptedException {
    session.login(username, password);
  }

  /**
   * Submits a list and, with {@code waitForCommit}, waits for it; a 503 (mempool full, node busy)
   * comes back as each transaction's status {@code mempool-full}.
   */
  List<Result> submit(String channel, List<Transaction> transactions, boolean waitForCommit)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        session
            .http()
            .send(
                session.submit(channel, transactions, waitForCommit, Duration.ofSeconds(60)),
                HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !json.has("results")) {
      String status =
          response.statusCode() == 503 ? "mempool-full" : "http-" + response.statusCode();
      return transactions.stream()
          .map(t -> new Result("", status, -1, response.statusCode()))
          .toList();
    }
    List<Result> results = new java.util.ArrayList<>();
    for (JsonNode result : json.get("results")) {
      results.add(
          new Result(
              result.get("txId").asText(),
              result.get("status").asText(),
              result.hasNonNull("height") ? result.get("height").asLong() : -1,
              response.statusCode()));
    }
    return results;
  }

  JsonNode channelStatus(String channel) throws IOException, InterruptedException {
    return session.get("/v1/channels/" + channel + "/status");
  }

  JsonNode block(String channel, long height) throws IOException, InterruptedException {
    return session.get("/v1/channels/" + channel + "/blocks/" + height);
  }
}
