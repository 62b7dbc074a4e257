package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.app.colending.Action;
import io.entente.app.colending.AgreementTerms;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Components;
import io.entente.app.colending.Direction;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.Parties;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application-level party check, over the API: bank-a's node serves a channel bank-a is a
 * member of (as a witness would be) but whose agreement is between bank-x and bank-b. Channel
 * membership lets bank-a's users through the dispatcher, so only the party check stands between
 * them and the agreement: every agreement route must answer 404, exactly as for an agreement that
 * does not exist, with none of the agreement's data and without submitting anything.
 */
class ColendingPartyCheckTest {
  private static final String CHANNEL = "loans-x-b";
  private static final String AGREEMENT = "xb-2026";
  private static final String DATE = "2026-03-01";
  private static final Hash X_CERTIFICATE = FakeBackend.SUITE.hash(Bytes.of(new byte[] {7}));
  private static final Hash B_CERTIFICATE = FakeBackend.SUITE.hash(Bytes.of(new byte[] {8}));
  private static final Signer X_SIGNER = TestKeys.signer(SuiteId.STANDARD, 17);
  private static final Signer B_SIGNER = TestKeys.signer(SuiteId.STANDARD, 18);

  /** 2026-03-01 16:00 Shanghai. */
  private final AtomicLong blockTime =
      new AtomicLong(Instant.parse("2026-03-01T08:00:00Z").toEpochMilli());

  private ApiHarness api;
  private int keys;
  private String breakId;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
    api.backend.addChannel(CHANNEL, List.of("bank-x", "bank-b", "bank-a"));
    TreeMap<Hash, String> certificates = new TreeMap<>();
    certificates.put(X_CERTIFICATE, "bank-x");
    certificates.put(B_CERTIFICATE, "bank-b");
    api.backend.runApplication(
        CHANNEL,
        new ColendingApplication(FakeBackend.SUITE, new Parties("bank-x", "bank-b", certificates)),
        () -> blockTime.addAndGet(1000));
    api.backend.commitOnWait();
    agreementWithABreakAProposalAndAClosedDay();
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  /** A transaction of bank-x's or bank-b's gateway, committed in a block of its own. */
  private void submit(Signer signer, Hash certificate, String type, String role, Bytes content) {
    long now = api.clock.millis();
    TxBody body =
        new TxBody(
            CHANNEL,
            ColendingApplication.NAME,
            type,
            new UserRequestPayload("gw", role, content).encode(),
            certificate,
            "gw:" + (keys++),
            now,
            now + 600_000);
    Transaction transaction = Transaction.sign(FakeBackend.SUITE, signer, body);
    assertThat(api.backend.submit(CHANNEL, List.of(transaction)).get(0))
        .isInstanceOf(SubmitResult.Accepted.class);
    api.backend.commitPending(CHANNEL);
    Receipt receipt = api.backend.receipt(CHANNEL, transaction.id(FakeBackend.SUITE)).orElseThrow();
    assertThat(receipt.status())
        .as(receipt.code() + " " + receipt.detail())
        .isEqualTo(Receipt.Status.ACCEPTED);
  }

