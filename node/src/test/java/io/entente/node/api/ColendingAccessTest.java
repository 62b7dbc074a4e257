package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Parties;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.Parameters;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.auth.PasswordHash;
import io.entente.node.auth.Role;
import io.entente.node.auth.User;
import io.entente.node.auth.Users;
import io.entente.node.bench.ApiSession;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import io.entente.node.runtime.ClientDirectory;
import io.entente.node.runtime.MetricsBridge;
import io.entente.node.runtime.Node;
import io.entente.node.runtime.RuntimeBackend;
import io.entente.node.runtime.RuntimeProbe;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The co-lending API on a real in-process consortium (lead-bank, partner-a, partner-b; one node
 * each, written by {@code entente init}'s writer, real TLS, RocksDB and consensus), each node with
 * its HTTPS API. An agreement and a break between lead-bank and partner-a are made through the API,
 * and the break is resolved by the other bank. Then partner-b's user, on partner-b's node, calls
 * every route of the OpenAPI document with partner-a's channel and ids and must get 403 or 404 on
 * each; the few routes that are public or describe only the caller's own node are listed below with
 * why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColendingAccessTest {
  private static final String LEAD = "lead-bank";
  private static final String PARTNER_A = "partner-a";
  private static final String PARTNER_B = "partner-b";
  private static final String CHANNEL_A = LEAD + "--" + PARTNER_A;
  private static final String CHANNEL_B = LEAD + "--" + PARTNER_B;
  private static final String AGREEMENT = "wld-a";
  private static final String PASSWORD = "correct horse battery staple";
  private static final long DEADLINE_MS = 90_000;
  private static final ConsensusConfig FAST =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 50, 1_000, 5_000);

  /**
   * Routes partner-b's user may call with success, and why: public by design, about the caller
   * itself on its own node (no path parameter, so nothing of partner-a can be named), or the
   * governance state, which every member reads by design (docs/governance.md, "Queries").
   */
  private static final Map<String, String> EXCEPTIONS =
      Map.ofEntries(
          Map.entry("GET /health/live", "public: liveness"),
          Map.entry("GET /health/ready", "public: readiness"),
          Map.entry("GET /metrics", "public: this node's metrics"),
          Map.entry("GET /v1/openapi.yaml", "public: the API document"),
          Map.entry("POST /v1/auth/tokens", "public: log in"),
          Map.entry("POST /v1/auth/tokens/rotate", "own node: the caller's own token"),
          Map.entry("DELETE /v1/auth/tokens/current", "own node: the caller's own token"),
          Map.entry("GET /v1/status", "own node: this node and the caller's own channels"),
          Map.entry("GET /v1/governance/proposals", "shared: governance is the whole consortium's"),
          Map.entry("GET /v1/governance/members", "shared: governance is the whole consortium's"),
          Map.entry("GET /v1/governance/nodes", "shared: governance is the whole consortium's"));

  @TempDir static Path folder;

  private final CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, ApiServer> apis = new TreeMap<>();
  private final Map<String, HttpClient> clients = new TreeMap<>();
  private final Map<String, String> tokens = new TreeMap<>();
  private String breakId;
  private String proposeTxId;
  private String statementDate;

  @BeforeAll
  void startConsortium() throws Exception {
    Path consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD,
                List.of(PARTNER_A, PARTNER_B),
                1,
                SuiteId.STANDARD,
                FreePorts.block(6),
                "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    Map<String, List<User>> users = new TreeMap<>();
    users.put(
        LEAD,
        List.of(
            user("lead-clerk", LEAD, Role.SUBMITTER), user("lead-checker", LEAD, Role.APPROVER)));
    users.put(
        PARTNER_A,
        List.of(
            user("a-clerk", PARTNER_A, Role.SUBMITTER),
            user("a-checker", PARTNER_A, Role.APPROVER)));
    // partner-b's user may read, submit and approve: only data access stands in its way.
    users.put(
        PARTNER_B,
        List.of(
            new User(
                "b-user",
                PARTNER_B,
                EnumSet.of(Role.VIEWER, Role.SUBMITTER, Role.APPROVER),
                PasswordHash.create(PASSWORD.toCharArray(), new SecureRandom(), 1_000))));
    for (String institution : users.keySet()) {
      Path configPath =
          consortium.resolve(institution).resolve(Layout.nodeFolder(1)).resolve(Layout.NODE_CONFIG);
      NodeConfig config = NodeConfig.load(configPath);
      Files.writeString(config.usersFile(), Users.toJson(institution, users.get(institution)));
      start(institution, config, consortium);
    }
    for (String institution : users.keySet()) {
      await(
          institution + " ready",
          quietly(() -> status(institution, "GET", "/health/ready", null, null) == 200));
    }
    tokens.put("lead-clerk", login(LEAD, "lead-clerk"));
    tokens.put("lead-checker", login(LEAD, "lead-checker"));
    tokens.put("a-clerk", login(PARTNER_A, "a-clerk"));
    tokens.put("a-checker", login(PARTNER_A, "a-checker"));
    tokens.put("b-user", login(PARTNER_B, "b-user"));
    makeAgreementAndBreak();
  }

  private static User user(String name, String institution, Role role) {
    return new User(
        name,
        institution,
        EnumSet.of(Role.VIEWER, role),
        PasswordHash.create(PASSWORD.toCharArray(), new SecureRandom(), 1_000));
  }

  private void start(String institution, NodeConfig config, Path consortium) throws Exception {
    long now = System.currentTimeMillis();
    NodeMetrics metrics = NodeMetrics.create();
    ClientDirectory directory = ClientDirectory.fromConfig(config, now);
    Node node =
        Node.start(
            config,
            new Node.Services(
                applications(config, now),
                directory,
                FAST,
                new MetricsBridge(metrics),
                P2pListener.NONE,
                RuntimeProbe.NONE));
    nodes.put(institution, node);
    RuntimeBackend backend = new RuntimeBackend(node, directory, RequestSigner.fromConfig(config));
    apis.put(
        institution,
        ApiServer.fromConfig(
            config, new ApiServer.Settings("127.0.0.1", 0), backend, metrics, Clock.systemUTC()));
    Path ca =
        consortium
            .resolve(institution)
            .resolve(Layout.API_CA_DIR)
            .resolve(Layout.API_CA_CERTIFICATE);
    clients.put(institution, new ApiSession(ca, "127.0.0.1", 1).http());
  }

  /** Governance on the governance channel, co-lending on the bilateral ones (lead--partner). */
  private java.util.function.Function<Genesis, Application> applications(
      NodeConfig config, long now) {
    TreeMap<Hash, String> institutions = new TreeMap<>();
    config
        .clientCertificates(now)
        .forEach((id, client) -> institutions.put(id, client.institution()));
    return genesis -> {
      if (genesis.channel().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)) {
        return new GovernanceApplication(
            config.governanceGenesis(),
            Parameters.defaults(),
            ConsortiumSpec.GOVERNANCE_CHANNEL,
            institutions);
      }
      String[] banks = genesis.channel().split("--", 2);
      TreeMap<Hash, String> theirs = new TreeMap<>();
      institutions.forEach(
          (id, institution) -> {
            if (institution.equals(banks[0]) || institution.equals(banks[1])) {
              theirs.put(id, institution);
            }
          });
      return new ColendingApplication(suite, new Parties(banks[0], banks[1], theirs));
    };
  }

  @AfterAll
  void stopConsortium() throws Exception {
    for (ApiServer api : apis.values()) {
      api.close();
    }
    nodes.values().forEach(Node::close);
  }

  // ---------------------------------------------------------------- HTTP

  private record Answer(int status, String body) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(body);
    }
  }

  private Answer call(
      String institution, String method, String path, String token, String json, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + apis.get(institution).port() + path))
            .timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (key != null) {
      request.header(ColendingEndpoints.IDEMPOTENCY_KEY, key);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> response =
        clients.get(institution).send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String type = response.headers().firstValue("Content-Type").orElse("");
    try (InputStream body = response.body()) {
      // An event stream never ends: only its status matters here.
      if (type.startsWith("text/event-stream")) {
        return new Answer(response.statusCode(), "");
      }
      return new Answer(
          response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private int status(String institution, String method, String path, String token, String json)
      throws Exception {
    return call(institution, method, path, token, json, null).status();
  }

  private String login(String institution, String username) throws Exception {
    Answer answer =
        call(
            institution,
            "POST",
            "/v1/auth/tokens",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}",
            null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("token").asText();
  }

  private JsonNode ok(Answer answer) throws Exception {
    assertThat(answer.status()).as(answer.body()).isBetween(200, 202);
    return answer.json();
  }

  private static void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    long start = System.nanoTime();
    while (true) {
      try {
        if (condition.get()) {
          System.out.printf(
              "%s after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          return;
        }
      } catch (Exception e) {
        // not yet: the node may still be starting
      }
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE_MS + " ms: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static Supplier<Boolean> quietly(Check check) {
    return () -> {
      try {
        return check.holds();
      } catch (Exception e) {
        return false;
      }
    };
  }

  // ---------------------------------------------------------------- set-up through the API

  private static String terms() {
    return """
        {"id":"wld-a","partner":"partner-a","currency":"CNY",
         "split_bp":{"principal":7000,"interest":6500,"penalty":6000,"fee":5000},
         "reserve_warn":"1000.00","reserve_critical":"200.00","counterpart_sla_ms":86400000,
         "date_tolerance_days":1,"hold_ttl_ms":1800000,"partner_principal_cap":"10000000.00",
         "close_grace_ms":600000}""";
  }

  private String deposits(String dep2Amount) {
    return "{\"records\":[" + deposit("DEP1", "5000.00") + "," + deposit("DEP2", dep2Amount) + "]}";
  }

  private String deposit(String ref, String amount) {
    return "{\"event_ref\":\""
        + ref
        + "\",\"event_type\":\"RESERVE_DEPOSIT\",\"value_date\":\""
        + statementDate
        + "\",\"currency\":\"CNY\",\"amount\":\""
        + amount
        + "\"}";
  }

  private void makeAgreementAndBreak() throws Exception {
    statementDate = Instant.now().atOffset(ZoneOffset.ofHours(8)).toLocalDate().toString();
    String base = "/v1/channels/" + CHANNEL_A + "/agreements";
    String one = base + "/" + AGREEMENT;
    JsonNode proposed =
        ok(call(LEAD, "POST", base + "?wait=commit", tokens.get("lead-clerk"), terms(), "propose"));
    assertThat(proposed.get("status").asText()).isEqualTo("committed");
    proposeTxId = proposed.get("txId").asText();

    await(
        "partner-a sees the proposal",
        quietly(
            () ->
                call(PARTNER_A, "GET", one, tokens.get("a-checker"), null, null).status() == 200));
    JsonNode view = ok(call(PARTNER_A, "GET", one, tokens.get("a-checker"), null, null));
    assertThat(view.get("status").asText()).isEqualTo("PROPOSED");
    ok(
        call(
            PARTNER_A,
            "POST",
            one + "/accept?wait=commit",
            tokens.get("a-checker"),
            "{\"terms_hash\":\"" + view.get("terms_hash").asText() + "\"}",
            "accept"));
    await(
        "the lead sees the agreement active",
        quietly(
            () ->
                ok(call(LEAD, "GET", one, tokens.get("lead-clerk"), null, null))
                    .get("status")
                    .asText()
                    .equals("ACTIVE")));

    ok(
        call(
            LEAD,
            "POST",
            one + "/attestations?wait=commit",
            tokens.get("lead-clerk"),
            deposits("100.00"),
            "batch-1"));
    ok(
        call(
            PARTNER_A,
            "POST",
            one + "/attestations?wait=commit",
            tokens.get("a-clerk"),
            deposits("150.00"),
            "batch-1"));
    await(
        "the lead sees DEP1 matched and a break on DEP2",
        quietly(
            () ->
                ok(call(LEAD, "GET", one + "/breaks", tokens.get("lead-clerk"), null, null))
                        .get("breaks")
                        .size()
                    == 1));
    JsonNode matched =
        ok(
            call(
                LEAD,
                "GET",
                one + "/records?date=" + statementDate + "&state=MATCHED",
                tokens.get("lead-clerk"),
                null,
                null));
    assertThat(matched.get("records")).hasSize(1);
    assertThat(matched.get("records").get(0).get("event_ref").asText()).isEqualTo("DEP1");
    JsonNode theBreak =
        ok(call(LEAD, "GET", one + "/breaks", tokens.get("lead-clerk"), null, null))
            .get("breaks")
            .get(0);
    assertThat(theBreak.get("event_ref").asText()).isEqualTo("DEP2");
    assertThat(theBreak.get("opened_height").asLong()).isPositive();
    breakId = theBreak.get("id").asText();
  }

  // ---------------------------------------------------------------- tests

  @Test
  void aBreakProposedByOneBankIsApprovedByTheOther() throws Exception {
    String one = "/v1/channels/" + CHANNEL_A + "/agreements/" + AGREEMENT;
    String adjustment =
        "{\"proposal_id\":\"P-dep2\",\"kind\":\"ADJUSTMENT\",\"reason\":\"our statement shows"
            + " 150.00\",\"record\":"
            + deposit("DEP2", "150.00")
            + "}";
    ok(
        call(
            PARTNER_A,
            "POST",
            one + "/breaks/" + breakId + "/proposals?wait=commit",
            tokens.get("a-clerk"),
            adjustment,
            "propose-dep2"));
    await(
        "the lead sees the proposal",
        quietly(
            () ->
                ok(call(
                        LEAD,
                        "GET",
                        one + "/breaks/" + breakId,
                        tokens.get("lead-checker"),
                        null,
                        null))
                    .get("state")
                    .asText()
                    .equals("PROPOSED")));
    ok(
        call(
            LEAD,
            "POST",
            one + "/breaks/" + breakId + "/approve?wait=commit",
            tokens.get("lead-checker"),
            "{\"proposal_id\":\"P-dep2\",\"reason\":\"checked against our ledger\"}",
            "approve-dep2"));
    await(
        "partner-a sees the break resolved",
        quietly(
            () ->
                ok(call(
                        PARTNER_A,
                        "GET",
                        one + "/breaks/" + breakId,
                        tokens.get("a-checker"),
                        null,
                        null))
                    .get("state")
                    .asText()
                    .equals("RESOLVED")));
  }

  /** Every route of the OpenAPI document, as partner-b's user with partner-a's ids: 403 or 404. */
  @Test
  void anotherPartnerGetsNothingOnAnyRoute() throws Exception {
    JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(ApiServer.openApiDocument());
    Map<String, String> access = new TreeMap<>();
    for (ApiServer.RouteInfo route : apis.get(PARTNER_B).routes()) {
      access.put(route.method() + " " + route.template(), route.access());
    }
    List<String> documented = new ArrayList<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    assertThat(new TreeSet<>(documented)).isEqualTo(access.keySet());

    // The exceptions are public routes, or routes without path parameters (about the caller).
    for (String route : EXCEPTIONS.keySet()) {
      assertThat(access).containsKey(route);
      assertThat(access.get(route).equals("PUBLIC") || !route.contains("{"))
          .as(route + ": " + EXCEPTIONS.get(route))
          .isTrue();
      assertThat(access.get(route)).isIn("PUBLIC", "TOKEN", "READ");
    }

    Map<String, String> partnerA = new LinkedHashMap<>();
    partnerA.put("channel", CHANNEL_A);
    partnerA.put("agreement", AGREEMENT);
    partnerA.put("break", breakId);
    partnerA.put("date", statementDate);
    partnerA.put("username", "a-clerk");
    partnerA.put("height", "1");
    partnerA.put("txId", proposeTxId);
    // No governance proposal exists in this consortium: 404 like any unknown id.
    partnerA.put("id", "1");
    // The same ids in partner-b's own channel: the agreement, break and transaction are not there.
    Map<String, String> ownChannel = new LinkedHashMap<>(partnerA);
    ownChannel.put("channel", CHANNEL_B);

    String token = tokens.get("b-user");
    List<String> walked = new ArrayList<>();
    for (String route : documented) {
      if (EXCEPTIONS.containsKey(route)) {
        continue;
      }
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      List<Map<String, String>> substitutions = new ArrayList<>();
      substitutions.add(partnerA);
      if (template.contains("{agreement}") || template.contains("{txId}")) {
        substitutions.add(ownChannel);
      }
      for (Map<String, String> values : substitutions) {
        String path = fill(template, values);
        Answer answer =
            call(
                PARTNER_B, method, path, token, bodyFor(template, method), "walk-" + walked.size());
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isIn(403, 404);
        assertThat(answer.body()).as(method + " " + path).doesNotContain("DEP2", "terms_hash");
        walked.add(method + " " + path);
      }
    }
    System.out.println("walked " + walked.size() + " calls: " + walked);

    // The control: partner-a's own user reads the same paths on its own node.
    for (String route : documented) {
      String template = route.substring(route.indexOf(' ') + 1);
      if (route.startsWith("GET ")
          && template.contains("{agreement}")
          && !template.contains("/statements/")) {
        String path = fill(template, partnerA);
        Answer answer = call(PARTNER_A, "GET", path, tokens.get("a-checker"), null, null);
        assertThat(answer.status())
            .as("partner-a: GET " + path + ": " + answer.body())
            .isEqualTo(200);
      }
    }
    assertThat(walked).hasSizeGreaterThanOrEqualTo(documented.size() - EXCEPTIONS.size());

    // The exceptions work for partner-b and show nothing of partner-a's channel.
    for (String route : EXCEPTIONS.keySet()) {
      if (route.equals("DELETE /v1/auth/tokens/current") || route.equals("POST /v1/auth/tokens")) {
        continue;
      }
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      Answer answer = call(PARTNER_B, method, path, token, null, null);
      assertThat(answer.status()).as(route).isBetween(200, 299);
      if (!path.equals("/v1/openapi.yaml")) {
        assertThat(answer.body()).as(route).doesNotContain(CHANNEL_A, AGREEMENT);
      }
    }
  }

  private static String fill(String template, Map<String, String> values) {
    String path = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    assertThat(path).as(template).doesNotContain("{");
    return path.endsWith("/records") ? path + "?date=" + values.get("date") : path;
  }

  /** A body that would be valid for partner-a's own user, so a refusal is not a 400 in disguise. */
  private String bodyFor(String template, String method) {
    if (!method.equals("POST")) {
      return null;
    }
    if (template.endsWith("/agreements")) {
      return terms().replace("partner-a", PARTNER_B);
    }
    if (template.endsWith("/accept")) {
      return "{\"terms_hash\":\"" + "0".repeat(64) + "\"}";
    }
    if (template.endsWith("/attestations")) {
      return deposits("1.00");
    }
    if (template.endsWith("/proposals")) {
      return "{\"kind\":\"ADJUSTMENT\",\"reason\":\"mine\",\"record\":"
          + deposit("DEP2", "1.00")
          + "}";
    }
    if (template.endsWith("/approve") || template.endsWith("/reject")) {
      return "{\"proposal_id\":\"P-dep2\",\"reason\":\"mine\"}";
    }
    if (template.endsWith("/requests")) {
      return "{\"application\":\"colending\",\"type\":\"attest\",\"payloadBase64\":\"AA==\","
          + "\"idempotencyKey\":\"walk\",\"actingAs\":\"submitter\"}";
    }
    if (template.endsWith("/transactions")) {
      return "{\"transaction\":\"AA==\"}";
    }
    return "{}";
  }
}
