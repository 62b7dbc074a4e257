package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.consensus.ConsensusConfig;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.bench.ApiSession;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.runtime.RunningNode;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Two real nodes for the dashboard's browser tests: a lead bank and one partner, one node each (so
 * every block needs both), from an {@code entente init} consortium, with an agreement between them
 * made through the API, and helpers to act through the API as each bank's users.
 */
final class TwoBanks implements AutoCloseable {
  static final String LEAD = "lead-bank";
  static final String PARTNER = "partner-a";

  /** A second partner, started only by {@link #startWithOtherPartner}; it has no agreement. */
  static final String OTHER_PARTNER = "partner-b";

  static final String CHANNEL = LEAD + "--" + PARTNER;
  static final String AGREEMENT = "wld-ui";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(90);

  private final Path consortium;
  private final List<String> institutions;
  private final List<RunningNode> nodes = new ArrayList<>();
  private final OffsetClock clock = new OffsetClock();

  private TwoBanks(Path consortium, List<String> institutions) {
    this.consortium = consortium;
    this.institutions = institutions;
  }

  /**
   * The clock both nodes read: the system clock plus an offset that only grows, so a business day
   * can end in a test. Moving it makes the next block carry the new time.
   */
  static final class OffsetClock extends java.time.Clock {
    private final java.util.concurrent.atomic.AtomicLong offsetMs =
        new java.util.concurrent.atomic.AtomicLong();

    void advance(Duration by) {
      offsetMs.addAndGet(by.toMillis());
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("the test clock is UTC");
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offsetMs.get();
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis());
    }
  }

  OffsetClock clock() {
    return clock;
  }

  /** Writes the consortium under {@code folder}, starts both nodes and makes the agreement. */
  static TwoBanks start(Path folder) throws Exception {
    return start(folder, List.of(PARTNER));
  }

  /**
   * As {@link #start}, with a second partner bank and its node, which is in the consortium but
   * party to no agreement: the one that must see nothing of the first partner's.
   */
  static TwoBanks startWithOtherPartner(Path folder) throws Exception {
    return start(folder, List.of(PARTNER, OTHER_PARTNER));
  }

  private static TwoBanks start(Path folder, List<String> partners) throws Exception {
    List<String> institutions = new ArrayList<>();
    institutions.add(LEAD);
    institutions.addAll(partners);
    TwoBanks banks = new TwoBanks(folder.resolve("consortium"), List.copyOf(institutions));
    try {
      ConsortiumWriter.write(
          new ConsortiumSpec(
                  LEAD,
                  partners,
                  1,
                  SuiteId.STANDARD,
                  FreePorts.block(2 * institutions.size()),
                  "127.0.0.1")
              .withKeyIterations(1_000),
          banks.consortium,
          false,
          Clock.systemUTC(),
          new SecureRandom());
      for (String institution : institutions) {
        Path home = banks.consortium.resolve(institution).resolve(Layout.nodeFolder(1));
        banks.nodes.add(
            RunningNode.start(
                NodeConfig.load(home.resolve(Layout.NODE_CONFIG)),
                ConsensusConfig.DEFAULT,
                banks.clock));
      }
      banks.makeAgreement();
      return banks;
    } catch (Exception | Error e) {
      banks.close();
      throw e;
    }
  }

  private void makeAgreement() throws Exception {
    act(
        session(LEAD, "gateway"),
        "",
        """
        {"id":"wld-ui","partner":"partner-a","currency":"CNY",
         "split_bp":{"principal":7000,"interest":6500,"penalty":6000,"fee":5000},
         "reserve_warn":"1000.00","reserve_critical":"200.00","counterpart_sla_ms":7200000,
         "date_tolerance_days":1,"hold_ttl_ms":1800000,"partner_principal_cap":"10000000.00",
         "close_grace_ms":1800000}""",
        "propose-1");
    ApiSession checker = session(PARTNER, "checker");
    String termsHash =
        checker
            .get("/v1/channels/" + CHANNEL + "/agreements/" + AGREEMENT)
            .get("terms_hash")
            .asText();
    act(checker, "/" + AGREEMENT + "/accept", "{\"terms_hash\":\"" + termsHash + "\"}", "accept-1");
  }

  /** The dashboard's origin on the institution's node. */
  String origin(String institution) {
    return "https://127.0.0.1:" + node(institution).apiPort();
  }

  private RunningNode node(String institution) {
    return nodes.get(institutions.indexOf(institution));
  }

  /** An API session of {@code user} on the institution's node. */
  ApiSession session(String institution, String user) throws Exception {
    ApiSession session =
        new ApiSession(
            consortium.resolve(institution).resolve("api-ca").resolve("api-ca-cert.pem"),
            "127.0.0.1",
            node(institution).apiPort());
    session.login(user, password(institution, user));
    return session;
  }

  String password(String institution, String user) throws IOException {
    Properties credentials = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            consortium.resolve(institution).resolve(Layout.ADMIN_CREDENTIALS))) {
      credentials.load(reader);
    }
    String password = credentials.getProperty(user + ".password");
    assertThat(password).as("%s of %s", user, institution).isNotNull();
    return password;
  }

  /** A co-lending action through the API, waiting for its commit; fails unless it committed. */
  static JsonNode act(ApiSession session, String path, String body, String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                session.post(
                    "/v1/channels/" + CHANNEL + "/agreements" + path + "?wait=commit",
                    JSON.readTree(body),
                    true,
                    COMMIT_WAIT),
                (name, value) -> true)
            .header("Idempotency-Key", key)
            .build();
    HttpResponse<String> response =
        session.http().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Attestations of one reserve deposit of today, as the attestations route takes them. */
  static String deposit(String ref, String amount) {
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    return "{\"records\":[{\"event_ref\":\""
        + ref
        + "\",\"event_type\":\"RESERVE_DEPOSIT\",\"value_date\":\""
        + today
        + "\",\"currency\":\"CNY\",\"amount\":\""
        + amount
        + "\"}]}";
  }

  @Override
  public void close() {
    nodes.forEach(RunningNode::close);
  }
}
