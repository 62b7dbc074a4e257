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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS to one node's API as a bank's system holds it: TLS 1.3 trusting the API CA alone, a bearer
 * token from logging in, and the requests the benchmark and the multi-process tests send.
 */
public final class ApiSession {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private String token;

  public ApiSession(Path apiCaCertificate, String host, int port)
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

  public HttpClient http() {
    return http;
  }

  public void login(String username, String password) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
    HttpResponse<String> response =
        http.send(
            post("/v1/auth/tokens", body, false, Duration.ofSeconds(60)),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IOException(
          "login as " + username + ": " + response.statusCode() + " " + response.body());
    }
    token = JSON.readTree(response.body()).get("token").asText();
  }

  /** The request submitting {@code transactions}, waiting for their commit if asked to. */
  public HttpRequest submit(
      String channel, List<Transaction> transactions, boolean waitForCommit, Duration timeout) {
    ArrayNode encoded = JSON.createArrayNode();
    for (Transaction transaction : transactions) {
      encoded.add(
          Base64.getEncoder().encodeToString(Transaction.CODEC.encode(transaction).toByteArray()));
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("transactions", encoded);
    String path =
        "/v1/channels/" + channel + "/transactions" + (waitForCommit ? "?wait=commit" : "");
    return post(path, body, true, timeout);
  }

  /** A JSON POST, with the token when {@code authorized}. */
  public HttpRequest post(String path, JsonNode body, boolean authorized, Duration timeout) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(timeout)
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

  /** A GET of {@code path} with the token and no timeout (for streams). */
  public HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .GET();
  }

  /** GETs {@code path} with the token; an exception for anything but 200. */
  public JsonNode get(String path) throws IOException, InterruptedException {
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
}
