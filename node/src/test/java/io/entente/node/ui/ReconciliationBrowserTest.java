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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Reconciliation page against two real nodes ({@link TwoBanks}): the banks report one deposit
 * with different amounts, the partner's maker proposes the lead's record and the lead's checker
 * approves it, both with the keyboard only, and the break is shown resolved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationBrowserTest {
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
}
