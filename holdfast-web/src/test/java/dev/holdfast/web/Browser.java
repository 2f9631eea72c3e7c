package dev.holdfast.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium for the browser tests, with the browser's console log at hand. Without
 * {@value #CHROMIUM} the tests are skipped, unless HOLDFAST_REQUIRE_BROWSER=1 (as on CI), when they fail.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final int WIDTH = 1400;
  static final int HEIGHT = 1000;

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a browser, or skips the calling test (fails it under HOLDFAST_REQUIRE_BROWSER=1) when there is none. */
  static Browser start() {
    boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    if (!present && "1".equals(System.getenv("HOLDFAST_REQUIRE_BROWSER"))) {
      throw new AssertionError("HOLDFAST_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: apt-get install -y chromium chromium-driver");
    }
    Assumptions.assumeTrue(present, "browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER
        + " are not installed (apt-get install -y chromium chromium-driver; HOLDFAST_REQUIRE_BROWSER=1 makes this a failure)");
    try {
      Path profile = Files.createTempDirectory("holdfast-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-extensions",
          "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-GB", "--hide-scrollbars");
      options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a page and waits until its script says it is drawn (or failed). */
  void open(String url) {
    driver.get(url);
    awaitReady();
  }

  void awaitReady() {
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.tagName("body")).getAttribute("data-ready") != null);
  }

  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /** The console messages at level SEVERE (errors, failed loads, refused content) since the last call. */
  List<String> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }

  /** Saves the whole page, not just the window, as {@code target/screenshots/NAME.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      long height = ((Number) script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")).longValue();
      driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(Math.max(height, HEIGHT), 9000)));
      script("window.HF && window.HF.charts.forEach(chart => chart.resize())");
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temporary folder harms nothing
    }
  }
}
