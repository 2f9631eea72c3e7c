package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.HoldfastException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A store with nothing imported yet: every page and route answers, and says there is nothing. */
class EmptyStoreTest {
  @TempDir Path folder;

  @Test
  void everyRoute_answersOnAStoreWithNoData() {
    Path file = folder.resolve("empty.duckdb");
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file));
        WebServer server = new WebServer(store, TestStores.config(file), Companies.CLOCK, Duration.ZERO)) {
      Http http = new Http(server.start("127.0.0.1", 0));
      for (String path : List.of("/api/v1/metrics", "/api/v1/trends", "/api/v1/reasons", "/api/v1/cohorts", "/api/v1/survival?by=plan", "/api/v1/clv",
          "/api/v1/at-risk", "/api/v1/model", "/api/v1/segments", OpenApi.PATH, "/", "/at-risk")) {
        assertThat(http.get(path).status()).as(path).isEqualTo(200);
      }
      assertThat(http.ok("/api/v1/survival").path("segments")).isEmpty();
      assertThat(http.ok("/api/v1/cohorts").path("cohorts")).isEmpty();
      assertThat(http.get("/api/v1/customers/C1").status()).isEqualTo(404);
      String report = new HtmlReport(store, TestStores.config(file), Companies.CLOCK).render(HtmlReport.Options.defaults(java.util.Locale.ENGLISH));
      assertThat(report).contains("\"scored\":false", "\"model\":null", "\"predictions\":null");
    }
  }

  @Test
  void trends_ofMrrWithoutSubscriptions_haveNoData_notAFlatLineOfZeros() {
    Path file = folder.resolve("orders-only.duckdb");
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file));
        WebServer server = new WebServer(store, TestStores.config(file), Companies.CLOCK, Duration.ZERO)) {
      TestStores.execute(store, "INSERT INTO customers (id, created) SELECT 'B' || k, TIMESTAMPTZ '2024-01-01 00:00:00+00' FROM range(20) t(k)");
      TestStores.execute(store, "INSERT INTO orders SELECT 'O' || k || '-' || m, 'B' || k, TIMESTAMPTZ '2024-01-15 12:00:00+00' + to_months(CAST(m AS INTEGER)),"
          + " 10 + k, 'USD', 'completed' FROM range(20) t(k), range(12) u(m) WHERE (k + m) % 3 = 0");
      JsonNode trends = new Http(server.start("127.0.0.1", 0)).ok("/api/v1/trends?metric=mrr_end,buyers");
      java.util.Map<String, String> analysis = new java.util.HashMap<>();
      for (JsonNode metric : trends.path("metrics")) {
        analysis.put(metric.path("field").asText(), metric.path("analysis").asText());
      }
      assertThat(analysis).containsEntry("mrr_end", "no_data").containsEntry("buyers", "done");
    }
  }

  @Test
  void openApi_tellsEachOperationsOwnDefaultRange_andTheVersionAsTheCliDoes() {
    Path file = folder.resolve("openapi.duckdb");
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file));
        WebServer server = new WebServer(store, TestStores.config(file), Companies.CLOCK, Duration.ZERO)) {
      JsonNode document = new Http(server.start("127.0.0.1", 0)).ok(OpenApi.PATH);
      // run from classes, without a jar manifest, as holdfast --version says then
      assertThat(document.path("info").path("version").asText()).isEqualTo("development");
      JsonNode paths = document.path("paths");
      Map<String, String> defaults = Map.of(
          "/metrics", "default: the 24 periods up to to",
          "/cohorts", "default: the 24 periods up to to",
          "/clv", "default: the 24 periods up to to",
          "/trends", "default: the 36 periods up to to",
          "/reasons", "default: the 36 periods up to to",
          "/survival", "default: all history",
          "/metrics/customers", "reaching back to the period asked for",
          "/cohorts/customers", "reaching back to the period asked for");
      defaults.forEach((path, text) -> {
        JsonNode from = StreamSupport.stream(paths.path(path).path("get").path("parameters").spliterator(), false)
            .filter(parameter -> parameter.path("name").asText().equals("from")).findFirst().orElseThrow();
        assertThat(from.path("description").asText()).as(path).contains(text);
      });
      // survival curves are in months: the dashboard's period filter reaches the route and changes nothing
      JsonNode period = StreamSupport.stream(paths.path("/survival").path("get").path("parameters").spliterator(), false)
          .filter(parameter -> parameter.path("name").asText().equals("period")).findFirst().orElseThrow();
      assertThat(period.path("description").asText()).contains("ignored: lifetimes are in months");
    }
  }

  @Test
  void start_saysWhenThePortIsTaken() {
    Path file = folder.resolve("port.duckdb");
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file));
        WebServer first = new WebServer(store, TestStores.config(file), Companies.CLOCK);
        WebServer second = new WebServer(store, TestStores.config(file), Companies.CLOCK)) {
      int port = first.start("127.0.0.1", 0);
      assertThatThrownBy(() -> second.start("127.0.0.1", port)).isInstanceOf(HoldfastException.class)
          .hasMessageStartingWith("cannot serve the dashboard on 127.0.0.1:" + port + ": ");
      assertThatThrownBy(() -> first.start("127.0.0.1", 0)).isInstanceOf(IllegalStateException.class)
          .hasMessage("the dashboard is already running on port " + port);
    }
  }

  @Test
  void start_onAHostThatIsNoAddressOfThisMachine_saysSo_notThatThePortIsTaken() {
    Path file = folder.resolve("host.duckdb");
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file));
        WebServer server = new WebServer(store, TestStores.config(file), Companies.CLOCK)) {
      // 192.0.2.1 is reserved for documentation (RFC 5737): never an address of this machine
      assertThatThrownBy(() -> server.start("192.0.2.1", 0)).isInstanceOf(HoldfastException.class)
          .hasMessage("cannot serve the dashboard on 192.0.2.1:0: 192.0.2.1 (\"192.0.2.1\") is not an address of this machine; give one of its own,"
              + " e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every network)");
      assertThatThrownBy(() -> server.start("no-such-host.invalid", 8080)).isInstanceOf(HoldfastException.class)
          .hasMessageStartingWith("cannot serve the dashboard on no-such-host.invalid:8080: no address is known for the host \"no-such-host.invalid\";");
      // the machine's own names and addresses still serve
      int port = server.start("localhost", 0);
      assertThat(port).isPositive();
    }
  }

  @Test
  void start_saysWhenThePortIsTaken_inTheConfiguredLanguage() {
    Path file = folder.resolve("port-ru.duckdb");
    HoldfastConfig russian = TestStores.config(file, java.util.Map.of("locale", "ru"));
    try (DuckDbStore store = DuckDbStore.open(russian);
        WebServer first = new WebServer(store, russian, Companies.CLOCK);
        WebServer second = new WebServer(store, russian, Companies.CLOCK)) {
      int port = first.start("127.0.0.1", 0);
      assertThatThrownBy(() -> second.start("127.0.0.1", port)).isInstanceOf(HoldfastException.class)
          .hasMessageStartingWith("не удаётся открыть панель на 127.0.0.1:" + port + ": ");
    }
  }

  @Test
  @Timeout(30)
  void awaitStop_blocksUntilAnotherThreadStopsTheServer() throws Exception {
    Path file = folder.resolve("stop.duckdb");
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file));
        WebServer server = new WebServer(store, TestStores.config(file), Companies.CLOCK)) {
      server.start("127.0.0.1", 0);
      AtomicBoolean stopping = new AtomicBoolean();
      long started = System.nanoTime();
      Thread stopper = new Thread(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stopping.set(true);
        server.stop();
      });
      stopper.start();
      server.awaitStop();
      assertThat(stopping).as("awaitStop returned before the stop began").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      stopper.join();
      // on a stopped server it returns at once (the @Timeout fails a hang)
      server.awaitStop();
    }
  }
}
