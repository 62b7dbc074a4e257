package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.ConsensusConfig;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.AuditBundle;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.OfflineVerifier;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Pem;
import io.entente.node.FreePorts;
import io.entente.node.api.SubmitResult;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import io.entente.node.runtime.ClientDirectory;
import io.entente.node.runtime.RunningNode;
import io.entente.node.runtime.RuntimeBackend;
import io.entente.node.traffic.ColendingTraffic;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Ledger page in real headless Chromium against two real nodes (lead bank and partner, one node
 * each, from an {@code entente init} consortium) whose bilateral channel has committed
 * transactions: the block list, a block, and a transaction's provenance checked by the page's own
 * WebCrypto code, which must also report a tampered proof and a tampered seal as failing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerBrowserTest {
  private static final String LEAD = "lead-bank";
  private static final String PARTNER = "partner-a";
  private static final String CHANNEL = LEAD + "--" + PARTNER;
  private static final int RECORDS = 4;
  private static final int LISTS_MAX = 10;

  @TempDir static Path folder;

  private final List<RunningNode> nodes = new ArrayList<>();
  private String origin;
  private String adminPassword;
  private long height;

  @BeforeAll
  void startNodesAndCommitTransactions() throws Exception {
    Browser.requireInstalled();
    Path consortium = folder.resolve("consortium");
    height = startAndCommit(SuiteId.STANDARD, consortium, nodes);
    origin = "https://127.0.0.1:" + nodes.get(0).apiPort();
    adminPassword =
        credentials(consortium.resolve(LEAD).resolve(Layout.ADMIN_CREDENTIALS), "admin");
  }

  /**
   * Writes a consortium of the lead bank and its partner (one node each) in {@code suite}, starts
   * both nodes (added to {@code started}, which the caller closes) and commits transactions on
   * their channel; returns the height of a block holding more than one.
   */
  private static long startAndCommit(SuiteId suite, Path consortium, List<RunningNode> started)
      throws Exception {
    ConsortiumWriter.write(
        new ConsortiumSpec(LEAD, List.of(PARTNER), 1, suite, FreePorts.block(4), "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    NodeConfig lead = null;
    for (String institution : List.of(LEAD, PARTNER)) {
      Path home = consortium.resolve(institution).resolve(Layout.nodeFolder(1));
      NodeConfig config = NodeConfig.load(home.resolve(Layout.NODE_CONFIG));
      started.add(RunningNode.start(config, ConsensusConfig.DEFAULT));
      lead = lead == null ? config : lead;
    }
    return commit(suite, consortium, lead, started.get(0));
  }

  /**
   * Makes an agreement, then submits lists of {@link #RECORDS} co-lending attestations of the lead
   * (one record each) until one block holds more than one of them (so its proofs have a Merkle
   * path; the proposer may cut a list into several blocks); returns that block's height.
   */
  private static long commit(SuiteId suiteId, Path consortium, NodeConfig config, RunningNode node)
      throws Exception {
    CryptoSuite suite = CryptoSuite.of(suiteId);
    long now = System.currentTimeMillis();
    RuntimeBackend backend =
        new RuntimeBackend(node.node(), ClientDirectory.fromConfig(config, now), Optional.empty());
    ColendingTraffic traffic =
        new ColendingTraffic(
            suite,
            CHANNEL,
            bank(suiteId, consortium, LEAD),
            bank(suiteId, consortium, PARTNER),
            "AGR-LEDGER",
            "lp",
            ColendingTraffic.shanghaiDay(now));
    for (Transaction transaction : List.of(traffic.propose(now), traffic.accept(now))) {
      List<SubmitResult> results = backend.submit(CHANNEL, List.of(transaction));
      assertThat(results).allMatch(result -> result instanceof SubmitResult.Accepted);
      backend
          .awaitCommit(CHANNEL, transaction.id(suite), Instant.now().plusSeconds(60))
          .get(90, TimeUnit.SECONDS);
    }
    int made = 0;
    for (int list = 0; list < LISTS_MAX; list++, made += RECORDS) {
      List<Transaction> transactions = traffic.attestations(traffic.lead(), made, RECORDS, 1, now);
      List<SubmitResult> results = backend.submit(CHANNEL, transactions);
      assertThat(results).allMatch(result -> result instanceof SubmitResult.Accepted);
      for (Transaction transaction : transactions) {
        SubmitResult.Committed committed =
            backend
                .awaitCommit(CHANNEL, transaction.id(suite), Instant.now().plusSeconds(60))
                .get(90, TimeUnit.SECONDS);
        CertifiedBlock block = backend.block(CHANNEL, committed.height()).orElseThrow();
        if (block.block().transactions().size() > 1) {
          return committed.height();
        }
      }
    }
    throw new AssertionError("no block held more than one of " + made + " transactions");
  }

  /** A bank's gateway as {@code entente init} wrote its client key and certificate. */
  private static ColendingTraffic.Bank bank(SuiteId suiteId, Path consortium, String institution)
      throws Exception {
    Path admin = consortium.resolve(institution).resolve(Layout.ADMIN_DIR);
    return new ColendingTraffic.Bank(
        institution,
        KeyFiles.loadSigner(
            admin.resolve(Layout.CLIENT_KEY),
            suiteId,
            PasswordSource.file(admin.resolve(Layout.PASSWORD_FILE))),
        Pem.decode(Files.readString(admin.resolve(Layout.CLIENT_CERTIFICATE))).id(suiteId));
  }

  @AfterAll
  void stopNodes() {
    for (RunningNode node : nodes) {
      node.close();
    }
  }

  private static String credentials(Path file, String user) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties.getProperty(user + ".password");
  }

  @Test
  void blocksAndAProvenanceVerifiedInTheBrowserAndTamperingCaught() throws IOException {
    try (Browser browser = Browser.open(origin)) {
      browser.logIn("admin", adminPassword);
      browser.find(By.linkText("Ledger")).click();
      new WebDriverWait(browser.driver(), Browser.WAIT)
          .until(d -> browser.path().equals("/ui/ledger"));
      assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Ledger");
      String blocks = browser.find(By.cssSelector("main")).getText();
      assertThat(blocks).contains(CHANNEL).contains("governance").contains("2 of 2 (quorum 2)");
      browser.checkPage("ledger");

      browser
          .find(By.cssSelector("a[href='/ui/ledger/" + CHANNEL + "/block/" + height + "']"))
          .click();
      assertThat(browser.find(By.tagName("h1")).getText())
          .isEqualTo("Block " + height + " of " + CHANNEL);
      assertThat(browser.find(By.cssSelector("main")).getText())
          .contains(LEAD)
          .contains(PARTNER)
          .contains("colending");
      browser.checkPage("ledger-block");

      browser.find(By.cssSelector("a[href^='/ui/ledger/" + CHANNEL + "/tx/']")).click();
      assertThat(awaitVerdict(browser)).isEqualTo("verified");
      assertEveryStepVerified(browser);
      assertThat(browser.driver().findElements(By.cssSelector("[data-seal-verdict]")))
          .hasSize(2)
          .allSatisfy(cell -> assertThat(cell.getText()).isEqualTo("verified"));
      assertThat(browser.find(By.cssSelector("a[download]")).getAttribute("href"))
          .endsWith("/bundle");
      browser.checkPage("ledger-tx");

      String proof =
          (String) browser.script("return document.getElementById('proof').dataset.proof;");
      // The last byte of the proof's encoding is the last byte of its topmost path hash.
      tamper(browser, "proof");
      assertThat(awaitVerdict(browser)).isEqualTo("failed");
      assertThat(step(browser, "merkle")).startsWith("failed: the path leads to");

      browser.script("document.getElementById('proof').dataset.proof = arguments[0];", proof);
      browser.find(By.id("verify-again")).click();
      assertThat(awaitVerdict(browser)).isEqualTo("verified");

      // The last byte of the certificate is the last byte of its last seal's signature.
      tamper(browser, "certificate");
      assertThat(awaitVerdict(browser)).isEqualTo("failed");
      assertThat(step(browser, "merkle")).startsWith("verified");
      assertThat(step(browser, "seals")).startsWith("failed: the signature does not verify");
      browser.checkPage("ledger-tx-tampered");
    }
  }

  @Test
  void theAuditBundlePassesTheOfflineVerifierAndPagingAndAccessHoldTheirBounds()
      throws IOException {
    try (Browser browser = Browser.open(origin)) {
      browser.logIn("admin", adminPassword);
      browser.get("/ui/ledger/" + CHANNEL + "/block/" + height);
      String link =
          browser
              .find(By.cssSelector("a[href^='/ui/ledger/" + CHANNEL + "/tx/']"))
              .getAttribute("href");
      @SuppressWarnings("unchecked")
      List<Object> bundle =
          (List<Object>)
              ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                  .executeAsyncScript(
                      "const done = arguments[arguments.length - 1];"
                          + "fetch(arguments[0] + '/bundle').then(r => r.arrayBuffer().then(b =>"
                          + " done([r.status, r.headers.get('content-type'),"
                          + " btoa(String.fromCharCode(...new Uint8Array(b)))])),"
                          + " e => done([0, String(e), '']));",
                      link);
      assertThat(bundle.subList(0, 2)).containsExactly(200L, "application/octet-stream");
      AuditBundle decoded =
          AuditBundle.CODEC.decode(
              Bytes.wrapUnsafe(Base64.getDecoder().decode((String) bundle.get(2))));
      assertThat(OfflineVerifier.verify(decoded))
          .as("the downloaded bundle, checked as entente verify checks it")
          .isEqualTo(Check.accepted());
      assertThat(decoded.proof().height()).isEqualTo(height);

      browser.get("/ui/ledger?channel=" + CHANNEL + "&from=1");
      List<WebElement> rows =
          browser.driver().findElements(By.cssSelector("table.blocks tbody tr"));
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).findElement(By.tagName("th")).getText()).isEqualTo("1");
      assertThat(browser.find(By.cssSelector("main")).getText()).doesNotContain("governance ·");
      browser.checkPage("ledger-from-1");

      browser.get("/ui/ledger/no-such-channel/block/1");
      assertThat(browser.find(By.tagName("body")).getText()).contains("No such page");
      browser.get("/ui/ledger?channel=no-such-channel");
      assertThat(browser.find(By.tagName("body")).getText()).contains("No channel");
      browser.get("/ui/ledger/" + CHANNEL + "/tx/" + "00".repeat(32));
      assertThat(browser.find(By.tagName("body")).getText()).contains("No committed transaction");
    }
  }

  @Test
  void onAGuomiConsortiumThePageSaysTheBrowserCannotCheckAndOffersTheBundle() throws Exception {
    Path consortium = folder.resolve("guomi");
    List<RunningNode> guomi = new ArrayList<>();
    try {
      long block = startAndCommit(SuiteId.GUOMI, consortium, guomi);
      try (Browser browser = Browser.open("https://127.0.0.1:" + guomi.get(0).apiPort())) {
        browser.logIn(
            "admin",
            credentials(consortium.resolve(LEAD).resolve(Layout.ADMIN_CREDENTIALS), "admin"));
        browser.get("/ui/ledger/" + CHANNEL + "/block/" + block);
        browser.find(By.cssSelector("a[href^='/ui/ledger/" + CHANNEL + "/tx/']")).click();
        WebElement verdict = browser.find(By.id("verdict"));
        new WebDriverWait(browser.driver(), Browser.WAIT)
            .until(d -> verdict.getText().startsWith("not checked in the browser"));
        assertThat(verdict.getText()).isEqualTo("not checked in the browser (guomi suite)");
        assertThat(browser.find(By.id("no-webcrypto")).getText())
            .contains("SM2")
            .contains("entente verify");
        assertThat(browser.driver().findElements(By.cssSelector("[data-verdict]")))
            .allSatisfy(step -> assertThat(step.getText()).startsWith("not checked"));
        assertThat(browser.find(By.cssSelector("a[download]")).getAttribute("href"))
            .endsWith("/bundle");
        browser.checkPage("ledger-tx-guomi");
      }
    } finally {
      for (RunningNode node : guomi) {
        node.close();
      }
    }
  }

  /** Flips the last bit of the named embedded encoding and runs the check again. */
  private static void tamper(Browser browser, String field) {
    browser.script(
        "const s = document.getElementById('proof');"
            + "const b = Uint8Array.from(atob(s.dataset[arguments[0]]), c => c.charCodeAt(0));"
            + "b[b.length - 1] ^= 1;"
            + "s.dataset[arguments[0]] = btoa(String.fromCharCode(...b));"
            + "document.getElementById('verify-again').click();",
        field);
  }

  /** The overall verdict once the page's check has finished. */
  private static String awaitVerdict(Browser browser) {
    WebElement verdict = browser.find(By.id("verdict"));
    new WebDriverWait(browser.driver(), Browser.WAIT)
        .until(d -> List.of("verified", "failed").contains(verdict.getText()));
    return verdict.getText();
  }

  private static String step(Browser browser, String name) {
    return browser
        .driver()
        .findElement(By.cssSelector("[data-step='" + name + "'] [data-verdict]"))
        .getText();
  }

  private static void assertEveryStepVerified(Browser browser) {
    List<WebElement> steps = browser.driver().findElements(By.cssSelector("[data-verdict]"));
    assertThat(steps).hasSize(6);
    for (WebElement step : steps) {
      assertThat(step.getText()).startsWith("verified");
    }
  }
}
