package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Every page of the dashboard and the HTML report in headless Chromium: drawn, without console errors, clickable, in both languages. */
class BrowserTest {
  private static Browser browser;
  private static WebServer server;
  private static WebServer unscoredServer;
  private static String base;
  private static String unscoredBase;

  @BeforeAll
  static void start() throws InterruptedException {
    browser = Browser.start();
    Companies.Company company = Companies.scored();
    server = new WebServer(company.store(), company.config(), Companies.CLOCK);
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    Companies.Company unscored = Companies.unscored();
    unscoredServer = new WebServer(unscored.store(), unscored.config(), Companies.CLOCK);
    unscoredBase = "http://127.0.0.1:" + unscoredServer.start("127.0.0.1", 0);
    assertThat(server.awaitWarm(Duration.ofSeconds(60))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      unscoredServer.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  /** Opens a page and checks that it is drawn, with every chart holding data and nothing on the console. */
  private static void page(String path, String screenshot, String... charts) {
    browser.open(base + path);
    assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-ready")).as(path + " failures: "
        + browser.script("return window.HF.failures")).isEqualTo("true");
    for (String chart : charts) {
      WebElement drawn = browser.driver.findElement(By.cssSelector("[data-chart='" + chart + "'][data-rendered='true']"));
      assertThat(Integer.parseInt(drawn.getAttribute("data-points"))).as(path + " " + chart + " points").isPositive();
      assertThat(drawn.findElements(By.cssSelector("svg path")).size()).as(path + " " + chart + " drawing").isPositive();
    }
    assertThat(browser.errors()).as(path + " console").isEmpty();
    assertChartsFit(path);
    browser.screenshot(screenshot);
  }

  /**
   * Every chart is drawn at its own element's size: not wider than its card, not at 0 × 0 (the layout may settle a
   * frame after the page is ready).
   */
  private static void assertChartsFit(String page) {
    String sizes = """
        return [...document.querySelectorAll('[data-chart]')].map((node) => {
          const svg = node.querySelector('svg');
          const width = svg ? Number(svg.getAttribute('width')) : -1;
          const height = svg ? Number(svg.getAttribute('height')) : -1;
          return width > 0 && height > 0 && Math.abs(width - node.clientWidth) <= 1 && Math.abs(height - node.clientHeight) <= 1
              ? '' : node.dataset.chart + ': drawn ' + width + ' x ' + height + ' in ' + node.clientWidth + ' x ' + node.clientHeight;
        }).filter((problem) => problem).join('; ');""";
    try {
      new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> browser.script(sizes).equals(""));
    } catch (org.openqa.selenium.TimeoutException e) {
      assertThat(browser.script(sizes)).as(page + " chart sizes").isEqualTo("");
    }
  }

  @Test
  void overview_drawsKpisWithSparklinesAndCharts() {
    page("/", "overview", "churn-retention", "mrr", "sparkline");
    assertThat(browser.driver.findElements(By.cssSelector(".kpi[data-kpi]")).size()).isGreaterThanOrEqualTo(8);
    assertThat(browser.driver.findElement(By.cssSelector(".kpi[data-kpi='churn_rate'] .value")).getText()).matches("\\d+\\.\\d%");
    assertThat(browser.driver.findElements(By.cssSelector("a.customer")).size()).isEqualTo(5);
  }

  @Test
  void overview_countAfterAPeriodOfZero_changesByItself_notInPoints() {
    // the first months of the company: find a count whose previous period was zero (no percentage of it exists)
    Http http = new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
    String asOf = null;
    com.fasterxml.jackson.databind.JsonNode found = null;
    for (String day : List.of("2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31")) {
      for (com.fasterxml.jackson.databind.JsonNode kpi : http.ok("/api/v1/metrics?as_of=" + day).path("kpis")) {
        if (found == null && kpi.path("unit").asText().equals("count") && kpi.path("change_percent").isNull() && kpi.path("change").asLong() > 0) {
          found = kpi;
          asOf = day;
        }
      }
    }
    assertThat(found).as("a count that grew from zero in the first months").isNotNull();
    page("/?as_of=" + asOf, "overview-from-zero", "churn-retention");
    String delta = browser.driver.findElement(By.cssSelector(".kpi[data-kpi='" + found.path("field").asText() + "'] .delta")).getText();
    assertThat(delta).startsWith("+" + String.format(Locale.ENGLISH, "%,d", found.path("change").asLong()) + " on ").doesNotContain("pts");
  }

