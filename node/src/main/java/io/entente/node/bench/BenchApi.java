package io.entente.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.core.chain.Transaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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

  private final HttpClient http;
  private final String base;
  private String token;

  BenchApi(Path apiCaCertificate, String host, int port)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "api-ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(apiCaCertificate))));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLSv1.3");
    tls.init(null, factory.getTrustManagers(), null);
    this.http =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    this.base = "https://" + host + ":" + port;
  }

  void login(String username, String password) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
    HttpResponse<String> response =
        http.send(request("/v1/auth/tokens", body, false), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IOException(
          "login as " + username + ": " + response.statusCode() + " " + response.body());
    }
    token = JSON.readTree(response.body()).get("token").asText();
  }

  /** Submits a list with {@code ?wait=commit}; completes when the node answers. */
  CompletableFuture<Reply> submit(String channel, List<Transaction> transactions) {
    ArrayNode encoded = JSON.createArrayNode();
    for (Transaction transaction : transactions) {
      encoded.add(
          Base64.getEncoder().encodeToString(Transaction.CODEC.encode(transaction).toByteArray()));
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("transactions", encoded);
    HttpRequest request =
        request("/v1/channels/" + channel + "/transactions?wait=commit", body, true);
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(BenchApi::reply);
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

  private HttpRequest request(String path, JsonNode body, boolean authorized) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofMillis(BenchLimits.SUBMIT_TIMEOUT_MS))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (authorized) {
        request.header("Authorization", "Bearer " + token);
      }
      return request.build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }
}
