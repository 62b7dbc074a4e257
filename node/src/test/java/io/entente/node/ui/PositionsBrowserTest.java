package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.node.bench.ApiSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Positions page against two real nodes ({@link TwoBanks}): a reserve deposit both banks attest
 * through the API shows up on the partner's open page without a reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PositionsBrowserTest {
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
}