  @Test
  void overview_filtersBySegmentAndPeriod() {
    page("/?period=quarter&segment=plan%3Dpro", "overview-pro-quarterly", "churn-retention");
    assertThat(browser.driver.findElement(By.cssSelector(".subtitle")).getText()).contains("plan=pro");
    // the five most at risk are those of the segment, and the link to all of them keeps it
    Http http = new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
    List<String> pro = new java.util.ArrayList<>();
    http.ok("/api/v1/at-risk?segment=plan%3Dpro&limit=5").path("customers").forEach(row -> pro.add(row.path("customer_id").asText()));
    assertThat(pro).hasSize(5);
    assertThat(browser.driver.findElements(By.cssSelector("a.customer")).stream().map(WebElement::getText).toList()).isEqualTo(pro);
    assertThat(browser.driver.findElement(By.cssSelector("a[data-all-at-risk]")).getAttribute("href")).endsWith("/at-risk?segment=plan%3Dpro&lang=en");
    assertThat(new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.name("period"))).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("quarter");
  }

  @Test
  void trends_drawEachMetricWithItsSentencesAndTheReasons() {
    page("/trends", "trends", "trend-churn_rate", "trend-retention_rate", "trend-mrr_end", "churn-reasons");
    assertThat(browser.driver.findElements(By.cssSelector("[data-metric='churn_rate'] .sentences li")).size()).isPositive();
  }

  @Test
  void mrr_clickingABarListsTheCustomersBehindIt() {
    page("/mrr", "mrr", "mrr-movements", "mrr-waterfall");
    WebElement chart = browser.driver.findElement(By.cssSelector("[data-chart='mrr-movements']"));
    // the middle of the "new" bar of the last complete period (series 0 stacks from zero)
    @SuppressWarnings("unchecked")
    List<Number> offset = (List<Number>) browser.script("""
        const node = arguments[0];
        const chart = echarts.getInstanceByDom(node);
        const data = chart.getOption().series[0].data;
        const index = data.length - 2;
        const pixel = chart.convertToPixel({ seriesIndex: 0 }, [index, data[index] / 2]);
        return [pixel[0] - node.clientWidth / 2, pixel[1] - node.clientHeight / 2];""", chart);
    new Actions(browser.driver).moveToElement(chart, offset.get(0).intValue(), offset.get(1).intValue()).click().perform();
    WebElement drill = new WebDriverWait(browser.driver, Duration.ofSeconds(20))
        .until(d -> d.findElement(By.cssSelector("[data-drill][data-customers]")));
    assertThat(Integer.parseInt(drill.getAttribute("data-customers"))).isPositive();
    assertThat(drill.findElement(By.tagName("h3")).getText()).startsWith("New in ");
    assertThat(drill.findElements(By.cssSelector("a.customer"))).isNotEmpty();
    // the table's movements add up from MRR at the start to MRR at the end: the change of billing period is one of them
    assertThat(browser.driver.findElements(By.cssSelector("table th")).stream().map(WebElement::getText).toList()).contains("Billing change");
    // every amount of the MRR table to the cent, a negative one with a minus sign
    List<WebElement> table = browser.driver.findElements(By.cssSelector("table"));
    List<String> amounts = table.get(table.size() - 1).findElements(By.cssSelector("tbody tr td")).stream()
        .map(WebElement::getText).filter(text -> text.contains("$")).toList();
    assertThat(amounts).hasSizeGreaterThan(8).allMatch(text -> text.matches("−?\\$\\d{1,3}(,\\d{3})*\\.\\d\\d"), "an amount to the cent");
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("mrr-drill-down");
  }

  @Test
  void cohorts_clickingACellListsTheCohortsCustomers() {
    page("/cohorts", "cohorts", "cohorts-logo", "cohorts-revenue");
    WebElement chart = browser.driver.findElement(By.cssSelector("[data-chart='cohorts-logo']"));
    @SuppressWarnings("unchecked")
    List<Number> offset = (List<Number>) browser.script("""
        const node = arguments[0];
        const chart = echarts.getInstanceByDom(node);
        const pixel = chart.convertToPixel({ seriesIndex: 0 }, [1, 0]);
        return [pixel[0] - node.clientWidth / 2, pixel[1] - node.clientHeight / 2];""", chart);
    new Actions(browser.driver).moveToElement(chart, offset.get(0).intValue(), offset.get(1).intValue()).click().perform();
    WebElement drill = new WebDriverWait(browser.driver, Duration.ofSeconds(20))
        .until(d -> d.findElement(By.cssSelector("[data-drill][data-customers]")));
    assertThat(Integer.parseInt(drill.getAttribute("data-customers"))).isPositive();
    assertThat(drill.findElement(By.tagName("h3")).getText()).contains("age 1");
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("cohorts-drill-down");
  }

  @Test
  void survival_drawsACurvePerSegment() {
    page("/survival", "survival", "survival");
    assertThat(browser.driver.findElements(By.cssSelector("table.data tbody tr")).size()).isGreaterThanOrEqualTo(2);
    assertThat(browser.driver.findElement(By.cssSelector(".card .hint")).getText()).contains("log-rank");
  }

  @Test
  void clv_drawsTheDistributionAndTheMostValuable() {
    page("/clv", "clv", "clv-distribution", "ltv");
    assertThat(browser.driver.findElements(By.cssSelector("a.customer")).size()).isEqualTo(ClvView.TOP);
  }

  @Test
  void clv_ofASegmentWithoutPredictions_saysSo_notToRunClv() {
    Object plan = dev.holdfast.store.TestStores.value(Companies.scored().store(), "SELECT c.plan FROM customers c LEFT JOIN clv_predictions p"
        + " ON p.customer_id = c.id WHERE c.plan IS NOT NULL GROUP BY 1 HAVING count(p.customer_id) = 0 ORDER BY 1 LIMIT 1");
    assertThat(plan).isNotNull();
    page("/clv?segment=plan%3D" + plan, "clv-segment-without-predictions", "ltv");
    assertThat(browser.driver.findElements(By.cssSelector(".notice")).stream().map(WebElement::getText).toList())
        .contains("No customer of this segment has a predicted value (the predictions are for customers who buy, and the segment holds none of them).")
        .noneMatch(text -> text.contains("holdfast clv"));
    // the segment is shown, and can be changed, as on the other pages
    assertThat(browser.driver.findElement(By.cssSelector(".subtitle")).getText()).contains("plan=" + plan);
    assertThat(new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.name("segment"))).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("plan=" + plan);
  }

  @Test
  void atRisk_sortsByColumnAndLeadsToTheCustomerPage() {
    page("/at-risk", "at-risk", "calibration");
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("[data-list='at-risk'] tbody tr"));
    assertThat(rows).hasSize(50);
    assertThat(rows.get(0).getText()).contains("login events down 62 % on the previous 4 weeks", "3 open tickets, the oldest 5 days old");
    browser.driver.findElement(By.cssSelector("th[data-sort='probability']")).click();
    // the click replaces the whole table once the sorted rows arrive, so the old header may go stale while we look at it
    new WebDriverWait(browser.driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.cssSelector("th[data-sort='probability']")).getAttribute("class").contains("sorted"));
    List<Double> probabilities = browser.driver.findElements(By.cssSelector("[data-list='at-risk'] tbody tr td:nth-child(4)")).stream()
        .map(cell -> Double.parseDouble(cell.getText().replace("%", ""))).toList();
    assertThat(probabilities).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(browser.driver.getCurrentUrl()).contains("sort=probability");
    assertThat(browser.errors()).isEmpty();

    String id = browser.driver.findElement(By.cssSelector("[data-list='at-risk'] a.customer")).getText();
    browser.driver.findElement(By.cssSelector("[data-list='at-risk'] a.customer")).click();
    browser.awaitReady();
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Customer " + id);
    assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-ready")).isEqualTo("true");
    assertThat(browser.driver.findElements(By.cssSelector("[data-chart='risk-history'] svg path")).size()).isGreaterThan(3);
    assertThat(browser.driver.findElements(By.cssSelector("[data-chart='activity'] svg path")).size()).isGreaterThan(3);
    // the health parts: points out of the most, and a part without a value said to be left out, not shown as 0 points
    assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("5.0 / 20", "no value: not counted (of 15)");
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("customer");
  }

  @Test
  void atRisk_keepsItsFiltersInTheAddress_andSortsByHealthFromTheLeastHealthy() {
    page("/at-risk?sort=health", "at-risk-by-health", "calibration");
    List<Double> health = browser.driver.findElements(By.cssSelector("[data-list='at-risk'] tbody tr td:nth-child(5)")).stream()
        .map(cell -> Double.parseDouble(cell.getText().replaceAll("\\s.*", ""))).toList();
    assertThat(health).hasSize(50).isSorted();
    assertThat(browser.driver.findElement(By.cssSelector("th[data-sort='health']")).getText()).endsWith("\u2191");

    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.name("segment"))).selectByValue("plan=pro");
    browser.driver.findElement(By.cssSelector("form[data-filters] button[type='submit']")).click();
    new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("segment=plan%3Dpro"));
    assertThat(browser.driver.getCurrentUrl()).contains("sort=health", "order=asc", "lang=en");
    // the other language, the logo and the other pages keep the segment
    assertThat(browser.driver.findElement(By.cssSelector("header .languages a[data-lang='ru']")).getAttribute("href"))
        .contains("segment=plan%3Dpro", "sort=health", "lang=ru");
    assertThat(browser.driver.findElement(By.cssSelector("header a.brand")).getAttribute("href")).endsWith("/?segment=plan%3Dpro&lang=en");
    assertThat(browser.driver.findElement(By.cssSelector("header nav a[data-page='trends']")).getAttribute("href"))
        .endsWith("/trends?segment=plan%3Dpro&lang=en");
    // a reload shows the same list
    browser.driver.navigate().refresh();
    browser.awaitReady();
    assertThat(new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.name("segment"))).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("plan=pro");
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  void languageSwitch_turnsThePageRussianWithRussianNumbers() {
    page("/", "overview-en", "churn-retention");
    browser.driver.findElement(By.cssSelector("header .languages a[data-lang='ru']")).click();
    browser.awaitReady();
    assertThat(browser.script("return document.documentElement.lang")).isEqualTo("ru");
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Обзор");
    assertThat(browser.driver.findElement(By.cssSelector("header nav a[data-page='trends']")).getText()).isEqualTo("Тренды");
    assertThat(browser.driver.findElement(By.cssSelector("header nav a[data-page='trends']")).getAttribute("href")).contains("lang=ru");
    // 5,3 % in Russian, 5.3% in English
    assertThat(browser.driver.findElement(By.cssSelector(".kpi[data-kpi='churn_rate'] .value")).getText()).matches("\\d+,\\d\\s%");
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("overview-ru");
    page("/trends?lang=ru", "trends-ru", "trend-churn_rate");
    assertThat(browser.driver.findElement(By.cssSelector("[data-metric='churn_rate'] .sentences li")).getText()).containsPattern("[а-яА-Я]");
  }

  @Test
  void aBadFilter_showsTheProblemOnThePage() {
    browser.open(base + "/?period=fortnight");
    assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-ready")).isEqualTo("failed");
    assertThat(browser.driver.findElement(By.cssSelector(".error")).getText())
        .contains("period: \"fortnight\" is not a period length; use one of day, week, month, quarter, year");
    // the only console entry is the API's 400 itself
    assertThat(browser.errors()).allMatch(message -> message.contains("status of 400"));
  }

  @Test
  void anUnscoredStore_saysWhatToRun() {
    browser.open(unscoredBase + "/at-risk");
    assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-ready")).isEqualTo("true");
    assertThat(browser.driver.findElement(By.cssSelector(".notice")).getText()).isEqualTo("No churn scores yet: run holdfast score");
    assertThat(browser.driver.findElements(By.cssSelector(".notice")).get(1).getText()).isEqualTo("No churn model yet: run holdfast train");
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("at-risk-unscored");
    // a subscription company without orders: holdfast clv would have nothing to fit, so the page does not send anyone to it
    assertThat(dev.holdfast.store.TestStores.count(Companies.unscored().store(), "SELECT count(*) FROM orders WHERE status = 'completed'")).isZero();
    browser.open(unscoredBase + "/clv");
    assertThat(browser.driver.findElement(By.cssSelector(".notice")).getText()).isEqualTo("No predicted values: they are for customers who buy, "
        + "and this store holds no completed orders in this currency. Import orders (holdfast import --kind orders), then run holdfast clv.");
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  void report_opensOfflineWithEveryChartDrawn() throws Exception {
    Companies.Company company = Companies.scored();
    Path folder = Path.of("target", "report").toAbsolutePath();
    for (Locale language : List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"))) {
      Path file = folder.resolve("report-" + language.getLanguage() + ".html");
      new HtmlReport(company.store(), company.config(), Companies.CLOCK).write(HtmlReport.Options.defaults(language), file);
      assertThat(Files.readString(file)).doesNotContainPattern("(src|href)=\"https?:");
      browser.driver.setNetworkConditions(new ChromiumNetworkConditions().setOffline(true));
      try {
        browser.open(file.toUri().toString());
        assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-ready")).as("failures: " + browser.script("return window.HF.failures"))
            .isEqualTo("true");
        for (String chart : List.of("sparkline", "trend-churn_rate", "mrr-waterfall", "mrr-movements", "cohorts-logo", "cohorts-revenue", "survival",
            "clv-distribution", "churn-reasons", "calibration")) {
          WebElement drawn = browser.driver.findElement(By.cssSelector("[data-chart='" + chart + "'][data-rendered='true']"));
          assertThat(Integer.parseInt(drawn.getAttribute("data-points"))).as(chart + " points").isPositive();
          assertThat(drawn.findElements(By.cssSelector("svg path")).size()).as(chart).isPositive();
        }
        assertChartsFit(file.getFileName().toString());
        assertThat(browser.driver.findElements(By.cssSelector("[data-section]"))).hasSize(9);
        assertThat(browser.driver.findElements(By.cssSelector("[data-section='at_risk'] tbody tr"))).hasSize(HtmlReport.AT_RISK);
        assertThat(((Number) browser.script("return performance.getEntriesByType('resource').length")).intValue()).isZero();
        assertThat(browser.errors()).isEmpty();
        browser.screenshot("report-" + language.getLanguage());
      } finally {
        browser.driver.deleteNetworkConditions();
      }
    }
  }
}
