package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A partner cannot see another partner's agreement in the dashboard or the API: the lead and
 * partner-a have an agreement with a deposit on it; partner-b's checker, on partner-b's node, opens
 * every page and the direct addresses of partner-a's channel, agreement and statement, and finds
 * nothing of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationBrowserTest {
  @TempDir static Path folder;

  private TwoBanks banks;

  @BeforeAll
  void startNodes() throws Exception {
    Browser.requireInstalled();
    banks = TwoBanks.startWithOtherPartner(folder);
    String path = "/" + TwoBanks.AGREEMENT + "/attestations";
    String deposit = TwoBanks.deposit("DEP-ISO-1", "3000.00");
    TwoBanks.act(banks.session(TwoBanks.LEAD, "gateway"), path, deposit, "iso-lead");
    TwoBanks.act(banks.session(TwoBanks.PARTNER, "gateway"), path, deposit, "iso-partner");
  }

  @AfterAll
  void stopNodes() {
    if (banks != null) {
      banks.close();
    }
  }

  @Test
  void anotherPartnerSeesNothingOfTheAgreementInTheDashboardOrTheApi() throws Exception {
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    String agreement = TwoBanks.CHANNEL + "/" + TwoBanks.AGREEMENT;
    try (Browser browser = Browser.open(banks.origin(TwoBanks.OTHER_PARTNER))) {
      browser.logIn("checker", banks.password(TwoBanks.OTHER_PARTNER, "checker"));
      // Checked before the foreign addresses below, whose 404 answers the browser logs as errors.
      browser.checkPage("isolation-positions");
      for (String page :
          List.of(
              "/ui/positions",
              "/ui/reconciliation",
              "/ui/reconciliation?agreement=" + agreement + "&date=" + today,
              "/ui/statements",
              "/ui/statements?agreement=" + agreement,
              "/ui/ledger",
              "/ui/ledger?channel=" + TwoBanks.CHANNEL,
              "/ui/ledger/" + TwoBanks.CHANNEL + "/block/1",
              "/ui/statements/" + agreement + "/" + today + ".csv",
              "/ui/consortium")) {
        browser.get(page);
        String text = browser.find(By.tagName("body")).getText();
        assertThat(text).as(page).doesNotContain(TwoBanks.AGREEMENT).doesNotContain("DEP-ISO-1");
        if (!page.contains(TwoBanks.CHANNEL)) {
          assertThat(text).as(page).doesNotContain(TwoBanks.CHANNEL);
        }
      }
    }

    var session = banks.session(TwoBanks.OTHER_PARTNER, "checker");
    for (String path :
        List.of(
            "/v1/channels/" + TwoBanks.CHANNEL + "/agreements/" + TwoBanks.AGREEMENT,
            "/v1/channels/"
                + TwoBanks.CHANNEL
                + "/agreements/"
                + TwoBanks.AGREEMENT
                + "/position")) {
      HttpRequest request = session.authorized(path).GET().build();
      HttpResponse<String> response =
          session.http().send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isIn(401, 403, 404);
      assertThat(response.body()).as(path).doesNotContain("DEP-ISO-1").doesNotContain("3000.00");
    }
  }
}
