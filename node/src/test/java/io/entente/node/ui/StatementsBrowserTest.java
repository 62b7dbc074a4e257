package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.node.bench.ApiSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The Statements page against two real nodes ({@link TwoBanks}): a day with a deposit both banks
 * attested is closed, and the CSV the partner's browser downloads hashes to the SHA-256 on the
 * ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementsBrowserTest {
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

  @Test
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
}
