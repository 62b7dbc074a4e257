package io.entente.node.process;

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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A bank's core system as the multi-process tests play it: HTTPS to one node's API. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private String token;

  /** One transaction's outcome as the API reported it. */
  record Result(String txId, String status, long height, int httpStatus) {
    boolean committed() {
      return status.equals("committed");
    }
  }

  ApiClient(Path apiCaCertificate, String host, int port) throws Exception {
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
    HttpResponse<String> response = post("/v1/auth/tokens", body, false);
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IOException(
          "login as " + username + ": " + response.statusCode() + " " + response.body());
    }
    token = JSON.readTree(response.body()).get("token").asText();
  }

  /**
   * Submits a list and, with {@code waitForCommit}, waits for it; a 503 (mempool full, node busy)
   * comes back as each transaction's status {@code mempool-full}.
   */
  List<Result> submit(String channel, List<Transaction> transactions, boolean waitForCommit)
      throws IOException, InterruptedException {
    ArrayNode encoded = JSON.createArrayNode();
    for (Transaction transaction : transactions) {
      encoded.add(
          Base64.getEncoder().encodeToString(Transaction.CODEC.encode(transaction).toByteArray()));
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("transactions", encoded);
    HttpResponse<String> response =
        post(
            "/v1/channels/" + channel + "/transactions" + (waitForCommit ? "?wait=commit" : ""),
            body,
            true);
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
    return get("/v1/channels/" + channel + "/status");
  }

  JsonNode block(String channel, long height) throws IOException, InterruptedException {
    return get("/v1/channels/" + channel + "/blocks/" + height);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String path, JsonNode body, boolean authorized)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (authorized) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
