package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.simulate.CompanySimulator;
import dev.holdfast.store.AppenderSink;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dashboard that closes its store when no request comes, so that another process (an import, train, score) can
 * write to the file while the dashboard stays up: proved with a real second process, since one process may open a
 * DuckDB file twice.
 */
class ReleasingServerTest {
  @TempDir Path folder;

  @Test
  void theStoreIsReleasedWhenIdle_anotherProcessWritesMeanwhile_andTheDashboardSeesIt() throws Exception {
    Path file = folder.resolve("released.duckdb");
    HoldfastConfig config = simulated(file, 60, 3);
    try (WebServer server = WebServer.releasing(config, Companies.CLOCK, Duration.ofMillis(400), Duration.ZERO)) {
      Http http = new Http(server.start("127.0.0.1", 0));
      assertThat(server.awaitWarm(Duration.ofSeconds(60))).isTrue();
      assertThat(http.get("/api/v1/customers/LATECOMER").status()).isEqualTo(404);
      long customers = http.ok("/api/v1/metrics").path("periods").get(0).path("customers_at_end").asLong();
      assertThat(customers).isPositive();
      awaitReleased(server);

      // another process opens the store and writes while the dashboard runs
      Process writer = writeInChild(file);
      try {
        Http.Answer busy = http.get("/api/v1/metrics");
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.json().path("title").asText()).isEqualTo("The store is busy");
        assertThat(busy.json().path("detail").asText()).isEqualTo("Another process (PID " + writer.pid() + ") is writing to the store, such as holdfast"
            + " import, train or score; the dashboard answers again once it has finished.");
        Http.Answer russian = http.get("/api/v1/metrics?lang=ru");
        assertThat(russian.status()).isEqualTo(503);
        assertThat(russian.json().path("title").asText()).isEqualTo("Хранилище занято");
        assertThat(russian.json().path("detail").asText()).startsWith("В хранилище пишет другой процесс (PID " + writer.pid() + ")");
        // a page still opens: it asks for its figures and shows the answer
        assertThat(http.get("/customers/LATECOMER").status()).isEqualTo(200);
        assertThat(http.get("/").status()).isEqualTo(200);
      } finally {
        writer.destroy();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      // once it is gone the dashboard opens the store again and sees what was written
      assertThat(http.ok("/api/v1/customers/LATECOMER").path("customer").path("id").asText()).isEqualTo("LATECOMER");
      assertThat(server.holdsStore()).isTrue();
      awaitReleased(server);

      // requests that come together to a released store all open it once and are all answered
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
      try {
        java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (String path : java.util.List.of("/api/v1/metrics", "/api/v1/cohorts", "/api/v1/survival", "/api/v1/reasons", "/api/v1/customers/LATECOMER",
            "/api/v1/segments")) {
          answers.add(pool.submit(() -> http.get(path).status()));
        }
        for (java.util.concurrent.Future<Integer> answer : answers) {
          assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(server.holdsStore()).isTrue();
    }
  }

  @Test
  void aStoreMovedAwayWhileReleased_isSaidMissing_andNotCreatedAnew() throws Exception {
    Path file = folder.resolve("moving.duckdb");
    HoldfastConfig config = simulated(file, 30, 5);
    try (WebServer server = WebServer.releasing(config, Companies.CLOCK, Duration.ofMillis(400), Duration.ZERO)) {
      Http http = new Http(server.start("127.0.0.1", 0));
      assertThat(http.get("/api/v1/metrics").status()).isEqualTo(200);
      awaitReleased(server);
      Path elsewhere = Files.move(file, folder.resolve("archived.duckdb"));
      Http.Answer gone = http.get("/api/v1/metrics");
      assertThat(gone.status()).isEqualTo(503);
      assertThat(gone.json().path("title").asText()).isEqualTo("The store cannot be opened");
      assertThat(gone.json().path("detail").asText()).startsWith("store " + file + " does not exist; check --store");
      assertThat(http.get("/api/v1/metrics?lang=ru").json().path("title").asText()).isEqualTo("Хранилище не открывается");
      assertThat(file).as("no empty store made in its place").doesNotExist();
      // put back, it is read again
      Files.move(elsewhere, file);
      assertThat(http.get("/api/v1/metrics").status()).isEqualTo(200);
    }
  }

  @Test
  void aHeldStore_isNeverReleased() throws Exception {
    Companies.Company company = Companies.unscored();
    try (WebServer server = new WebServer(company.store(), company.config(), Companies.CLOCK)) {
      Http http = new Http(server.start("127.0.0.1", 0));
      assertThat(http.get("/api/v1/metrics").status()).isEqualTo(200);
      Thread.sleep(1500);
      assertThat(server.holdsStore()).isTrue();
    }
    // the store it was given stays open for its owner
    assertThat(TestStores.count(company.store(), "SELECT count(*) FROM customers")).isPositive();
  }

  /** A store of a simulated subscription business of {@code customers} over six months, and its configuration. */
  private static HoldfastConfig simulated(Path file, int customers, long seed) {
    HoldfastConfig config = TestStores.config(file, Map.of());
    try (DuckDbStore store = DuckDbStore.open(config); AppenderSink sink = new AppenderSink(store)) {
      new CompanySimulator(new CompanySimulator.Settings(customers, 6, seed, CompanySimulator.Business.SUBSCRIPTION, LocalDate.of(2025, 1, 1), "USD"))
          .run(sink);
    }
    return config;
  }

  private static void awaitReleased(WebServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.holdsStore() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.holdsStore()).as("the store released after the idle time").isFalse();
  }

  private Process writeInChild(Path store) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path temporary = Files.createDirectories(folder.resolve("tmp"));
    Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), Writer.class.getName(),
        store.toString()).redirectErrorStream(true).start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).as("the child's first line").isEqualTo("written");
    return child;
  }

  /** Opens a store, adds a customer, says so, and keeps the store open until it is stopped. */
  static final class Writer {
    public static void main(String[] args) throws Exception {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0]); Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO customers (id, created) VALUES ('LATECOMER', TIMESTAMPTZ '2025-03-01 00:00:00+00')");
        System.out.println("written");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
    }
  }
}
