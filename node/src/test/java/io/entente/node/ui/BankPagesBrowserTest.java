package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.node.bench.ApiSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Positions, Reconciliation and Statements pages in real Chromium against two real nodes
 * ({@link TwoBanks}), one set-up for all three: a deposit both banks attest through the API shows
 * up on the partner's open Positions page without a reload; a break is proposed by one bank and
 * approved by the other with the keyboard only and shown resolved; and, last because it moves the
 * nodes' clock a day on, a closed day's statement downloaded by the browser hashes to the SHA-256
 * on the ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankPagesBrowserTest {
  @TempDir static Path folder;

  private TwoBanks banks;

  @BeforeAll
  void startNodes() throws Exception {
    Browser.requireInstalled();
    banks = TwoBanks.start(folder);
  }

  @AfterAll
  void stopNodes() {
    if (banks != null) {
      banks.close();
    }
  }

  private static String breakIdOf(Browser browser) {
    try {
      return browser
          .find(By.cssSelector("article.break[data-state=OPEN]"))
          .getAttribute("data-break");
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "no open break on the page:\n"
              + browser.driver().findElement(By.tagName("main")).getText(),
          e);
    }
  }

  @Test
  @Order(1)
  void aPartnersPositionChangesLiveWhenBothBanksAttestADeposit() throws Exception {
    ApiSession leadGateway = banks.session(TwoBanks.LEAD, "gateway");
    ApiSession partnerGateway = banks.session(TwoBanks.PARTNER, "gateway");
    try (Browser browser = Browser.open(banks.origin(TwoBanks.PARTNER))) {
      browser.logIn("checker", banks.password(TwoBanks.PARTNER, "checker"));
      assertThat(browser.path()).isEqualTo("/ui/positions");
      By posted =
          By.cssSelector("[data-agreement='" + TwoBanks.AGREEMENT + "'] [data-field=posted]");
      String before = browser.find(posted).getText();
      browser.checkPage("positions");
      browser.script("window.ententeMarker = 'still here';");

      String deposit = TwoBanks.deposit("DEP-UI-1", "5000.00");
      TwoBanks.act(
          leadGateway, "/" + TwoBanks.AGREEMENT + "/attestations", deposit, "deposit-lead");
      TwoBanks.act(
          partnerGateway, "/" + TwoBanks.AGREEMENT + "/attestations", deposit, "deposit-partner");

      new WebDriverWait(browser.driver(), Browser.WAIT)
          .until(driver -> !driver.findElement(posted).getText().equals(before));
      assertThat(browser.find(posted).getText()).isNotEqualTo(before);
      assertThat(browser.script("return window.ententeMarker;"))
          .as("the page was updated in place, not reloaded")
          .isEqualTo("still here");
      browser.checkPage("positions-updated");
    }
  }

  @Test
  @Order(2)
  void aBreakProposedByOneBankAndApprovedByTheOtherWithTheKeyboardIsShownResolved()
      throws Exception {
    ApiSession leadGateway = banks.session(TwoBanks.LEAD, "gateway");
    ApiSession partnerGateway = banks.session(TwoBanks.PARTNER, "gateway");
    String path = "/" + TwoBanks.AGREEMENT + "/attestations";
    TwoBanks.act(leadGateway, path, TwoBanks.deposit("DEP-BRK-1", "5000.00"), "dep-lead");
    TwoBanks.act(partnerGateway, path, TwoBanks.deposit("DEP-BRK-1", "4000.00"), "dep-partner");

    String breakId;
    try (Browser partner = Browser.open(banks.origin(TwoBanks.PARTNER))) {
      partner.logIn("operator", banks.password(TwoBanks.PARTNER, "operator"));
      partner.get("/ui/reconciliation");
      breakId = breakIdOf(partner);
      assertThat(partner.find(By.id("break-" + breakId)).getText())
          .contains("DEP-BRK-1")
          .contains("5000.00")
          .contains("4000.00");
      partner.checkPage("reconciliation-open");

      partner.tabTo(By.id("record-" + breakId));
      assertThat(partner.find(By.id("record-" + breakId)).getAttribute("value"))
          .as("the first choice is the lead's record")
          .isEqualTo("lead");
      partner.tabTo(By.id("reason-p-" + breakId));
      partner.type("the bank statement shows 5000.00", Keys.ENTER);
      assertThat(partner.find(By.cssSelector(".flash")).getText()).contains("PROPOSED");
      assertThat(partner.find(By.id("break-" + breakId)).getAttribute("data-state"))
          .isEqualTo("PROPOSED");
      partner.checkPage("reconciliation-proposed");
    }

    try (Browser lead = Browser.open(banks.origin(TwoBanks.LEAD))) {
      lead.logIn("checker", banks.password(TwoBanks.LEAD, "checker"));
      lead.get("/ui/reconciliation");
      assertThat(lead.find(By.id("break-" + breakId)).getText())
          .contains("ADJUSTMENT by operator of " + TwoBanks.PARTNER);
      lead.tabTo(By.id("reason-d-" + breakId));
      lead.type("agreed with our core system", Keys.ENTER);
      assertThat(lead.find(By.cssSelector(".flash")).getText()).contains("RESOLVED");
      WebElement resolved = lead.find(By.cssSelector(".done [data-break='" + breakId + "']"));
      assertThat(resolved.getAttribute("data-state")).isEqualTo("RESOLVED");
      assertThat(
              lead.driver()
                  .findElements(By.cssSelector("article.break[data-break='" + breakId + "']")))
          .as("no longer in the queue")
          .isEmpty();
      lead.checkPage("reconciliation-resolved");
    }
  }

  @Test
  @Order(3)
  void aDownloadedStatementHashesToTheSha256OnTheLedger() throws Exception {
    ApiSession leadGateway = banks.session(TwoBanks.LEAD, "gateway");
    ApiSession partnerGateway = banks.session(TwoBanks.PARTNER, "gateway");
    String day =
        LocalDate.ofInstant(banks.clock().instant(), ZoneId.of("Asia/Shanghai")).toString();
    String path = "/" + TwoBanks.AGREEMENT + "/attestations";
    TwoBanks.act(leadGateway, path, TwoBanks.deposit("DEP-ST-1", "2500.00"), "st-lead");
    TwoBanks.act(partnerGateway, path, TwoBanks.deposit("DEP-ST-1", "2500.00"), "st-partner");
    banks.clock().advance(Duration.ofDays(1));
    // Tokens expire on the node's clock, which has just moved a day on: log in again.
    leadGateway = banks.session(TwoBanks.LEAD, "gateway");
    partnerGateway = banks.session(TwoBanks.PARTNER, "gateway");
    TwoBanks.act(
        leadGateway, "/" + TwoBanks.AGREEMENT + "/days/" + day + "/close", "{}", "close-" + day);
    String onLedger =
        partnerGateway
            .get(
                "/v1/channels/"
                    + TwoBanks.CHANNEL
                    + "/agreements/"
                    + TwoBanks.AGREEMENT
                    + "/statements/"
                    + day)
            .get("csv_sha256")
            .asText();

    try (Browser browser = Browser.open(banks.origin(TwoBanks.PARTNER))) {
      browser.logIn("checker", banks.password(TwoBanks.PARTNER, "checker"));
      browser.get("/ui/statements");
      WebElement row = browser.find(By.cssSelector("tr[data-date='" + day + "']"));
      assertThat(row.findElement(By.cssSelector("[data-field=sha256]")).getText())
          .isEqualTo(onLedger);
      browser.checkPage("statements");
      String href = row.findElement(By.linkText("CSV")).getAttribute("href");
      Object downloaded =
          ((JavascriptExecutor) browser.driver())
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch(arguments[0]).then(r => r.arrayBuffer())"
                      + ".then(b => crypto.subtle.digest('SHA-256', b))"
                      + ".then(h => done(Array.from(new Uint8Array(h))"
                      + ".map(x => x.toString(16).padStart(2, '0')).join('')),"
                      + " e => done('failed: ' + e));",
                  href);
      assertThat(downloaded).as("SHA-256 of the CSV the browser downloaded").isEqualTo(onLedger);
    }
  }

  @Test
  @Order(4)
  void theConsortiumPageShowsThePartnersNodeConnectedAndAtTheChannelsHeight() throws Exception {
    try (Browser browser = Browser.open(banks.origin(TwoBanks.LEAD))) {
      browser.logIn("admin", banks.password(TwoBanks.LEAD, "admin"));
      browser.get("/ui/consortium");
      By nodes = By.id("nodes-" + TwoBanks.CHANNEL);
      String partnerNode = TwoBanks.PARTNER + "-node-1";
      // The page is a snapshot: reload until the partner's node has been heard at a height.
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Browser.WAIT)
          .until(
              driver -> {
                driver.navigate().refresh();
                return !rowOf(browser, nodes, partnerNode).contains("not connected")
                    && !rowOf(browser, nodes, partnerNode).contains("not heard");
              });
      String row = rowOf(browser, nodes, partnerNode);
      assertThat(row).contains(TwoBanks.PARTNER).contains("validator").contains(" s ago");
      assertThat(row).doesNotContain("not connected");
      assertThat(browser.find(By.id("evidence-" + TwoBanks.CHANNEL)).getText()).startsWith("None");
      browser.checkPage("consortium-two-banks");
    }
  }

  private static String rowOf(Browser browser, By table, String node) {
    return browser.find(table).findElements(By.tagName("tr")).stream()
        .map(org.openqa.selenium.WebElement::getText)
        .filter(text -> text.startsWith(node))
        .findFirst()
        .orElse("");
  }
}