  private static EventRecord deposit(String ref, long fen) {
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

  private void agreementWithABreakAProposalAndAClosedDay() {
    String termsJson =
        """
        {"id":"xb-2026","partner":"bank-b","currency":"CNY",
         "split_bp":{"principal":7000,"interest":6500,"penalty":6000,"fee":5000},
         "reserve_warn":"1000.00","reserve_critical":"200.00","counterpart_sla_ms":7200000,
         "date_tolerance_days":1,"hold_ttl_ms":1800000,"partner_principal_cap":"10000000.00",
         "close_grace_ms":60000}""";
    AgreementTerms terms =
        ColendingJson.terms(
            ColendingJson.Body.parse(
                termsJson.getBytes(StandardCharsets.UTF_8), ColendingJson.TERMS_FIELDS),
            "bank-x");
    submit(
        X_SIGNER,
        X_CERTIFICATE,
        ColendingApplication.AGREEMENT_PROPOSE,
        "submitter",
        AgreementTerms.CODEC.encode(terms));
    Hash termsHash = ask("bank-x", Requests.QueryRequest.agreement(AGREEMENT)).termsHash();
    submit(
        B_SIGNER,
        B_CERTIFICATE,
        ColendingApplication.AGREEMENT_ACCEPT,
        "approver",
        Requests.AgreementAccept.CODEC.encode(new Requests.AgreementAccept(AGREEMENT, termsHash)));
    submit(
        X_SIGNER,
        X_CERTIFICATE,
        ColendingApplication.ATTEST,
        "submitter",
        Requests.AttestationBatch.CODEC.encode(
            new Requests.AttestationBatch(List.of(deposit("DEP7", 777_00)))));
    submit(
        B_SIGNER,
        B_CERTIFICATE,
        ColendingApplication.ATTEST,
        "submitter",
        Requests.AttestationBatch.CODEC.encode(
            new Requests.AttestationBatch(List.of(deposit("DEP7", 999_00)))));
    breakId =
        QueryAnswers.breaks(raw("bank-b", Requests.QueryRequest.breaks(AGREEMENT, "", 0, "")))
            .breaks()
            .get(0)
            .id();
    submit(
        B_SIGNER,
        B_CERTIFICATE,
        ColendingApplication.BREAK_PROPOSE,
        "submitter",
        Requests.BreakProposal.CODEC.encode(
            new Requests.BreakProposal(
                breakId,
                "P-dep7",
                Requests.ProposalKind.ADJUSTMENT,
                "our statement shows 999.00",
                deposit("DEP7", 999_00))));
    // The next day, after the grace: bank-x closes 2026-03-01.
    blockTime.set(Instant.parse("2026-03-01T17:00:00Z").toEpochMilli());
    submit(
        X_SIGNER,
        X_CERTIFICATE,
        ColendingApplication.DAY_CLOSE,
        "submitter",
        Requests.DayClose.CODEC.encode(
            new Requests.DayClose(AGREEMENT, QueryAnswers.parseDate(DATE))));
  }

  private Bytes raw(String institution, Requests.QueryRequest query) {
    Application.QueryResult result =
        api.backend
            .query(
                CHANNEL,
                new Application.Caller(institution, "gw"),
                Requests.QueryRequest.CODEC.encode(query))
            .orElseThrow();
    assertThat(result.check().isAccepted()).as(result.check().toString()).isTrue();
    return result.result();
  }

  private QueryAnswers.AgreementView ask(String institution, Requests.QueryRequest query) {
    return QueryAnswers.agreement(raw(institution, query));
  }

  private HttpResponse<String> call(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header(ColendingEndpoints.IDEMPOTENCY_KEY, "party-" + (keys++));
    if (json != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return api.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A body that bank-x's own user could send, so a refusal is not a 400 in disguise. */
  private static String bodyFor(String template) {
    if (template.endsWith("/accept")) {
      return "{\"terms_hash\":\"" + "0".repeat(64) + "\"}";
    }
    if (template.endsWith("/attestations")) {
      return "{\"records\":[{\"event_ref\":\"DEP8\",\"event_type\":\"RESERVE_DEPOSIT\","
          + "\"value_date\":\"2026-03-02\",\"currency\":\"CNY\",\"amount\":\"1.00\"}]}";
    }
    if (template.endsWith("/proposals")) {
      return "{\"proposal_id\":\"P-mine\",\"kind\":\"ADJUSTMENT\",\"reason\":\"mine\"}";
    }
    if (template.endsWith("/approve") || template.endsWith("/reject")) {
      return "{\"proposal_id\":\"P-dep7\",\"reason\":\"mine\"}";
    }
    if (template.endsWith("/holds")) {
      return "{\"hold_ref\":\"H1\",\"loan_ref\":\"L1\",\"principal\":\"1.00\","
          + "\"value_date\":\"2026-03-02\"}";
    }
    return "{}";
  }

  @Test
  void aChannelMemberThatIsNotAPartyGetsA404WithNoDataOnEveryAgreementRoute() throws Exception {
    // The control: the agreement, its break, its proposal and its statement exist, for its parties.
    assertThat(ask("bank-b", Requests.QueryRequest.agreement(AGREEMENT)).status())
        .isEqualTo("ACTIVE");
    assertThat(
            QueryAnswers.breakView(raw("bank-x", Requests.QueryRequest.breakById(breakId)))
                .proposal()
                .proposalId())
        .isEqualTo("P-dep7");
    assertThat(
            QueryAnswers.statement(
                    raw(
                        "bank-x",
                        Requests.QueryRequest.statement(AGREEMENT, QueryAnswers.parseDate(DATE))))
                .statement()
                .rows())
        .isEqualTo(1L);
    // bank-a is a member of the channel: the dispatcher lets its users in.
    assertThat(api.backend.channelInstitutions(CHANNEL).orElseThrow()).contains("bank-a");
    String viewer = api.login("bob");
    String submitter = api.login("alice");
    String approver = api.login("dave");
    HttpResponse<String> list = api.get("/v1/channels/" + CHANNEL + "/agreements", viewer);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(ApiHarness.json(list).get("agreements")).isEmpty();

    int submitted = api.backend.submitCalls().size();
    List<String> walked = new ArrayList<>();
    for (ApiServer.RouteInfo route : api.server.routes()) {
      if (!route.template().contains("{agreement}")) {
        continue;
      }
      String path =
          route
              .template()
              .replace("{channel}", CHANNEL)
              .replace("{agreement}", AGREEMENT)
              .replace("{break}", breakId)
              .replace("{date}", DATE);
      if (path.endsWith("/records")) {
        path += "?date=" + DATE;
      }
      String token =
          switch (route.access()) {
            case "READ" -> viewer;
            case "SUBMIT" -> submitter;
            case "APPROVE" -> approver;
            default -> throw new AssertionError(route + " has access " + route.access());
          };
      String body = route.method().equals("POST") ? bodyFor(route.template()) : null;
      HttpResponse<String> answer = call(route.method(), path, token, body);
      String what = route.method() + " " + path + ": " + answer.body();
      assertThat(answer.statusCode()).as(what).isEqualTo(404);
      JsonNode problem = ApiHarness.json(answer);
      assertThat(problem.get("reason").asText()).as(what).isEqualTo("unknown-agreement-or-break");
      assertThat(answer.body())
          .as(what)
          .doesNotContain(
              "bank-x", "bank-b", "DEP7", "P-dep7", "777", "999", "terms_hash", "ACTIVE");
      walked.add(route.method() + " " + route.template());
    }
    assertThat(api.backend.submitCalls()).as("nothing was submitted").hasSize(submitted);
    // Every agreement route of the API was walked (the list above is the server's own).
    assertThat(walked)
        .contains(
            "GET /v1/channels/{channel}/agreements/{agreement}",
            "GET /v1/channels/{channel}/agreements/{agreement}/records",
            "GET /v1/channels/{channel}/agreements/{agreement}/breaks/{break}",
            "POST /v1/channels/{channel}/agreements/{agreement}/attestations",
            "POST /v1/channels/{channel}/agreements/{agreement}/breaks/{break}/approve",
            "GET /v1/channels/{channel}/agreements/{agreement}/statements/{date}/csv",
            "GET /v1/channels/{channel}/agreements/{agreement}/events")
        .hasSize(15);

    // The same answer as for an agreement that does not exist.
    HttpResponse<String> unknown =
        api.get("/v1/channels/" + CHANNEL + "/agreements/no-such-agreement", viewer);
    HttpResponse<String> notParty =
        api.get("/v1/channels/" + CHANNEL + "/agreements/" + AGREEMENT, viewer);
    assertThat(unknown.statusCode()).isEqualTo(notParty.statusCode());
    assertThat(ApiHarness.json(unknown).get("reason"))
        .isEqualTo(ApiHarness.json(notParty).get("reason"));
  }
}
