package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian {@code chromium} and {@code chromium-driver}, which .ci/run
 * installs) at 1280×800, for the dashboard's browser tests. Missing browsers skip the tests on a
 * developer's machine and fail them in CI. Every page checked with {@link #checkPage} has no SEVERE
 * browser log entry, no horizontal scroll, loads nothing from anywhere but the node, and leaves a
 * screenshot under {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);
  static final int TABS_MAX = 200;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final String origin;
  private final Path profile;
  private final List<String> severe = new ArrayList<>();

  private Browser(ChromeDriverService service, ChromeDriver driver, String origin, Path profile) {
    this.service = service;
    this.driver = driver;
    this.origin = origin;
    this.profile = profile;
  }

  /** Skips (or, in CI, fails) the calling test when the browser is not installed. */
  static void requireInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String hint =
        "the dashboard's browser tests need Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver; .ci/run installs them)";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as(hint).isTrue();
    }
    assumeTrue(present, hint);
  }

  /** A new browser whose pages are judged against {@code origin} (https://host:port). */
  static Browser open(String origin) throws IOException {
    requireInstalled();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(java.io.OutputStream.nullOutputStream())
            .build();
    Path profile = Files.createTempDirectory("entente-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    // The node's certificate is issued by the consortium's own CA, which this profile lacks.
    options.setAcceptInsecureCerts(true);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
    driver.manage().window().setSize(new Dimension(1280, 800));
    return new Browser(service, driver, origin, profile);
  }

  WebDriver driver() {
    return driver;
  }

  void get(String path) {
    driver.get(origin + path);
  }

  String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  WebElement find(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  /** Logs in through the form and waits for the page it leads to. */
  void logIn(String username, String password) {
    get("/ui/login");
    find(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(driver, WAIT).until(d -> !path().equals("/ui/login"));
  }

  /**
   * Moves the keyboard focus with the Tab key alone until it is on {@code target} (at most {@link
   * #TABS_MAX} presses), as a keyboard-only user would.
   */
  void tabTo(By target) {
    WebElement element = find(target);
    for (int presses = 0; presses < TABS_MAX; presses++) {
      if (driver.switchTo().activeElement().equals(element)) {
        return;
      }
      new org.openqa.selenium.interactions.Actions(driver)
          .sendKeys(org.openqa.selenium.Keys.TAB)
          .perform();
    }
    throw new AssertionError("Tab never reached " + target + " in " + TABS_MAX + " presses");
  }

  /** Types into whatever has the keyboard focus. */
  void type(CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
  }

  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /**
   * The house rules for a page, checked on the page shown now: its screenshot is saved as {@code
   * name}.png; SEVERE browser log entries so far fail the test; the page does not scroll
   * horizontally; every resource it loaded came from the node.
   */
  void checkPage(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        severe.add(name + ": " + entry.getMessage());
      }
    }
    assertThat(severe).as("SEVERE entries in the browser log").isEmpty();
    Number scrollWidth = (Number) script("return document.documentElement.scrollWidth;");
    Number clientWidth = (Number) script("return document.documentElement.clientWidth;");
    assertThat(scrollWidth.intValue())
        .as("page %s scrolls horizontally at 1280×800", name)
        .isLessThanOrEqualTo(clientWidth.intValue());
    @SuppressWarnings("unchecked")
    List<String> resources =
        (List<String>) script("return performance.getEntriesByType('resource').map(e => e.name);");
    assertThat(resources)
        .as("resources of page %s", name)
        .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A profile folder left in the temporary directory is harmless; the test result stands.
    }
  }
}
