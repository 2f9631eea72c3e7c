package dev.holdfast.bench;

import dev.holdfast.config.ConfigLoader;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.web.WebServer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Dashboard benchmark: each API call's latency (the first call, then p50/p95/max of 30 more) and each page's first
 * render in headless Chromium (navigation start to the page script's "drawn", median of 5) on a scored store.
 *
 * <pre>
 *   ./mvnw -q -B -DskipTests package &amp;&amp; bash holdfast-bench/scripts/churn-bench.sh 100000
 *   java -cp "holdfast-bench/target/holdfast-bench-0.1.0-SNAPSHOT.jar:holdfast-bench/target/lib/*" dev.holdfast.bench.WebBench \
 *       /tmp/holdfast-bench/churn-100000.duckdb C0050000
 * </pre>
 *
 * The store must have been scored (churn-bench.sh trains and scores its copy); the second argument is a customer id
 * for the customer page. Needs /usr/bin/chromium and /usr/bin/chromedriver.
 */
public final class WebBench {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    HoldfastConfig config = ConfigLoader.load(null, Map.of(), Map.of("store.path", file.toString()));
    long opened = System.nanoTime();
    try (DuckDbStore store = DuckDbStore.open(config)) {
      System.out.printf("open %.2f s%n", (System.nanoTime() - opened) / 1e9);
      WebServer server = new WebServer(store, config, Clock.systemUTC());
      long started = System.nanoTime();
      int port = server.start("127.0.0.1", 0);
      System.out.printf("start %.2f s%n", (System.nanoTime() - started) / 1e9);
      server.awaitWarm(Duration.ofMinutes(5));
      System.out.printf("warm done %.2f s after start%n", (System.nanoTime() - started) / 1e9);
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      String customer = args.length > 1 ? args[1] : "C0050000";
      List<String> paths = List.of("/api/v1/metrics", "/api/v1/trends", "/api/v1/reasons", "/api/v1/cohorts", "/api/v1/survival?by=plan",
          "/api/v1/clv", "/api/v1/at-risk?limit=50", "/api/v1/at-risk?limit=50&sort=health", "/api/v1/at-risk?limit=50&owner=Anna%20Petrova&segment=plan%3Dpro",
          "/api/v1/model", "/api/v1/segments", "/api/v1/customers/" + customer, "/api/v1/metrics/customers?figure=churned&period=2025-11",
          "/api/v1/cohorts/customers?cohort=2025-01&age=3", "/api/v1/metrics?segment=plan%3Dpro", "/api/v1/metrics?period=quarter",
          "/api/v1/metrics?by=plan", "/api/v1/survival?by=country", "/api/openapi.json");
      System.out.println("path | first ms | p50 ms | p95 ms | max ms (30 calls after the first)");
      for (String path : paths) {
        double first = time(client, base + path);
        double[] times = new double[30];
        for (int i = 0; i < times.length; i++) {
          times[i] = time(client, base + path);
        }
        Arrays.sort(times);
        System.out.printf("%s | %.1f | %.1f | %.1f | %.1f%n", path, first, times[14], times[28], times[29]);
      }
      // pages in the browser: navigation start to the page's script saying it is drawn
      ChromeOptions options = new ChromeOptions();
      options.setBinary("/usr/bin/chromium");
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--window-size=1400,1000");
      ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
      try {
        System.out.println("page | first render ms (median of 5, cold browser cache on the first) | runs");
        for (String page : List.of("/", "/trends", "/mrr", "/cohorts", "/survival", "/clv", "/at-risk", "/customers/" + customer, "/?lang=ru")) {
          List<Long> runs = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            driver.get(base + page);
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.tagName("body")).getAttribute("data-ready") != null);
            Number ready = (Number) driver.executeScript("return window.HF.readyAt");
            runs.add(Math.round(ready.doubleValue()));
          }
          List<Long> sorted = new ArrayList<>(runs);
          sorted.sort(null);
          System.out.printf("%s | %d | %s%n", page, sorted.get(2), runs);
        }
      } finally {
        driver.quit();
      }
      server.close();
    }
  }

  private static double time(HttpClient client, String url) throws Exception {
    long began = System.nanoTime();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - began) / 1e6;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " " + response.statusCode() + " " + response.body());
    }
    return ms;
  }
}
