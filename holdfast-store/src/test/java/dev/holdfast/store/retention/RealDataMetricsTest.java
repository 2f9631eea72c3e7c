package dev.holdfast.store.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import dev.holdfast.store.ingest.ExampleMappingsTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics on real exports imported with the example mappings, checked against figures computed
 * independently from the raw files with plain SQL (no spells, no mapping).
 */
class RealDataMetricsTest {
  @TempDir Path folder;

  /**
   * Telco: 1,869 of 7,043 customers "left within the last month" (26.54 % of all customers). With the
   * mapping's snapshot (2020-01-01, churners ended on 2019-12-31) December 2019 holds every one of them:
   * 1,489 of the 6,419 customers with tenure ≥ 2 (active on 1 December) — a period churn rate of 23.20 % —
   * and 380 of the 613 with tenure 1, who joined in December (new, and gone in the same period). The 11
   * customers with tenure 0 start on the snapshot day itself, after the as-of date: they are not counted
   * in December; as of the snapshot day they are new in January 2020.
   */
  @Test
  void telco_theSnapshotsChurnersAreLostInItsLastMonth() {
    Path data = ExampleMappingsTest.dataFile("telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv");
    HoldfastConfig config = TestStores.config(folder.resolve("telco.duckdb"));
    try (DuckDbStore store = DuckDbStore.open(config)) {
      ExampleMappingsTest.importWith(store, "telco-churn", data);
      String raw = "read_csv('" + data + "')";
      long tenureTwoOrMore = TestStores.count(store, "SELECT count(*) FROM " + raw + " WHERE tenure >= 2");
      long churnedTwoOrMore = TestStores.count(store, "SELECT count(*) FROM " + raw + " WHERE tenure >= 2 AND Churn = 'Yes'");
      long tenureOne = TestStores.count(store, "SELECT count(*) FROM " + raw + " WHERE tenure = 1");
      long churnedOne = TestStores.count(store, "SELECT count(*) FROM " + raw + " WHERE tenure = 1 AND Churn = 'Yes'");
      assertThat(List.of(tenureTwoOrMore, churnedTwoOrMore, tenureOne, churnedOne)).containsExactly(6419L, 1489L, 613L, 380L);

      RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
      PeriodMetrics december = metrics.compute(new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2019, 12, 1), LocalDate.of(2019, 12, 31),
          LocalDate.of(2019, 12, 31), List.of(), null, "USD")).get(0);
      CustomerCounts customers = december.customers();
      assertThat(customers.atStart()).isEqualTo(tenureTwoOrMore);
      assertThat(customers.lost()).isEqualTo(churnedTwoOrMore);
      assertThat(customers.added()).isEqualTo(tenureOne);
      assertThat(customers.goneSamePeriod()).isEqualTo(churnedOne);
      assertThat(customers.atEnd()).isEqualTo(7043 - 1869 - 11);
      assertThat(customers.lost() + customers.goneSamePeriod()).isEqualTo(1869);
      assertThat(december.fields().get("churn_rate")).isEqualTo(23.1968);
      assertThat(Math.round(1869 * 10_000.0 / 7043) / 100.0).isEqualTo(26.54);

      PeriodMetrics january = metrics.compute(new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 1),
          LocalDate.of(2020, 1, 1), List.of(), null, "USD")).get(0);
      assertThat(january.customers().added()).isEqualTo(11);
      assertThat(january.customers().atStart()).isEqualTo(7043 - 1869 - 11);
    }
  }

  /**
   * Online Retail (transactional, inactivity_days 90): monthly buyers, repeat buyers and the logo cohort
   * matrix equal an independent computation over the raw invoice lines, where "active at the start of day
   * t" is "an invoice on one of the 91 days before t".
   */
  @Test
  void onlineRetail_monthlyRepeatRateAndCohortsMatchAnIndependentQuery() {
    Path data = ExampleMappingsTest.dataFile("online-retail/online-retail-by-day-concat.csv");
    HoldfastConfig config = TestStores.config(folder.resolve("retail.duckdb"));
    try (DuckDbStore store = DuckDbStore.open(config)) {
      ExampleMappingsTest.importWith(store, "online-retail", data);
      LocalDate asOf = LocalDate.of(2011, 12, 9);
      TestStores.execute(store, "CREATE TEMP TABLE invoices AS SELECT CustomerID AS customer, InvoiceNo AS invoice,"
          + " CAST(min(InvoiceDate) AS DATE) AS day FROM read_csv('" + data + "', types = {'CustomerID': 'VARCHAR', 'InvoiceNo': 'VARCHAR'})"
          + " WHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%' GROUP BY 1, 2");

      RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
      RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2010, 12, 1), asOf, asOf, List.of(), null, "GBP");
      List<String> engine = new ArrayList<>();
      for (PeriodMetrics month : metrics.compute(query)) {
        engine.add(month.label() + "|" + month.purchases().buyers() + "|" + month.purchases().repeatBuyers());
      }
      List<String> independent = TestStores.rows(store, "SELECT strftime(m, '%Y-%m'), count(*), count(*) FILTER (WHERE n >= 2) FROM"
          + " (SELECT date_trunc('month', day) AS m, customer, count(*) AS n FROM invoices GROUP BY 1, 2) GROUP BY 1 ORDER BY 1");
      assertThat(engine).hasSize(13).isEqualTo(independent);
      assertThat(engine.get(0)).isEqualTo("2010-12|885|263");

      List<String> cells = new ArrayList<>();
      for (Cohorts.Cohort cohort : new Cohorts(metrics, Messages.of(Locale.ENGLISH)).compute(query)) {
        for (Cohorts.Cell cell : cohort.cells()) {
          cells.add(cohort.label() + "|" + cohort.size() + "|" + cell.age() + "|" + cell.customers());
        }
      }
      List<String> expected = TestStores.rows(store, "WITH firsts AS (SELECT customer, date_trunc('month', min(day)) AS cohort FROM invoices GROUP BY 1),"
          + " sizes AS (SELECT cohort, count(*) AS size FROM firsts GROUP BY 1),"
          + " ends AS (SELECT CAST(m AS DATE) AS cohort_end_month, least(CAST(m + INTERVAL 1 MONTH AS DATE), DATE '2011-12-10') AS t"
          + "   FROM generate_series(TIMESTAMP '2010-12-01', TIMESTAMP '2011-12-01', INTERVAL 1 MONTH) g(m))"
          + " SELECT strftime(f.cohort, '%Y-%m'), s.size, datediff('month', f.cohort, e.cohort_end_month) AS age,"
          + "   count(DISTINCT f.customer) FILTER (WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.customer = f.customer"
          + "     AND i.day BETWEEN e.t - 91 AND e.t - 1))"
          + " FROM firsts f JOIN sizes s USING (cohort) JOIN ends e ON e.cohort_end_month >= f.cohort"
          + " GROUP BY f.cohort, s.size, e.cohort_end_month ORDER BY f.cohort, age");
      assertThat(cells).hasSize(91).isEqualTo(expected);
    }
  }
}
