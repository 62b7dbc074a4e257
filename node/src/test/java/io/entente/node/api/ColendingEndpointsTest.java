package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.app.colending.Action;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Components;
import io.entente.app.colending.Direction;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.Parties;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The co-lending endpoints over a real API server and the real co-lending application, executed by
 * the test backend at block times the test sets (so a statement day can close). bank-a is the lead
 * and acts through the API; bank-b, the partner, acts through transactions its gateway would sign.
 */
class ColendingEndpointsTest {
  private static final String CHANNEL = FakeBackend.CHANNEL;
  private static final String AGREEMENT = "wld-2026";
  private static final String BASE = "/v1/channels/" + CHANNEL + "/agreements";
  private static final String ONE = BASE + "/" + AGREEMENT;
  private static final Hash PARTNER_CERTIFICATE = FakeBackend.SUITE.hash(Bytes.of(new byte[] {2}));
  private static final Signer PARTNER_SIGNER = TestKeys.signer(SuiteId.STANDARD, 8);
  private static final String DATE = "2026-03-01";

  /** 2026-03-01 16:00 Shanghai. */
  private final AtomicLong blockTime =
      new AtomicLong(Instant.parse("2026-03-01T08:00:00Z").toEpochMilli());

  private ApiHarness api;
  private String alice;
  private String dave;
  private String bob;
  private int partnerKeys;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
    TreeMap<Hash, String> certificates = new TreeMap<>();
    certificates.put(FakeBackend.CLIENT_CERTIFICATE_ID, "bank-a");
    certificates.put(PARTNER_CERTIFICATE, "bank-b");
    api.backend.runApplication(
        CHANNEL,
        new ColendingApplication(FakeBackend.SUITE, new Parties("bank-a", "bank-b", certificates)),
        () -> blockTime.addAndGet(1000));
    api.backend.commitOnWait();
    alice = api.login("alice");
    dave = api.login("dave");
    bob = api.login("bob");
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private HttpResponse<String> post(String path, String token, String key, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      request.header(ColendingEndpoints.IDEMPOTENCY_KEY, key);
    }
    return api.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
    return ApiHarness.json(response);
  }

  private static String terms() {
    return """
        {"id":"wld-2026","partner":"bank-b","currency":"CNY",
         "split_bp":{"principal":7000,"interest":6500,"penalty":6000,"fee":5000},
         "reserve_warn":"1000.00","reserve_critical":"200.00","counterpart_sla_ms":7200000,
         "date_tolerance_days":1,"hold_ttl_ms":1800000,"partner_principal_cap":"10000000.00",
         "close_grace_ms":60000}""";
  }

  private static String deposit(String ref, String amount) {
    return "{\"event_ref\":\""
        + ref
        + "\",\"event_type\":\"RESERVE_DEPOSIT\",\"value_date\":\""
        + DATE
        + "\",\"currency\":\"CNY\",\"amount\":\""
        + amount
        + "\"}";
  }

  private static EventRecord partnerDeposit(String ref, long fen) {
    return new EventRecord(
        AGREEMENT,
        EventType.RESERVE_DEPOSIT,
        ref,
        Action.REPORT,
        "",
        "",
        QueryAnswers.parseDate(DATE),
        "CNY",
        fen,
        Components.ZERO,
        null,
        Direction.NONE,
        "",
        "",
        "");
  }

  /** What bank-b's gateway would sign and send; committed in a block of its own. */
  private Receipt partner(String type, String role, Bytes content) {
    long now = api.clock.millis();
    TxBody body =
        new TxBody(
            CHANNEL,
            ColendingApplication.NAME,
            type,
            new UserRequestPayload("pat", role, content).encode(),
            PARTNER_CERTIFICATE,
            "pat:" + (partnerKeys++),
            now,
            now + 600_000);
    Transaction transaction = Transaction.sign(FakeBackend.SUITE, PARTNER_SIGNER, body);
    List<SubmitResult> results = api.backend.submit(CHANNEL, List.of(transaction));
    assertThat(results.get(0)).isInstanceOf(SubmitResult.Accepted.class);
    api.backend.commitPending(CHANNEL);
    return api.backend.receipt(CHANNEL, transaction.id(FakeBackend.SUITE)).orElseThrow();
  }

  private void partnerAttests(EventRecord... records) {
    Receipt receipt =
        partner(
            ColendingApplication.ATTEST,
            "submitter",
            Requests.AttestationBatch.CODEC.encode(
                new Requests.AttestationBatch(List.of(records))));
    assertThat(receipt.status()).isEqualTo(Receipt.Status.ACCEPTED);
  }

  /** Proposed by the lead through the API, accepted by the partner by the hash the API shows. */
  private void activeAgreement() throws Exception {
    JsonNode proposed = ok(post(BASE + "?wait=commit", alice, "propose-1", terms()));
    assertThat(proposed.get("status").asText()).isEqualTo("committed");
    JsonNode view = ok(api.get(ONE, bob));
    assertThat(view.get("status").asText()).isEqualTo("PROPOSED");
    assertThat(view.get("lead").asText()).isEqualTo("bank-a");
    assertThat(view.get("reserve_warn").asText()).isEqualTo("1000.00");
    Hash termsHash = Json.hash(view.get("terms_hash").asText(), "terms_hash");
    Receipt accepted =
        partner(
            ColendingApplication.AGREEMENT_ACCEPT,
            "approver",
            Requests.AgreementAccept.CODEC.encode(
                new Requests.AgreementAccept(AGREEMENT, termsHash)));
    assertThat(accepted.status()).isEqualTo(Receipt.Status.ACCEPTED);
  }

  @Test
  void proposeAcceptListAndViewAgreements() throws Exception {
    activeAgreement();
    JsonNode list = ok(api.get(BASE, bob));
    assertThat(list.get("agreements")).hasSize(1);
    JsonNode agreement = list.get("agreements").get(0);
    assertThat(agreement.get("id").asText()).isEqualTo(AGREEMENT);
    assertThat(agreement.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(agreement.get("channel").asText()).isEqualTo(CHANNEL);
    assertThat(agreement.get("accepted_by").asText()).isEqualTo("pat");
    assertThat(list.has("next_cursor")).isFalse();
    JsonNode firstPage = ok(api.get(BASE + "?limit=1", bob));
    assertThat(firstPage.get("agreements")).hasSize(1);
    assertThat(api.get(BASE + "?limit=0", bob).statusCode()).isEqualTo(400);

    // The lead may not accept its own proposal: the application refuses it at admission.
    HttpResponse<String> leadAccepts =
        post(
            ONE + "/accept",
            dave,
            "accept-1",
            "{\"terms_hash\":\"" + agreement.get("terms_hash").asText() + "\"}");
    assertThat(leadAccepts.statusCode()).as(leadAccepts.body()).isEqualTo(422);

    // A submitter does not approve; a viewer does not submit.
    assertThat(post(ONE + "/accept", alice, "a-2", "{\"terms_hash\":\"00\"}").statusCode())
        .isEqualTo(403);
    assertThat(post(BASE, bob, "p-2", terms()).statusCode()).isEqualTo(403);
  }

  @Test
  void bothSidesAttestAndTheRecordMatches() throws Exception {
    activeAgreement();
    JsonNode result =
        ok(
            post(
                ONE + "/attestations?wait=commit",
                alice,
                "batch-1",
                "{\"records\":[" + deposit("DEP1", "5000.00") + "]}"));
    assertThat(result.get("status").asText()).isEqualTo("committed");
    partnerAttests(partnerDeposit("DEP1", 500_000));

    JsonNode records = ok(api.get(ONE + "/records?date=" + DATE + "&state=MATCHED", bob));
    assertThat(records.get("records")).hasSize(1);
    JsonNode record = records.get("records").get(0);
    assertThat(record.get("event_ref").asText()).isEqualTo("DEP1");
    assertThat(record.get("state").asText()).isEqualTo("MATCHED");
    assertThat(record.get("lead").get("record").get("amount").asText()).isEqualTo("5000.00");
    assertThat(record.get("partner").get("user").asText()).isEqualTo("pat");

    JsonNode position = ok(api.get(ONE + "/position", bob));
    assertThat(position.get("posted").get("reserve").asText()).isEqualTo("5000.00");
    assertThat(position.get("available").asText()).isEqualTo("5000.00");
  }

  @Test
  void recordsArePagedWithANextCursor() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":["
                + deposit("DEP1", "1.00")
                + ","
                + deposit("DEP2", "2.00")
                + ","
                + deposit("DEP3", "3.00")
                + "]}"));
    List<String> refs = new java.util.ArrayList<>();
    JsonNode first = ok(api.get(ONE + "/records?date=" + DATE + "&limit=2", bob));
    first.get("records").forEach(r -> refs.add(r.get("event_ref").asText()));
    assertThat(refs).hasSize(2);
    String cursor = first.get("next_cursor").asText();
    assertThat(cursor).isNotEmpty();
    JsonNode rest = ok(api.get(ONE + "/records?date=" + DATE + "&limit=2&cursor=" + cursor, bob));
    rest.get("records").forEach(r -> refs.add(r.get("event_ref").asText()));
    assertThat(rest.path("next_cursor").isMissingNode() || rest.get("next_cursor").isNull())
        .as(rest.toString())
        .isTrue();
    assertThat(refs).containsExactlyInAnyOrder("DEP1", "DEP2", "DEP3");

    HttpResponse<String> tooMany = api.get(ONE + "/records?date=" + DATE + "&limit=1001", bob);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(ApiHarness.json(tooMany).get("field").asText()).isEqualTo("limit");
    HttpResponse<String> badCursor = api.get(ONE + "/records?date=" + DATE + "&cursor=x", bob);
    assertThat(badCursor.statusCode()).isEqualTo(400);
    assertThat(ok(api.get(ONE + "/records?date=" + DATE + "&limit=1000", bob)).get("records"))
        .hasSize(3);
  }

  @Test
  void aHoldIsGrantedAndADisbursementNamesIt() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":[" + deposit("DEP1", "5000.00") + "]}"));
    partnerAttests(partnerDeposit("DEP1", 500_000));
    JsonNode hold =
        ok(
            post(
                ONE + "/holds?wait=commit",
                alice,
                "hold-1",
                "{\"hold_ref\":\"H1\",\"loan_ref\":\"L1\",\"principal\":\"1000.00\","
                    + "\"value_date\":\""
                    + DATE
                    + "\"}"));
    assertThat(hold.get("status").asText()).isEqualTo("committed");
    assertThat(ok(api.get(ONE + "/position", bob)).get("held").asText()).isEqualTo("700.00");

    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-2",
            "{\"records\":[{\"event_ref\":\"D1\",\"event_type\":\"DISBURSEMENT\","
                + "\"loan_ref\":\"L1\",\"value_date\":\""
                + DATE
                + "\",\"currency\":\"CNY\",\"amount\":\"1000.00\",\"hold_ref\":\"H1\"}]}"));
    JsonNode records = ok(api.get(ONE + "/records?date=" + DATE + "&type=DISBURSEMENT", bob));
    assertThat(records.get("records").get(0).get("lead").get("record").get("hold_ref").asText())
        .isEqualTo("H1");
    HttpResponse<String> holdOnDeposit =
        post(
            ONE + "/attestations",
            alice,
            "batch-3",
            "{\"records\":["
                + deposit("DEP9", "1.00").replace("}", ",\"hold_ref\":\"H1\"}")
                + "]}");
    assertThat(ApiHarness.json(holdOnDeposit).get("field").asText())
        .isEqualTo("records[0].hold_ref");
  }

  private static String holdRequest(String ref, String principal) {
    return "{\"hold_ref\":\""
        + ref
        + "\",\"loan_ref\":\"L-"
        + ref
        + "\",\"principal\":\""
        + principal
        + "\",\"value_date\":\""
        + DATE
        + "\"}";
  }

  /**
   * A hold the application refuses when its block executes committed all the same: the lead must
   * not read that as granted (its core system would disburse), so the action answers 422 with the
   * receipt's reason, on the first request and on a retry with the same key.
   */
  @Test
  void aHoldRefusedAtExecutionIsReportedAsRefused() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":[" + deposit("DEP1", "5000.00") + "]}"));
    partnerAttests(partnerDeposit("DEP1", 500_000));

    // 70% of 10000.00 is 7000.00, over the 5000.00 available.
    HttpResponse<String> refused =
        post(ONE + "/holds?wait=commit", alice, "hold-big", holdRequest("H9", "10000.00"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = ApiHarness.json(refused);
    assertThat(problem.get("type").asText()).isEqualTo("urn:entente:problem:rejected-at-execution");
    assertThat(problem.get("reason").asText()).isEqualTo("insufficient-available");
    assertThat(problem.get("detail").asText()).contains("available");
    assertThat(problem.get("height").asLong()).isPositive();
    Receipt receipt =
        api.backend.receipt(CHANNEL, Hash.fromHex(problem.get("txId").asText())).orElseThrow();
    assertThat(receipt.status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(ok(api.get(ONE + "/position", bob)).get("held").asText()).isEqualTo("0.00");

    // The retry is a duplicate of a refused action: refused again, not "committed".
    HttpResponse<String> retried =
        post(ONE + "/holds?wait=commit", alice, "hold-big", holdRequest("H9", "10000.00"));
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(422);
    assertThat(ApiHarness.json(retried).get("duplicate").asBoolean()).isTrue();

    // A granted hold answers committed, with its accepted receipt.
    JsonNode granted =
        ok(post(ONE + "/holds?wait=commit", alice, "hold-ok", holdRequest("H1", "1000.00")));
    assertThat(granted.get("status").asText()).isEqualTo("committed");
    assertThat(granted.get("receipt").get("status").asText()).isEqualTo("accepted");
    assertThat(ok(api.get(ONE + "/position", bob)).get("held").asText()).isEqualTo("700.00");
  }

  /**
   * The generic request route answers a refused-at-execution request 200 committed, like any
   * committed transaction, but with the receipt that says it was refused.
   */
  @Test
  void aRequestRefusedAtExecutionCarriesItsRejectedReceipt() throws Exception {
    activeAgreement();
    Bytes content =
        Requests.HoldRequest.CODEC.encode(
            new Requests.HoldRequest(AGREEMENT, "H8", "L8", 100_000, QueryAnswers.parseDate(DATE)));
    String json =
        "{\"actingAs\":\"submitter\",\"application\":\""
            + ColendingApplication.NAME
            + "\",\"type\":\""
            + ColendingApplication.DISBURSEMENT_REQUEST
            + "\",\"idempotencyKey\":\"req-h8\",\"payloadBase64\":\""
            + java.util.Base64.getEncoder().encodeToString(content.toByteArray())
            + "\"}";
    JsonNode result =
        ok(post("/v1/channels/" + CHANNEL + "/requests?wait=commit", alice, null, json));
    assertThat(result.get("status").asText()).isEqualTo("committed");
    assertThat(result.get("receipt").get("status").asText()).isEqualTo("rejected");
    assertThat(result.get("receipt").get("reason").asText()).isEqualTo("insufficient-available");
  }

  @Test
  void aBatchWithOneBadRecordSubmitsNothing() throws Exception {
    activeAgreement();
    int calls = api.backend.submitCalls().size();
    HttpResponse<String> bad =
        post(
            ONE + "/attestations",
            alice,
            "batch-bad",
            "{\"records\":[" + deposit("DEP1", "5000.00") + "," + deposit("DEP2", "1.234") + "]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(ApiHarness.json(bad).get("field").asText()).isEqualTo("records[1]");
    HttpResponse<String> unknownField =
        post(
            ONE + "/attestations",
            alice,
            "batch-bad-2",
            "{\"records\":[{\"event_ref\":\"X\",\"colour\":\"red\"}]}");
    assertThat(ApiHarness.json(unknownField).get("field").asText()).isEqualTo("records[0].colour");
    HttpResponse<String> noKey =
        post(ONE + "/attestations", alice, null, "{\"records\":[" + deposit("D", "1") + "]}");
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(ApiHarness.json(noKey).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(api.backend.submitCalls()).hasSize(calls);
  }

  @Test
  void breaksAreListedAndResolvedByTheOtherBanksApproval() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":[" + deposit("DEP2", "100.00") + "," + deposit("DEP3", "10.00") + "]}"));
    partnerAttests(partnerDeposit("DEP2", 150_00), partnerDeposit("DEP3", 20_00));

    JsonNode page = ok(api.get(ONE + "/breaks?state=OPEN", bob));
    assertThat(page.get("breaks")).hasSize(2);
    JsonNode first = page.get("breaks").get(0);
    // Both opened in one block: in the order they opened (not by amount at stake).
    assertThat(first.get("event_ref").asText()).isEqualTo("DEP2");
    assertThat(first.get("type").asText()).isEqualTo("AMOUNT_MISMATCH");
    assertThat(first.get("event_type").asText()).isEqualTo("RESERVE_DEPOSIT");
    assertThat(first.get("agreement").asText()).isEqualTo(AGREEMENT);
    assertThat(first.get("opened_height").asLong()).isEqualTo(api.backend.height(CHANNEL));
    assertThat(first.get("diffs")).isNotEmpty();
    String dep2 = first.get("id").asText();
    String dep3 = page.get("breaks").get(1).get("id").asText();

    // The partner proposes the agreed record; the lead's approver approves it with a reason.
    Receipt proposed =
        partner(
            ColendingApplication.BREAK_PROPOSE,
            "submitter",
            Requests.BreakProposal.CODEC.encode(
                new Requests.BreakProposal(
                    dep2,
                    "P-dep2",
                    Requests.ProposalKind.ADJUSTMENT,
                    "the bank statement shows 150.00",
                    partnerDeposit("DEP2", 150_00))));
    assertThat(proposed.status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(ok(api.get(ONE + "/breaks/" + dep2, bob)).get("state").asText())
        .isEqualTo("PROPOSED");
    // An approval names the proposal it approves; without proposal_id nothing is submitted.
    int calls = api.backend.submitCalls().size();
    HttpResponse<String> unnamed =
        post(
            ONE + "/breaks/" + dep2 + "/approve",
            dave,
            "approve-dep2-unnamed",
            "{\"reason\":\"matches our statement\"}");
    assertThat(unnamed.statusCode()).isEqualTo(400);
    assertThat(ApiHarness.json(unnamed).get("field").asText()).isEqualTo("proposal_id");
    assertThat(api.backend.submitCalls()).hasSize(calls);
    assertThat(ok(api.get(ONE + "/breaks/" + dep2, bob)).get("state").asText())
        .isEqualTo("PROPOSED");
    JsonNode approved =
        ok(
            post(
                ONE + "/breaks/" + dep2 + "/approve?wait=commit",
                dave,
                "approve-dep2",
                "{\"proposal_id\":\"P-dep2\",\"reason\":\"matches our statement\"}"));
    assertThat(approved.get("status").asText()).isEqualTo("committed");
    JsonNode resolved = ok(api.get(ONE + "/breaks/" + dep2, bob));
    assertThat(resolved.get("state").asText()).isEqualTo("RESOLVED");

    // The lead proposes a correction through the API; the partner approves it.
    JsonNode correction =
        ok(
            post(
                ONE + "/breaks/" + dep3 + "/proposals?wait=commit",
                alice,
                "fix-dep3",
                "{\"kind\":\"CORRECTION\",\"reason\":\"typo in our file\",\"record\":"
                    + deposit("DEP3", "20.00")
                        .replace("}", ",\"action\":\"CORRECT\",\"reason\":\"typo\"}")
                    + "}"));
    assertThat(correction.get("status").asText()).isEqualTo("committed");
    JsonNode open = ok(api.get(ONE + "/breaks/" + dep3, bob));
    assertThat(open.get("state").asText()).isEqualTo("PROPOSED");
    assertThat(open.get("proposal").get("proposal_id").asText()).isEqualTo("fix-dep3");
    Receipt partnerApproves =
        partner(
            ColendingApplication.BREAK_APPROVE,
            "approver",
            Requests.BreakDecision.CODEC.encode(
                new Requests.BreakDecision(dep3, "fix-dep3", "agreed")));
    assertThat(partnerApproves.status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(ok(api.get(ONE + "/breaks/" + dep3, bob)).get("state").asText())
        .isEqualTo("RESOLVED");

    HttpResponse<String> badRecord =
        post(
            ONE + "/breaks/" + dep3 + "/proposals",
            alice,
            "fix-dep3-again",
            "{\"kind\":\"ADJUSTMENT\",\"reason\":\"x\",\"record\":"
                + deposit("DEP3", "-1.00")
                + "}");
    assertThat(badRecord.statusCode()).isEqualTo(400);
    assertThat(ApiHarness.json(badRecord).get("field").asText()).isEqualTo("record");
    assertThat(ApiHarness.json(badRecord).get("reason").asText()).isEqualTo("negative");

    assertThat(api.get(ONE + "/breaks/B999", bob).statusCode()).isEqualTo(404);
    assertThat(api.get(BASE + "/other-agreement/breaks", bob).statusCode()).isEqualTo(404);
  }

  @Test
  void aRejectedProposalReturnsTheBreakToOpenWithTheReason() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":[" + deposit("DEP4", "10.00") + "]}"));
    partnerAttests(partnerDeposit("DEP4", 11_00));
    String id = ok(api.get(ONE + "/breaks", bob)).get("breaks").get(0).get("id").asText();
    partner(
        ColendingApplication.BREAK_PROPOSE,
        "submitter",
        Requests.BreakProposal.CODEC.encode(
            new Requests.BreakProposal(
                id,
                "P-dep4",
                Requests.ProposalKind.ADJUSTMENT,
                "we received 11.00",
                partnerDeposit("DEP4", 11_00))));

    HttpResponse<String> noReason =
        post(ONE + "/breaks/" + id + "/reject", dave, "reject-0", "{\"reason\":\" \"}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    ok(
        post(
            ONE + "/breaks/" + id + "/reject?wait=commit",
            dave,
            "reject-1",
            "{\"proposal_id\":\"P-dep4\",\"reason\":\"our bank statement shows 10.00\"}"));
    JsonNode rejected = ok(api.get(ONE + "/breaks/" + id, bob));
    assertThat(rejected.get("state").asText()).isEqualTo("OPEN");
    assertThat(rejected.get("last_rejection").asText()).isEqualTo("our bank statement shows 10.00");
    assertThat(rejected.has("proposal")).isFalse();
    HttpResponse<String> nothingToDecide =
        post(ONE + "/breaks/" + id + "/approve", dave, "approve-1", "{\"reason\":\"ok\"}");
    assertThat(nothingToDecide.statusCode()).isEqualTo(400);
    assertThat(ApiHarness.json(nothingToDecide).get("field").asText()).isEqualTo("proposal_id");
  }

  @Test
  void theStatementCsvIsTheLedgersBytes() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":[" + deposit("DEP1", "5000.00") + "]}"));
    partnerAttests(partnerDeposit("DEP1", 500_000));
    assertThat(api.get(ONE + "/statements/" + DATE, bob).statusCode()).isEqualTo(404);

    // After 00:00 Shanghai, before the grace runs out, the lead closes the day itself.
    blockTime.set(Instant.parse("2026-03-01T16:00:10Z").toEpochMilli());
    JsonNode closed =
        ok(post(ONE + "/days/" + DATE + "/close?wait=commit", alice, "close-" + DATE, "{}"));
    assertThat(closed.get("status").asText()).isEqualTo("committed");
    String ledgerHash = closedStatementHash(api.backend.height(CHANNEL));

    JsonNode summary = ok(api.get(ONE + "/statements/" + DATE, bob));
    assertThat(summary.get("csv_sha256").asText()).isEqualTo(ledgerHash);
    assertThat(summary.get("closed_by").asText()).isEqualTo("bank-a");
    assertThat(summary.get("matched").asLong()).isEqualTo(1);

    HttpResponse<byte[]> csv =
        api.client.send(
            HttpRequest.newBuilder(api.uri(ONE + "/statements/" + DATE + "/csv"))
                .header("Authorization", "Bearer " + bob)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    String served =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv.body()));
    assertThat(served).isEqualTo(ledgerHash);
    assertThat(csv.headers().firstValue(ColendingEndpoints.STATEMENT_SHA256_HEADER))
        .hasValue(ledgerHash);
    assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains("DEP1,RESERVE_DEPOSIT");
  }

  /** The CSV hash the statement-closed event of block {@code height} carries. */
  private String closedStatementHash(long height) {
    for (ApplicationEvent event : api.backend.events(CHANNEL, height).orElseThrow()) {
      if (event.type().equals("statement-closed")) {
        List<String> fields = QueryAnswers.eventFields(event.data());
        assertThat(fields.get(0)).isEqualTo(AGREEMENT);
        return fields.get(2);
      }
    }
    throw new AssertionError("block " + height + " closed no statement");
  }

  @Test
  void theAgreementStreamCarriesItsMatchesAndBreaks() throws Exception {
    activeAgreement();
    ok(
        post(
            ONE + "/attestations?wait=commit",
            alice,
            "batch-1",
            "{\"records\":[" + deposit("DEP1", "5000.00") + "," + deposit("DEP2", "1.00") + "]}"));
    partnerAttests(partnerDeposit("DEP1", 500_000), partnerDeposit("DEP2", 2_00));
    ok(post(ONE + "/holds?wait=commit", alice, "hold-1", holdRequest("H1", "1000.00")));

    HttpResponse<InputStream> response =
        api.client.send(
            HttpRequest.newBuilder(api.uri(ONE + "/events?from_height=1"))
                .header("Authorization", "Bearer " + bob)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      // Every block is committed already: the stream sends them all, then idles.
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith(": keep-alive")) {
          break;
        }
        lines.add(line);
        if (lines.contains("event: break-opened")
            && lines.contains("event: record-matched")
            && lines.contains("event: hold-granted")) {
          break;
        }
      }
    }
    assertThat(lines).contains("event: agreement-active", "event: record-matched");
    assertThat(lines).contains("event: break-opened", "event: hold-granted");
    assertThat(lines.stream().filter(l -> l.startsWith("data: ")))
        .allMatch(l -> l.contains("\"agreement\":\"" + AGREEMENT + "\""));
    assertThat(lines).anyMatch(l -> l.startsWith("id: "));

    assertThat(api.get(BASE + "/not-ours/events", bob).statusCode()).isEqualTo(404);
  }

  @Test
  void anInstitutionOutsideTheChannelGetsNothing() throws Exception {
    activeAgreement();
    String erin = api.login("erin");
    for (String path :
        List.of(BASE, ONE, ONE + "/breaks", ONE + "/position", ONE + "/statements/" + DATE)) {
      HttpResponse<String> response = api.get(path, erin);
      assertThat(response.statusCode()).as(path).isEqualTo(403);
      assertThat(response.body()).doesNotContain("wld-2026\",\"channel");
    }
  }
}
