package io.entente.node.api;

import static io.entente.node.api.ApiHarness.channelPath;
import static io.entente.node.api.ApiHarness.json;
import static io.entente.node.api.ApiHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.UserRequestPayload;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The happy path of every endpoint, over a real HTTPS server and the fake backend. */
class ApiEndpointsTest {
  private ApiHarness api;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void healthIsLiveAndReady() throws Exception {
    assertThat(api.get("/health/live", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = api.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("ready");
  }

  @Test
  void nodeStatusListsTheCallersChannels() throws Exception {
    HttpResponse<String> response = api.get("/v1/status", api.login("bob"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    JsonNode body = json(response);
    assertThat(body.get("institution").asText()).isEqualTo("bank-a");
    assertThat(body.get("suite").asText()).isEqualTo("standard");
    assertThat(body.get("ready").asBoolean()).isTrue();
    assertThat(body.get("channels")).hasSize(1);
    assertThat(body.get("channels").get(0).get("channel").asText()).isEqualTo(FakeBackend.CHANNEL);
  }

  @Test
  void channelStatusShowsHeightAndMempool() throws Exception {
    String token = api.login("alice");
    api.post(
        channelPath("/transactions"),
        token,
        single(api.transaction(FakeBackend.CHANNEL, "k1", "one")));
    api.backend.commitPending(FakeBackend.CHANNEL);
    api.post(
        channelPath("/transactions"),
        token,
        single(api.transaction(FakeBackend.CHANNEL, "k2", "two")));

    JsonNode status = json(api.get(channelPath("/status"), token));

    assertThat(status.get("height").asLong()).isEqualTo(1);
    assertThat(status.get("lastBlockTimeMs").isIntegralNumber()).isTrue();
    assertThat(status.get("mempoolTransactions").asInt()).isEqualTo(1);
    assertThat(status.get("mempoolBytes").asLong()).isPositive();
    assertThat(status.get("validatorsDown").asInt()).isZero();
  }

  @Test
  void channelHealthListsEveryMemberNodeWithWhatWasHeardOfIt() throws Exception {
    String token = api.login("alice");
    api.post(
        channelPath("/transactions"),
        token,
        single(api.transaction(FakeBackend.CHANNEL, "k1", "one")));
    api.backend.commitPending(FakeBackend.CHANNEL);

    JsonNode health = json(api.get(channelPath("/health"), token));

    assertThat(health.get("height").asLong()).isEqualTo(1);
    assertThat(health.get("nodes").size()).isGreaterThan(1);
    JsonNode self = null;
    for (JsonNode node : health.get("nodes")) {
      assertThat(node.get("height").asLong()).isEqualTo(1);
      if (node.get("self").asBoolean()) {
        self = node;
      }
    }
    assertThat(self).as("the answering node is listed").isNotNull();
    assertThat(self.get("institution").asText()).isEqualTo(FakeBackend.INSTITUTION);
    assertThat(self.has("lastSeenMs")).as("nothing is heard from oneself").isFalse();
    assertThat(health.get("roundChanges").isArray()).isTrue();
    assertThat(health.get("evidence").isArray()).isTrue();
    assertThat(api.get("/v1/channels/no-such-channel/health", token).statusCode()).isEqualTo(404);
  }

  @Test
  void aSubmittedTransactionIsAcceptedIntoTheMempool() throws Exception {
    Transaction transaction = api.transaction(FakeBackend.CHANNEL, "k1", "payload");

    HttpResponse<String> response =
        api.post(channelPath("/transactions"), api.login("alice"), single(transaction));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("accepted");
    assertThat(body.get("txId").asText()).isEqualTo(transaction.id(FakeBackend.SUITE).toHex());
    assertThat(body.get("duplicate").asBoolean()).isFalse();
    assertThat(api.backend.mempoolSize(FakeBackend.CHANNEL)).isEqualTo(1);
  }

  @Test
  void waitForCommitAnswersWithHeightAndIndex() throws Exception {
    api.backend.commitOnWait();
    Transaction transaction = api.transaction(FakeBackend.CHANNEL, "k1", "payload");

    HttpResponse<String> response =
        api.post(channelPath("/transactions?wait=commit"), api.login("alice"), single(transaction));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("committed");
    assertThat(body.get("height").asLong()).isEqualTo(1);
    assertThat(body.get("index").asInt()).isZero();
    assertThat(body.get("receipt").get("status").asText()).isEqualTo("accepted");
  }

  @Test
  void aCommitWaitThatTimesOutAnswersAcceptedAndSaysSo() throws Exception {
    api.backend.timeOutWaits();

    HttpResponse<String> response =
        api.post(
            channelPath("/transactions?wait=commit"),
            api.login("alice"),
            single(api.transaction(FakeBackend.CHANNEL, "k1", "payload")));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).get("status").asText()).isEqualTo("accepted");
    assertThat(json(response).get("commitWaitTimedOut").asBoolean()).isTrue();
  }

  @Test
  void aListOfTransactionsGetsOneResultEach() throws Exception {
    api.backend.commitOnWait();
    Transaction first = api.transaction(FakeBackend.CHANNEL, "k1", "one");
    Transaction second = api.transaction(FakeBackend.CHANNEL, "k2", "two");
    String body =
        "{\"transactions\":[\""
            + ApiJson.encoded(first)
            + "\",\""
            + ApiJson.encoded(second)
            + "\"]}";

    HttpResponse<String> response =
        api.post(channelPath("/transactions?wait=commit"), api.login("alice"), body);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode results = json(response).get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("status").asText()).isEqualTo("committed");
    assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
  }

  @Test
  void theNodeSignsAUserRequestNamingTheUser() throws Exception {
    api.backend.commitOnWait();
    String request =
        "{\"application\":\"colending\",\"type\":\"disbursement\","
            + "\"payload\":{\"loan\":\"L-1\",\"amountFen\":100000},"
            + "\"idempotencyKey\":\"d-1\",\"actingAs\":\"submitter\"}";

    HttpResponse<String> response =
        api.post(channelPath("/requests?wait=commit"), api.login("alice"), request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("status").asText()).isEqualTo("committed");
    Transaction signed = api.backend.submitCalls().get(0).get(0);
    assertThat(
            signed
                .verifySignature(FakeBackend.SUITE, FakeBackend.CLIENT_SIGNER.publicKey())
                .isAccepted())
        .isTrue();
    assertThat(signed.body().idempotencyKey()).isEqualTo("alice:d-1");
    assertThat(signed.body().submitterCertificateId()).isEqualTo(FakeBackend.CLIENT_CERTIFICATE_ID);
    UserRequestPayload payload = UserRequestPayload.decode(signed.body().payload());
    assertThat(payload.username()).isEqualTo("alice");
    assertThat(payload.role()).isEqualTo("submitter");
    assertThat(new String(payload.content().toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"loan\":\"L-1\",\"amountFen\":100000}");
  }

  @Test
  void anApproverSendsRequestsAsApproverWithABase64Payload() throws Exception {
    String request =
        "{\"application\":\"colending\",\"type\":\"approve\",\"payloadBase64\":\""
            + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})
            + "\",\"idempotencyKey\":\"a-1\",\"actingAs\":\"approver\",\"validitySeconds\":120}";

    HttpResponse<String> response = api.post(channelPath("/requests"), api.login("dave"), request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Transaction signed = api.backend.submitCalls().get(0).get(0);
    assertThat(UserRequestPayload.decode(signed.body().payload()))
        .isEqualTo(new UserRequestPayload("dave", "approver", Bytes.of(new byte[] {1, 2, 3})));
    assertThat(signed.body().validUntilMs() - api.clock.millis()).isEqualTo(120_000);
  }

  @Test
  void aBlockComesWithHeaderAndCertificate() throws Exception {
    String token = api.login("alice");
    Transaction transaction = api.transaction(FakeBackend.CHANNEL, "k1", "payload");
    api.post(channelPath("/transactions"), token, single(transaction));
    api.backend.commitPending(FakeBackend.CHANNEL);

    HttpResponse<String> response = api.get(channelPath("/blocks/1"), api.login("bob"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode block = json(response);
    assertThat(block.get("height").asLong()).isEqualTo(1);
    assertThat(block.get("header").get("channel").asText()).isEqualTo(FakeBackend.CHANNEL);
    assertThat(block.get("certificate").get("blockHash").asText())
        .isEqualTo(block.get("hash").asText());
    assertThat(block.get("certificate").get("seals")).hasSize(2);
    assertThat(block.get("transactionIds").get(0).asText())
        .isEqualTo(transaction.id(FakeBackend.SUITE).toHex());
    assertThat(block.get("headerEncoded").asText()).isNotEmpty();
  }

  @Test
  void aCommittedTransactionHasAnInclusionProofThatVerifies() throws Exception {
    String token = api.login("alice");
    Transaction transaction = api.transaction(FakeBackend.CHANNEL, "k1", "payload");
    api.post(channelPath("/transactions"), token, single(transaction));
    var block = api.backend.commitPending(FakeBackend.CHANNEL);
    String txId = transaction.id(FakeBackend.SUITE).toHex();

    HttpResponse<String> response = api.get(channelPath("/transactions/" + txId + "/proof"), token);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode proof = json(response);
    assertThat(proof.get("height").asLong()).isEqualTo(1);
    InclusionProof decoded =
        InclusionProof.CODEC.decode(
            Bytes.of(Base64.getDecoder().decode(proof.get("proofEncoded").asText())));
    assertThat(decoded.verify(FakeBackend.SUITE, block.block().header()).isAccepted()).isTrue();
  }

  @Test
  void metricsAndTheOpenApiDocumentArePublic() throws Exception {
    HttpResponse<String> metrics = api.get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");

    HttpResponse<String> document = api.get("/v1/openapi.yaml", null);
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.body()).startsWith("openapi: 3.1");
  }

  @Test
  void tokensRotateAndRevoke() throws Exception {
    String old = api.login("alice");

    HttpResponse<String> rotated = api.post("/v1/auth/tokens/rotate", old, null);
    assertThat(rotated.statusCode()).isEqualTo(201);
    String fresh = json(rotated).get("token").asText();
    assertThat(fresh).isNotEqualTo(old);
    // The old token lives on through the grace period, but cannot be rotated again.
    assertThat(api.get(channelPath("/status"), old).statusCode()).isEqualTo(200);
    assertThat(api.post("/v1/auth/tokens/rotate", old, null).statusCode()).isEqualTo(403);
    api.clock.advance(io.entente.node.auth.AuthLimits.ROTATION_GRACE);
    assertThat(api.get(channelPath("/status"), old).statusCode()).isEqualTo(401);
    assertThat(api.get(channelPath("/status"), fresh).statusCode()).isEqualTo(200);

    assertThat(api.send("DELETE", "/v1/auth/tokens/current", fresh, null).statusCode())
        .isEqualTo(204);
    assertThat(api.get(channelPath("/status"), fresh).statusCode()).isEqualTo(401);
  }

  @Test
  void anAdminRevokesEveryTokenOfAUser() throws Exception {
    String alice = api.login("alice");
    api.login("alice");

    HttpResponse<String> response =
        api.send("DELETE", "/v1/auth/users/alice/tokens", api.login("carol"), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("revoked").asInt()).isEqualTo(2);
    assertThat(api.get(channelPath("/status"), alice).statusCode()).isEqualTo(401);
  }

  @Test
  void everyResponseForbidsCachingAndSniffing() throws Exception {
    HttpResponse<String> response = api.get("/health/live", null);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(List.of(response.headers().firstValue("Server").orElse("none")))
        .containsExactly("none");
  }
}
