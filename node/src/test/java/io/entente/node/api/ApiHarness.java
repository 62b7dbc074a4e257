package io.entente.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.node.TestClock;
import io.entente.node.auth.PasswordHash;
import io.entente.node.auth.Role;
import io.entente.node.auth.TokenStore;
import io.entente.node.auth.User;
import io.entente.node.auth.Users;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A real API server on an ephemeral loopback port over a {@link FakeBackend}, with users of bank-a
 * (alice submits, bob views, carol administers, dave approves) and erin of bank-c, who is not in
 * the channel; and an HTTPS client that trusts the server's self-made certificate.
 */
final class ApiHarness implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";

  /** Cheap password hashes: tests check behaviour, not the work factor. */
  private static final int TEST_ITERATIONS = 1_000;

  final FakeBackend backend;
  final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
  final NodeMetrics metrics = NodeMetrics.create();
  final TokenStore tokens;
  final ApiServer server;
  final HttpClient client;

  /** Trusts the server's certificate: for tests that speak raw HTTP over TLS. */
  final javax.net.ssl.SSLContext clientTls;

  private ApiHarness(FakeBackend backend) throws Exception {
    this.backend = backend;
    SecureRandom random = new SecureRandom();
    Users users =
        Users.of(
            List.of(
                user("alice", "bank-a", Role.SUBMITTER, random),
                user("bob", "bank-a", Role.VIEWER, random),
                user("carol", "bank-a", Role.ADMIN, random),
                user("dave", "bank-a", Role.APPROVER, random),
                user("erin", "bank-c", Role.SUBMITTER, random)),
            random);
    tokens = new TokenStore(clock, random, Duration.ofHours(1));
    TestTls tls = TestTls.create();
    server =
        ApiServer.start(
            new ApiServer.Settings("127.0.0.1", 0),
            tls.serverContext(),
            backend,
            users,
            tokens,
            metrics,
            clock);
    clientTls = tls.clientContext();
    client =
        HttpClient.newBuilder()
            .sslContext(tls.clientContext())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  static ApiHarness start() throws Exception {
    return new ApiHarness(FakeBackend.withChannel());
  }

  private static User user(String name, String institution, Role role, SecureRandom random) {
    return new User(
        name,
        institution,
        EnumSet.of(role),
        PasswordHash.create(PASSWORD.toCharArray(), random, TEST_ITERATIONS));
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  String login(String username) throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/v1/auth/tokens",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
    if (response.statusCode() != 201) {
      throw new AssertionError("login of " + username + ": " + response.body());
    }
    return json(response).get("token").asText();
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  HttpResponse<String> post(String path, String token, String json) throws Exception {
    return send("POST", path, token, json);
  }

  HttpResponse<String> send(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  /** A transaction for {@code channel} signed by the fake's client key. */
  Transaction transaction(String channel, String key, String payload) {
    long now = clock.millis();
    TxBody body =
        new TxBody(
            channel,
            "test",
            "record",
            Bytes.of(payload.getBytes(StandardCharsets.UTF_8)),
            FakeBackend.CLIENT_CERTIFICATE_ID,
            key,
            now,
            now + 60_000);
    return Transaction.sign(FakeBackend.SUITE, FakeBackend.CLIENT_SIGNER, body);
  }

  static String single(Transaction transaction) {
    return "{\"transaction\":\"" + ApiJson.encoded(transaction) + "\"}";
  }

  static String channelPath(String suffix) {
    return "/v1/channels/" + FakeBackend.CHANNEL + suffix;
  }

  static Set<String> fieldNames(JsonNode node) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
