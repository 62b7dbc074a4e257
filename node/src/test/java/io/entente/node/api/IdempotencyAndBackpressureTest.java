package io.entente.node.api;

import static io.entente.node.api.ApiHarness.channelPath;
import static io.entente.node.api.ApiHarness.json;
import static io.entente.node.api.ApiHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.chain.Transaction;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency (duplicate → original result, conflict → 409) and back-pressure (503 + Retry-After).
 */
class IdempotencyAndBackpressureTest {
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

  @Test
  void theSameKeyAndPayloadReturnsTheOriginalResult() throws Exception {
    Transaction first = api.transaction(FakeBackend.CHANNEL, "k1", "payload");
    api.post(channelPath("/transactions"), alice, single(first));
    api.backend.commitPending(FakeBackend.CHANNEL);
    api.clock.advance(java.time.Duration.ofSeconds(1));
    Transaction retry = api.transaction(FakeBackend.CHANNEL, "k1", "payload");

    HttpResponse<String> response = api.post(channelPath("/transactions"), alice, single(retry));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("duplicate").asBoolean()).isTrue();
    assertThat(body.get("status").asText()).isEqualTo("committed");
    assertThat(body.get("height").asLong()).isEqualTo(1);
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isZero();
  }

  @Test
  void theSameKeyWithAnotherPayloadIsAConflictNamingTheOriginal() throws Exception {
    Transaction first = api.transaction(FakeBackend.CHANNEL, "k1", "payload");
    api.post(channelPath("/transactions"), alice, single(first));

    HttpResponse<String> response =
        api.post(
            channelPath("/transactions"),
            alice,
            single(api.transaction(FakeBackend.CHANNEL, "k1", "another payload")));

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("urn:entente:problem:idempotency-conflict");
    assertThat(problem.get("originalTxId").asText()).isEqualTo(first.id(FakeBackend.SUITE).toHex());
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isEqualTo(1);
  }

  @Test
  void aRepeatedUserRequestIsADuplicate() throws Exception {
    String request =
        "{\"application\":\"colending\",\"type\":\"t\",\"payload\":{\"a\":1},"
            + "\"idempotencyKey\":\"r-1\",\"actingAs\":\"submitter\"}";
    assertThat(api.post(channelPath("/requests"), alice, request).statusCode()).isEqualTo(202);
    api.clock.advance(java.time.Duration.ofSeconds(5));

    HttpResponse<String> again = api.post(channelPath("/requests"), alice, request);

    // The original is still pending, so the duplicate is too: 202, not durable yet.
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(json(again).get("duplicate").asBoolean()).isTrue();
    assertThat(json(again).get("status").asText()).isEqualTo("accepted");
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isEqualTo(1);
  }

  @Test
  void aFullMempoolAnswers503WithRetryAfterAndTakesNothing() throws Exception {
    api.backend.setMempoolCapacity(1);
    Transaction first = api.transaction(FakeBackend.CHANNEL, "k1", "one");
    Transaction second = api.transaction(FakeBackend.CHANNEL, "k2", "two");
    String both =
        "{\"transactions\":[\""
            + ApiJson.encoded(first)
            + "\",\""
            + ApiJson.encoded(second)
            + "\"]}";

    HttpResponse<String> response = api.post(channelPath("/transactions"), alice, both);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("urn:entente:problem:mempool-full");
    assertThat(problem.get("retryAfterSeconds").asInt()).isEqualTo(3);
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isZero();
  }

  @Test
  void aNodeThatIsNotReadyAnswers503WithRetryAfter() throws Exception {
    api.backend.setReadiness(Readiness.notReady("syncing: 40 blocks behind"));

    HttpResponse<String> submit =
        api.post(
            channelPath("/transactions"),
            alice,
            single(api.transaction(FakeBackend.CHANNEL, "k", "p")));
    HttpResponse<String> health = api.get("/health/ready", null);

    for (HttpResponse<String> response : java.util.List.of(submit, health)) {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(response).get("detail").asText()).contains("syncing");
    }
    assertThat(api.backend.submitCalls()).isEmpty();
  }
}
