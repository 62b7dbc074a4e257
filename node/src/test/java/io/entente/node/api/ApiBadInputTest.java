package io.entente.node.api;

import static io.entente.node.api.ApiHarness.channelPath;
import static io.entente.node.api.ApiHarness.json;
import static io.entente.node.api.ApiHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 4xx RFC 9457 problem that says what is wrong, and changes nothing: the backend
 * sees no submission and its mempool stays empty.
 */
class ApiBadInputTest {
  private ApiHarness api;
  private String alice;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
    alice = api.login("alice");
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private String valid() {
    return single(api.transaction(FakeBackend.CHANNEL, "k1", "payload"));
  }

  /** Asserts a problem response and that nothing reached the backend; returns the problem. */
  private JsonNode problem(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("urn:entente:problem:" + code);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(problem.get("instance").asText()).startsWith("/");
    assertThat(api.backend.submitCalls()).isEmpty();
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isZero();
    return problem;
  }

  @Test
  void malformedJson() throws Exception {
    JsonNode problem =
        problem(
            api.post(channelPath("/transactions"), alice, "{\"transaction\": "),
            400,
            "invalid-request");
    assertThat(problem.get("detail").asText()).contains("malformed JSON");
  }

  @Test
  void wrongType() throws Exception {
    JsonNode problem =
        problem(
            api.post(channelPath("/transactions"), alice, "{\"transaction\": 42}"),
            400,
            "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("transaction");
  }

  @Test
  void wrongTypeInAList() throws Exception {
    JsonNode problem =
        problem(
            api.post(channelPath("/transactions"), alice, "{\"transactions\": [true]}"),
            400,
            "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("transactions[0]");
  }

  @Test
  void unknownField() throws Exception {
    String body = valid().replace("{", "{\"extra\":1,");
    JsonNode problem =
        problem(api.post(channelPath("/transactions"), alice, body), 400, "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("extra");
  }

  @Test
  void duplicateKeys() throws Exception {
    String body = "{\"transaction\":\"AA==\",\"transaction\":\"AA==\"}";
    problem(api.post(channelPath("/transactions"), alice, body), 400, "invalid-request");
  }

  @Test
  void neitherOrBothTransactionFields() throws Exception {
    problem(api.post(channelPath("/transactions"), alice, "{}"), 400, "invalid-request");
    String both = valid().replace("}", ",\"transactions\":[]}");
    problem(api.post(channelPath("/transactions"), alice, both), 400, "invalid-request");
  }

  @Test
  void notBase64() throws Exception {
    JsonNode problem =
        problem(
            api.post(channelPath("/transactions"), alice, "{\"transaction\":\"***\"}"),
            400,
            "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("transaction");
  }

  @Test
  void notACanonicalTransaction() throws Exception {
    String encoded = ApiJson.encoded(api.transaction(FakeBackend.CHANNEL, "k1", "payload"));
    byte[] bytes = Base64.getDecoder().decode(encoded);
    byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    String body = "{\"transaction\":\"" + Base64.getEncoder().encodeToString(trailing) + "\"}";

    JsonNode problem =
        problem(api.post(channelPath("/transactions"), alice, body), 400, "invalid-request");
    assertThat(problem.get("reason").asText()).isEqualTo("trailing-bytes");
  }

  @Test
  void aTransactionForAnotherChannel() throws Exception {
    api.backend.addChannel("other", java.util.List.of("bank-a", "bank-b"));
    String body = single(api.transaction("other", "k1", "payload"));

    JsonNode problem =
        problem(api.post(channelPath("/transactions"), alice, body), 400, "invalid-request");
    assertThat(problem.get("detail").asText()).contains("channel other");
  }

  @Test
  void unknownChannel() throws Exception {
    JsonNode problem =
        problem(api.post("/v1/channels/nowhere/transactions", alice, valid()), 404, "not-found");
    assertThat(problem.get("reason").asText()).isEqualTo("unknown-channel");
  }

  @Test
  void noToken() throws Exception {
    HttpResponse<String> response = api.post(channelPath("/transactions"), null, valid());
    problem(response, 401, "unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer");
  }

  @Test
  void notABearerToken() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.uri(channelPath("/transactions")))
            .header("Authorization", "Basic YWxpY2U6cHc=")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(valid()))
            .build();
    problem(api.client.send(request, HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
  }

  @Test
  void anInventedToken() throws Exception {
    problem(
        api.post(channelPath("/transactions"), "ent1_" + "A".repeat(43), valid()),
        401,
        "unauthorized");
  }

  @Test
  void anExpiredToken() throws Exception {
    api.clock.advance(Duration.ofHours(1));
    JsonNode problem =
        problem(api.post(channelPath("/transactions"), alice, valid()), 401, "unauthorized");
    assertThat(problem.get("detail").asText()).contains("expired");
  }

  @Test
  void aTokenOfAnInstitutionNotInTheChannel() throws Exception {
    String erin = api.login("erin");
    JsonNode problem =
        problem(api.post(channelPath("/transactions"), erin, valid()), 403, "forbidden");
    assertThat(problem.get("reason").asText()).isEqualTo("not-a-member");
    problem(api.get(channelPath("/blocks/1"), erin), 403, "forbidden");
  }

  @Test
  void aRoleThatMayNotSubmit() throws Exception {
    JsonNode problem =
        problem(
            api.post(channelPath("/transactions"), api.login("bob"), valid()), 403, "forbidden");
    assertThat(problem.get("reason").asText()).isEqualTo("missing-role");
  }

  @Test
  void aUserRequestActingInARoleTheUserLacks() throws Exception {
    String request =
        "{\"application\":\"colending\",\"type\":\"approve\",\"payload\":{},"
            + "\"idempotencyKey\":\"a-1\",\"actingAs\":\"approver\"}";
    problem(api.post(channelPath("/requests"), alice, request), 403, "forbidden");
  }

  @Test
  void aUserRequestWithoutAnIdempotencyKey() throws Exception {
    String request =
        "{\"application\":\"colending\",\"type\":\"t\",\"payload\":{},\"actingAs\":\"submitter\"}";
    JsonNode problem =
        problem(api.post(channelPath("/requests"), alice, request), 400, "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("idempotencyKey");
  }

  @Test
  void aUserRequestWithAStringForANumber() throws Exception {
    String request =
        "{\"application\":\"colending\",\"type\":\"t\",\"payload\":{},\"idempotencyKey\":\"k\","
            + "\"actingAs\":\"submitter\",\"validitySeconds\":\"60\"}";
    JsonNode problem =
        problem(api.post(channelPath("/requests"), alice, request), 400, "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("validitySeconds");
  }

  @Test
  void anUnknownWaitMode() throws Exception {
    JsonNode problem =
        problem(
            api.post(channelPath("/transactions?wait=forever"), alice, valid()),
            400,
            "invalid-request");
    assertThat(problem.get("field").asText()).isEqualTo("wait");
  }

  @Test
  void notJson() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.uri(channelPath("/transactions")))
            .header("Authorization", "Bearer " + alice)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(valid()))
            .build();
    problem(
        api.client.send(request, HttpResponse.BodyHandlers.ofString()),
        415,
        "unsupported-media-type");
  }

  @Test
  void aBodyOverTheLimit() throws Exception {
    byte[] big = new byte[ApiLimits.SMALL_BODY_BYTES_MAX + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpRequest request =
        HttpRequest.newBuilder(api.uri("/v1/auth/tokens"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(big))
            .build();
    JsonNode problem =
        problem(api.client.send(request, HttpResponse.BodyHandlers.ofString()), 413, "too-large");
    assertThat(problem.get("maxBytes").asInt()).isEqualTo(ApiLimits.SMALL_BODY_BYTES_MAX);
  }

  @Test
  void aBadHeightOrTransactionId() throws Exception {
    JsonNode height = problem(api.get(channelPath("/blocks/zero"), alice), 400, "invalid-request");
    assertThat(height.get("field").asText()).isEqualTo("height");
    problem(api.get(channelPath("/blocks/0"), alice), 400, "invalid-request");
    JsonNode txId =
        problem(api.get(channelPath("/transactions/abc/proof"), alice), 400, "invalid-request");
    assertThat(txId.get("field").asText()).isEqualTo("txId");
  }

  @Test
  void unknownBlockAndTransaction() throws Exception {
    problem(api.get(channelPath("/blocks/5"), alice), 404, "not-found");
    problem(
        api.get(channelPath("/transactions/" + "ab".repeat(32) + "/proof"), alice),
        404,
        "not-found");
  }

  @Test
  void unknownPathAndWrongMethod() throws Exception {
    problem(api.get("/v1/nothing", alice), 404, "not-found");
    HttpResponse<String> response = api.get(channelPath("/transactions"), alice);
    problem(response, 405, "method-not-allowed");
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void wrongPassword() throws Exception {
    JsonNode problem =
        problem(
            api.post("/v1/auth/tokens", null, "{\"username\":\"alice\",\"password\":\"guess\"}"),
            401,
            "unauthorized");
    assertThat(problem.get("reason").asText()).isEqualTo("invalid-credentials");
    problem(
        api.post("/v1/auth/tokens", null, "{\"username\":\"nobody\",\"password\":\"guess\"}"),
        401,
        "unauthorized");
  }

  @Test
  void aCheckRejectionIs422() throws Exception {
    long now = api.clock.millis();
    TxBody body =
        new TxBody(
            FakeBackend.CHANNEL,
            "test",
            "reject-me",
            io.entente.core.bytes.Bytes.of("x".getBytes(StandardCharsets.UTF_8)),
            FakeBackend.CLIENT_CERTIFICATE_ID,
            "k9",
            now,
            now + 1_000);
    Transaction transaction = Transaction.sign(FakeBackend.SUITE, FakeBackend.CLIENT_SIGNER, body);

    HttpResponse<String> response =
        api.post(channelPath("/transactions"), alice, single(transaction));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).get("reason").asText()).isEqualTo("test-rejection");
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isZero();
  }

  // ------------------------------------------------------------ slow and large bodies

  /**
   * Opens a TLS connection and sends a POST whose head announces {@code declared} body bytes but
   * only {@code part} of them. The socket's read timeout only guards against a hang; it is below
   * the server's idle timeout, so a server that waits for the rest of the body fails the test.
   */
  private SSLSocket partialBody(String path, String token, int declared, String part)
      throws Exception {
    return partialBody(path, token, declared, part, ApiLimits.IDLE_TIMEOUT.dividedBy(2));
  }

  private SSLSocket partialBody(
      String path, String token, int declared, String part, Duration readTimeout) throws Exception {
    SSLSocket socket =
        (SSLSocket) api.clientTls.getSocketFactory().createSocket("127.0.0.1", api.server.port());
    socket.setSoTimeout((int) readTimeout.toMillis());
    StringBuilder head =
        new StringBuilder()
            .append("POST ")
            .append(path)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
            .append("Content-Length: ")
            .append(declared)
            .append("\r\n");
    if (token != null) {
      head.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    head.append("\r\n").append(part);
    OutputStream out = socket.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** The status line and header lines of the answer on {@code socket}. */
  private static List<String> answerHead(SSLSocket socket) throws Exception {
    InputStream in = socket.getInputStream();
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    throw new AssertionError("the connection ended inside the answer's head: " + lines);
  }

  @Test
  void aSlowAnonymousBodyDoesNotHoldItsAnswer() throws Exception {
    // 64 such clients used to hold every worker thread, /health/ready included, while the node
    // drained their bodies for them before answering 401. The answer does not wait for the body at
    // all: the guard, half the body's own deadline, fails a node that drains it within that.
    try (SSLSocket socket =
        partialBody(
            channelPath("/transactions"),
            null,
            16_000,
            "{\"transaction\":\"",
            ApiLimits.BODY_READ_TIME_BASE.dividedBy(2))) {
      List<String> head = answerHead(socket);
      assertThat(head.get(0)).contains(" 401 ");
      assertThat(head).anyMatch(h -> h.equalsIgnoreCase("Connection: close"));
    }
    assertThat(api.backend.submitCalls()).isEmpty();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIsAnswered408AndTheConnectionClosed() throws Exception {
    try (SSLSocket socket =
        partialBody(channelPath("/transactions"), alice, 16_000, "{\"transaction\":\"")) {
      List<String> head = answerHead(socket);
      assertThat(head.get(0)).contains(" 408 ");
      assertThat(head).anyMatch(h -> h.equalsIgnoreCase("Connection: close"));
    }
    assertThat(api.backend.submitCalls()).isEmpty();
  }

  /** A body over the small limit, complete, that is not a transaction: 400 once it is read. */
  private HttpResponse<String> largeProbe() throws Exception {
    String filler = "A".repeat(ApiLimits.SMALL_BODY_BYTES_MAX + 1024);
    return api.post(channelPath("/transactions"), alice, "{\"transaction\":\"" + filler + "!\"}");
  }

  @Test
  void largeBodiesBeyondTheBoundAreAnsweredBusy() throws Exception {
    List<SSLSocket> readers = new ArrayList<>();
    try {
      for (int i = 0; i < ApiLimits.LARGE_BODIES_CONCURRENT_MAX; i++) {
        readers.add(partialBody(channelPath("/transactions"), alice, 1 << 20, "{"));
      }
      // Each reader takes a permit once its head has arrived; probe until they hold them all.
      long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      HttpResponse<String> probe = largeProbe();
      while (probe.statusCode() != 503 && System.nanoTime() < giveUp) {
        assertThat(probe.statusCode()).as(probe.body()).isEqualTo(400);
        Thread.sleep(20);
        probe = largeProbe();
      }
      JsonNode busy = problem(probe, 503, "busy");
      assertThat(busy.get("retryAfterSeconds").asInt()).isPositive();
      assertThat(probe.headers().firstValue("Retry-After")).isPresent();
      // Small bodies need no permit, and the node still answers everyone else.
      assertThat(api.get("/health/ready", null).statusCode()).isEqualTo(200);
    } finally {
      for (SSLSocket reader : readers) {
        reader.close();
      }
    }
    // The readers went away: their permits are back.
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> probe = largeProbe();
    while (probe.statusCode() == 503 && System.nanoTime() < giveUp) {
      Thread.sleep(20);
      probe = largeProbe();
    }
    problem(probe, 400, "invalid-request");
  }
}
