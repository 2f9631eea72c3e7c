package dev.holdfast.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the public datasets of ../shared/data with the shipped example mappings. The expected counts
 * and sums were computed independently of the importer, with awk and a Python csv script:
 * see examples/mappings/README.md for the commands.
 */
public class ExampleMappingsTest {
  @TempDir Path folder;

  @Test
  void telcoChurn_7043CustomersOfWhich1869Churned() {
    try (DuckDbStore store = importDataset("telco-churn", "telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv")) {
      assertThat(store.counts()).containsEntry("customers", 7043L).containsEntry("subscriptions", 7043L);
      assertThat(TestStores.count(store, "SELECT count(*) FROM subscriptions WHERE ended IS NOT NULL")).isEqualTo(1869);
      assertThat(TestStores.value(store, "SELECT sum(mrr) FROM subscriptions")).isEqualTo(new BigDecimal("456116.6000"));
      assertThat(TestStores.rows(store, "SELECT billing_period, count(*) FROM subscriptions GROUP BY 1 ORDER BY 1"))
          .containsExactly("month|3875", "two_years|1695", "year|1473");
      assertThat(TestStores.rows(store, "SELECT started, ended FROM subscriptions WHERE id = '7590-VHVEG'")).containsExactly("2019-12-01|null");
      assertThat(TestStores.value(store, "SELECT attributes->>'payment_method' FROM customers WHERE id = '5575-GNVDE'")).isEqualTo("Mailed check");
    }
  }

  @Test
  void onlineRetail_invoicesBecomeOrdersAndLinesWithoutCustomerAreReported() {
    Path data = dataFile("online-retail/online-retail-by-day-concat.csv");
    try (DuckDbStore store = open()) {
      ImportResult result = importWith(store, "online-retail", data);
      assertThat(result.linesRead()).isEqualTo(541_909);
      assertThat(result.skippedByRule()).containsExactly(java.util.Map.entry("the invoice line has no CustomerID", 135_080L));
      assertThat(store.counts()).containsEntry("customers", 4372L).containsEntry("orders", 22_190L);
      assertThat(TestStores.count(store, "SELECT count(*) FROM orders WHERE status = 'refund'")).isEqualTo(3654);
      assertThat(TestStores.value(store, "SELECT sum(amount) FROM orders")).isEqualTo(new BigDecimal("8300065.8140"));
      assertThat(TestStores.value(store, "SELECT sum(amount) FROM orders WHERE status = 'refund'")).isEqualTo(new BigDecimal("-611342.0900"));
      assertThat(TestStores.rows(store, "SELECT id, country FROM customers WHERE id = '17850'")).containsExactly("17850|United Kingdom");
    }
  }

  @Test
  void cdnowMaster_23570CustomersAnd69659Purchases_reimportChangesNothing() {
    Path data = dataFile("cdnow/CDNOW_master.txt");
    try (DuckDbStore store = open()) {
      importWith(store, "cdnow", data);
      assertThat(store.counts()).containsEntry("customers", 23_570L).containsEntry("orders", 69_659L);
      assertThat(TestStores.value(store, "SELECT sum(amount) FROM orders")).isEqualTo(new BigDecimal("2500315.6300"));
      assertThat(TestStores.rows(store, "SELECT min(created)::DATE, max(created)::DATE, max(ordered_at)::DATE FROM customers, orders"))
          .containsExactly("1997-01-01|1997-03-25|1998-06-30");

      ImportResult again = importWith(store, "cdnow", data);
      assertThat(again.tables().get("orders")).isEqualTo(new ImportResult.TableCounts(0, 0, 69_659, 0));
      assertThat(again.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(0, 0, 23_570, 0));
    }
  }

  @Test
  void bankChurn_10000CustomersOfWhich2037Exited() {
    try (DuckDbStore store = importDataset("bank-churn", "bank-churn/Churn_Modelling.csv")) {
      assertThat(store.counts()).containsEntry("customers", 10_000L).containsEntry("subscriptions", 10_000L);
      assertThat(TestStores.count(store, "SELECT count(*) FROM subscriptions WHERE ended IS NOT NULL")).isEqualTo(2037);
      assertThat(TestStores.rows(store, "SELECT country, count(*) FROM customers GROUP BY 1 ORDER BY 1"))
          .containsExactly("France|5014", "Germany|2509", "Spain|2477");
    }
  }

  private DuckDbStore importDataset(String mapping, String relative) {
    Path data = dataFile(relative);
    DuckDbStore store = open();
    importWith(store, mapping, data);
    return store;
  }

  private DuckDbStore open() {
    HoldfastConfig config = TestStores.config(folder.resolve("store.duckdb"));
    return DuckDbStore.open(config.storePath(), config.timeZone());
  }

  public static ImportResult importWith(DuckDbStore store, String mapping, Path data) {
    return importWith(store, mapping, data, "mapping.yaml");
  }

  /** Imports {@code data} with the file {@code mappingFile} of the example mapping folder {@code mapping}. */
  public static ImportResult importWith(DuckDbStore store, String mapping, Path data, String mappingFile) {
    HoldfastConfig config = TestStores.config(store.file());
    Mapping parsed = Mapping.read(repositoryRoot().resolve("examples/mappings/" + mapping + "/" + mappingFile));
    return new Importer(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC())
        .run(List.of(data), new Importer.Options(parsed, null, null, null, null, null, false, false, null, null), bytes -> {});
  }

  /** A file of the shared datasets; the test is skipped, saying why, where the folder is absent. */
  public static Path dataFile(String relative) {
    String configured = System.getenv("HOLDFAST_DATA");
    Path root = configured != null ? Path.of(configured) : repositoryRoot().resolve("../shared/data");
    Path file = root.resolve(relative).normalize();
    String absent = "dataset " + file + " is absent: set HOLDFAST_DATA to the shared data folder to run this test";
    if (System.getenv("HOLDFAST_REQUIRE_DATA") != null && !Files.isRegularFile(file)) {
      throw new AssertionError(absent + " (HOLDFAST_REQUIRE_DATA is set, as in CI, so it may not be skipped)");
    }
    assumeTrue(Files.isRegularFile(file), absent);
    return file;
  }

  public static Path repositoryRoot() {
    Path path = Path.of("").toAbsolutePath();
    while (path != null && !Files.isDirectory(path.resolve("examples/mappings"))) {
      path = path.getParent();
    }
    if (path == null) {
      throw new IllegalStateException("cannot find the repository root (with examples/mappings) above " + Path.of("").toAbsolutePath());
    }
    return path;
  }
}
