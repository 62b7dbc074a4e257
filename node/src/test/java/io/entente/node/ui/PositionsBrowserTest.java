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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Positions page against two real nodes (a lead and a partner bank, one node each, so every
 * block needs both): an agreement made through the API, then a reserve deposit both banks attest
 * through the API shows up on the open page without a reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PositionsBrowserTest {
  private static final String LEAD = "lead-bank";
  private static final String PARTNER = "partner-a";
  private static final String CHANNEL = LEAD + "--" + PARTNER;
  private static final String AGREEMENT = "wld-ui";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(90);

  @TempDir static Path folder;

  private final List<RunningNode> nodes = new ArrayList<>();
  private Path consortium;

  @BeforeAll
  void startNodes() throws Exception {
    Browser.requireInstalled();
    consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD, List.of(PARTNER), 1, SuiteId.STANDARD, FreePorts.block(4), "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    for (String institution : List.of(LEAD, PARTNER)) {
      Path home = consortium.resolve(institution).resolve(Layout.nodeFolder(1));
      nodes.add(
          RunningNode.start(
              NodeConfig.load(home.resolve(Layout.NODE_CONFIG)), ConsensusConfig.DEFAULT));
    }
  }

  @AfterAll
  void stopNodes() {
    nodes.forEach(RunningNode::close);
  }

  private ApiSession session(int node, String institution, String user) throws Exception {
    ApiSession session =
        new ApiSession(
            consortium.resolve(institution).resolve("api-ca").resolve("api-ca-cert.pem"),
            "127.0.0.1",
            nodes.get(node).apiPort());
    session.login(user, password(institution, user));
    return session;
  }

  private String password(String institution, String user) throws IOException {
    Properties credentials = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            consortium.resolve(institution).resolve(Layout.ADMIN_CREDENTIALS))) {
      credentials.load(reader);
    }
    return credentials.getProperty(user + ".password");
  }

  /** A co-lending action through the API, waiting for its commit; fails unless it committed. */
  private static JsonNode act(ApiSession session, String path, String body, String key)
      throws Exception {
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

  private static String deposit(String amount) {
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    return "{\"records\":[{\"event_ref\":\"DEP-UI-1\",\"event_type\":\"RESERVE_DEPOSIT\","
        + "\"value_date\":\""
        + today
        + "\",\"currency\":\"CNY\",\"amount\":\""
        + amount
        + "\"}]}";
  }

  @Test
  void aPartnersPositionChangesLiveWhenBothBanksAttestADeposit() throws Exception {
    ApiSession leadGateway = session(0, LEAD, "gateway");
    ApiSession partnerChecker = session(1, PARTNER, "checker");
    ApiSession partnerGateway = session(1, PARTNER, "gateway");
    act(
        leadGateway,
        "",
        """
        {"id":"wld-ui","partner":"partner-a","currency":"CNY",
         "split_bp":{"principal":7000,"interest":6500,"penalty":6000,"fee":5000},
         "reserve_warn":"1000.00","reserve_critical":"200.00","counterpart_sla_ms":7200000,
         "date_tolerance_days":1,"hold_ttl_ms":1800000,"partner_principal_cap":"10000000.00",
         "close_grace_ms":1800000}""",
        "propose-1");
    String termsHash =
        partnerChecker
            .get("/v1/channels/" + CHANNEL + "/agreements/" + AGREEMENT)
            .get("terms_hash")
            .asText();
    act(
        partnerChecker,
        "/" + AGREEMENT + "/accept",
        "{\"terms_hash\":\"" + termsHash + "\"}",
        "accept-1");

    try (Browser browser = Browser.open("https://127.0.0.1:" + nodes.get(1).apiPort())) {
      browser.logIn("checker", password(PARTNER, "checker"));
      assertThat(browser.path()).isEqualTo("/ui/positions");
      By posted = By.cssSelector("[data-agreement='" + AGREEMENT + "'] [data-field=posted]");
      String before = browser.find(posted).getText();
      browser.checkPage("positions");
      browser.script("window.ententeMarker = 'still here';");

      act(leadGateway, "/" + AGREEMENT + "/attestations", deposit("5000.00"), "deposit-lead");
      act(partnerGateway, "/" + AGREEMENT + "/attestations", deposit("5000.00"), "deposit-partner");

      new WebDriverWait(browser.driver(), Browser.WAIT)
          .until(driver -> !driver.findElement(posted).getText().equals(before));
      assertThat(browser.find(posted).getText()).isNotEqualTo(before);
      assertThat(browser.script("return window.ententeMarker;"))
          .as("the page was updated in place, not reloaded")
          .isEqualTo("still here");
      browser.checkPage("positions-updated");
    }
  }
}
