package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.ConsensusConfig;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.runtime.RunningNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The dashboard in real headless Chromium against a real node ({@link RunningNode} from an {@code
 * entente init} consortium): logging in and out, the pages and the house rules of every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
  private static final String LEAD = "lead-bank";

  @TempDir static Path folder;

  private RunningNode node;
  private String origin;
  private String adminPassword;

  @BeforeAll
  void startNode() throws Exception {
    Browser.requireInstalled();
    Path consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD, List.of("partner-a"), 1, SuiteId.STANDARD, FreePorts.block(4), "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    Path home = consortium.resolve(LEAD).resolve(Layout.nodeFolder(1));
    node =
        RunningNode.start(
            NodeConfig.load(home.resolve(Layout.NODE_CONFIG)), ConsensusConfig.DEFAULT);
    origin = "https://127.0.0.1:" + node.apiPort();
    adminPassword =
        credentials(consortium.resolve(LEAD).resolve(Layout.ADMIN_CREDENTIALS), "admin");
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private static String credentials(Path file, String user) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    String password = properties.getProperty(user + ".password");
    assertThat(password).as("%s in %s", user, file).isNotNull();
    return password;
  }

  @Test
  void aUserLogsInSeesTheConsortiumAndLogsOut() throws IOException {
    try (Browser browser = Browser.open(origin)) {
      browser.get("/ui/consortium");
      assertThat(browser.path())
          .as("a page without a session leads to the login")
          .isEqualTo("/ui/login");
      browser.checkPage("login");

      browser.logIn("admin", adminPassword);
      assertThat(browser.path()).as("the first page after login").isEqualTo("/ui/positions");
      assertThat(browser.find(By.tagName("main")).getText()).contains("No active agreement yet");
      browser.checkPage("positions-empty");

      browser.find(By.linkText("Consortium")).click();
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Browser.WAIT)
          .until(driver -> browser.path().equals("/ui/consortium"));
      assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Consortium");
      assertThat(browser.find(By.id("channels")).getText())
          .contains("governance")
          .contains(LEAD + "--partner-a");
      assertThat(browser.find(By.cssSelector(".who")).getText()).contains(LEAD).contains("admin");
      String bilateral = LEAD + "--partner-a";
      assertThat(browser.find(By.id("nodes-" + bilateral)).getText())
          .as("this node is listed with its height; the partner's node, never started, as unheard")
          .contains(LEAD + "-node-1 (this node)")
          .contains("partner-a-node-1")
          .contains("not connected")
          .contains("not heard")
          .contains("not since this node started");
      assertThat(browser.find(By.id("evidence-" + bilateral)).getText()).startsWith("None");
      assertThat(browser.find(By.id("members")).getText())
          .as("the members from the governance state")
          .contains(LEAD)
          .contains("partner-a")
          .contains("lead")
          .contains("partner");
      assertThat(browser.find(By.id("proposals")).getText()).startsWith("No proposal yet");
      browser.checkPage("consortium");

      browser.find(By.cssSelector("form.logout button")).click();
      browser.find(By.id("username"));
      assertThat(browser.path()).isEqualTo("/ui/login");
      browser.get("/ui/consortium");
      assertThat(browser.path()).as("the session ended at logout").isEqualTo("/ui/login");
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithAMessageAndNoSession() throws IOException {
    try (Browser browser = Browser.open(origin)) {
      browser.get("/ui/login");
      browser.find(By.id("username")).sendKeys("admin");
      browser.driver().findElement(By.id("password")).sendKeys("not-the-password", Keys.ENTER);
      assertThat(browser.find(By.cssSelector("[role=alert]")).getText())
          .contains("Wrong user name or password");
      browser.get("/ui/consortium");
      assertThat(browser.path()).isEqualTo("/ui/login");
    }
  }

  @Test
  void aPostWithoutTheSessionsCsrfTokenChangesNothing() throws IOException {
    try (Browser browser = Browser.open(origin)) {
      browser.logIn("admin", adminPassword);
      Object status =
          ((org.openqa.selenium.JavascriptExecutor) browser.driver())
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch('/ui/logout', {method: 'POST', headers: {'Content-Type':"
                      + " 'application/x-www-form-urlencoded'}, body: 'csrf=forged'})"
                      + ".then(r => done(r.status), e => done(String(e)));");
      assertThat(status).isEqualTo(403L);
      browser.get("/ui/consortium");
      assertThat(browser.path())
          .as("the session survived the forged logout")
          .isEqualTo("/ui/consortium");
    }
  }
}
