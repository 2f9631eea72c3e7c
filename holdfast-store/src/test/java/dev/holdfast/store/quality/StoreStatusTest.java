package dev.holdfast.store.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreStatusTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path folder;

  @Test
  void report_findsEveryKindOfProblemWithCountsAndExamples() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("q.duckdb"), ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2025-01-01 00:00:00+00'),"
          + " ('B', TIMESTAMPTZ '2025-01-01 00:00:00+00'), ('B', TIMESTAMPTZ '2025-01-02 00:00:00+00'), ('Idle', TIMESTAMPTZ '2025-01-01 00:00:00+00')");
      // 40 days of 100 events a day for A, then a day with 10, a day with none, and one event in the future
      TestStores.execute(store, "INSERT INTO events SELECT i, 'A', NULL, TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_days(CAST(i // 100 AS INTEGER)), 'login', NULL, NULL FROM range(4000) t(i)");
      TestStores.execute(store, "INSERT INTO events SELECT 5000 + i, 'A', NULL, TIMESTAMPTZ '2025-02-10 00:00:00+00', 'login', NULL, NULL FROM range(10) t(i)");
      TestStores.execute(store, "INSERT INTO events VALUES (9000, 'A', NULL, TIMESTAMPTZ '2025-02-12 00:00:00+00', 'login', NULL, NULL),"
          + " (9001, 'Ghost', NULL, TIMESTAMPTZ '2025-02-12 00:00:00+00', 'login', NULL, NULL), (9002, 'B', NULL, TIMESTAMPTZ '2025-04-01 00:00:00+00', 'login', NULL, NULL)");
      TestStores.execute(store, "INSERT INTO spend VALUES (DATE '2025-01-01', DATE '2025-02-01', 'social', 10, 'USD'),"
          + " (DATE '2025-01-01', DATE '2025-02-01', 'social', 12, 'USD')");
      TestStores.execute(store, "INSERT INTO orders VALUES ('O1', 'A', TIMESTAMPTZ '2025-01-05 00:00:00+00', 0, 'USD', 'completed'),"
          + " ('O2', 'A', TIMESTAMPTZ '2025-01-06 00:00:00+00', -3, 'USD', 'refund')");

      StoreStatus.Report report = new StoreStatus(store, NOW).report();

      Map<String, StoreStatus.Finding> findings = findings(report);
      assertThat(findings).containsOnlyKeys("event_gaps", "event_drops", "inactive_customers", "orphans", "non_positive_amounts", "duplicate_keys", "future_dates");
      // days with events up to now (2025-03-01): 2025-01-01 .. 2025-02-10 and 02-12; the future 04-01 is a future date,
      // neither the end of a 48-day gap nor a drop
      assertThat(findings.get("event_gaps").count()).isEqualTo(1);
      assertThat(findings.get("event_gaps").examples()).containsExactly("2025-02-11");
      assertThat(findings.get("event_drops").examples()).containsExactly("2025-02-10 (10 vs 100)", "2025-02-12 (2 vs 100)");
      assertThat(findings.get("inactive_customers").examples()).containsExactly("Idle");
      assertThat(findings.get("orphans").examples()).containsExactly("events:Ghost");
      assertThat(findings.get("non_positive_amounts").examples()).containsExactly("O1 (0.0000)");
      assertThat(findings.get("duplicate_keys").examples()).containsExactlyInAnyOrder("customers:B", "spend:2025-01-01/social");
      assertThat(findings.get("duplicate_keys").count()).isEqualTo(2);
      assertThat(findings.get("future_dates").count()).isEqualTo(1);
      assertThat(report.counts()).containsEntry("customers", 4L).containsEntry("events", 4013L);
      assertThat(report.dateRanges().get("orders").first()).isEqualTo("2025-01-05T00:00:00Z");
    }
  }

  @Test
  void eventsWithoutIds_areNoRepeatedKeys_andAreNamedByCustomerAndType() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("keyless.duckdb"), ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2025-01-01 00:00:00+00')");
      // two identical events without an id are two events (docs/data-model.md), and two with the same id are one key twice
      TestStores.execute(store, "INSERT INTO events VALUES (NULL, 'A', NULL, TIMESTAMPTZ '2025-01-02 00:00:00+00', 'login', NULL, NULL),"
          + " (NULL, 'A', NULL, TIMESTAMPTZ '2025-01-02 00:00:00+00', 'login', NULL, NULL), (7, 'A', NULL, TIMESTAMPTZ '2025-01-03 00:00:00+00', 'export', NULL, NULL),"
          + " (7, 'A', NULL, TIMESTAMPTZ '2025-01-04 00:00:00+00', 'export', NULL, NULL), (NULL, 'A', NULL, TIMESTAMPTZ '2025-05-01 00:00:00+00', 'login', NULL, NULL)");

      Map<String, StoreStatus.Finding> findings = findings(new StoreStatus(store, NOW).report());

      assertThat(findings.get("duplicate_keys").count()).isEqualTo(1);
      assertThat(findings.get("duplicate_keys").examples()).containsExactly("events:7");
      assertThat(findings.get("future_dates").examples()).singleElement().asString().startsWith("events:A/login (2025-05-01");
    }
  }

  @Test
  void aTicketClosedInTheFuture_isAFutureDate_andAnEventYearsAhead_makesNoGaps() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("future.duckdb"), ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2025-01-01 00:00:00+00')");
      TestStores.execute(store, "INSERT INTO tickets VALUES ('T1', 'A', TIMESTAMPTZ '2025-02-01 00:00:00+00', TIMESTAMPTZ '2032-02-01 00:00:00+00', 'closed', NULL, NULL, 4),"
          + " ('T2', 'A', TIMESTAMPTZ '2025-02-01 00:00:00+00', TIMESTAMPTZ '2025-02-02 00:00:00+00', 'closed', NULL, NULL, 4),"
          + " ('T3', 'A', TIMESTAMPTZ '2025-02-03 00:00:00+00', NULL, 'open', NULL, NULL, NULL)");
      // events every day of January, then one typed 2099 instead of 2025
      TestStores.execute(store, "INSERT INTO events SELECT NULL, 'A', NULL, TIMESTAMPTZ '2025-01-01 12:00:00+00' + to_days(CAST(i AS INTEGER)), 'login', NULL, NULL FROM range(31) t(i)");
      TestStores.execute(store, "INSERT INTO events VALUES (NULL, 'A', NULL, TIMESTAMPTZ '2099-01-02 00:00:00+00', 'login', NULL, NULL)");

      Map<String, StoreStatus.Finding> findings = findings(new StoreStatus(store, NOW).report());

      assertThat(findings.get("future_dates").count()).isEqualTo(2);
      assertThat(findings.get("future_dates").examples()).hasSize(2);
      assertThat(findings.get("future_dates").examples().get(0)).startsWith("tickets:T1 (2032-02-01");
      assertThat(findings.get("future_dates").examples().get(1)).startsWith("events:A/login (2099-01-02");
      assertThat(findings).doesNotContainKeys("event_gaps", "event_drops");
    }
  }

  @Test
  void aYearTypedWrong_andActivityBeforeTheCustomerWasCreated_areFound() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("dates.duckdb"), ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2024-03-01 10:00:00+00'), ('B', TIMESTAMPTZ '2024-01-01 00:00:00+00')");
      TestStores.execute(store, "INSERT INTO orders VALUES ('O1', 'A', TIMESTAMPTZ '2024-01-15 00:00:00+00', 5, 'USD', 'completed'),"
          + " ('O2', 'A', TIMESTAMPTZ '2024-03-01 08:00:00+00', 5, 'USD', 'completed'), ('O3', 'B', TIMESTAMPTZ '0001-01-01 00:00:00+00', 5, 'USD', 'completed'),"
          + " ('O4', 'A', TIMESTAMPTZ '2024-02-01 00:00:00+00', -5, 'USD', 'refund')");
      TestStores.execute(store, "INSERT INTO subscriptions (id, customer_id, plan, mrr, currency, billing_period, started) VALUES ('S1', 'A', 'pro', 10, 'USD', 'month', DATE '2024-02-20'),"
          + " ('S2', 'B', 'pro', 10, 'USD', 'month', DATE '2024-01-01')");
      // events each day of 2024-01, and one typed 0001: no gap of two thousand years
      TestStores.execute(store, "INSERT INTO events SELECT NULL, 'B', NULL, TIMESTAMPTZ '2024-01-01 12:00:00+00' + to_days(CAST(i AS INTEGER)), 'login', NULL, NULL FROM range(31) t(i)");
      TestStores.execute(store, "INSERT INTO events VALUES (NULL, 'B', NULL, TIMESTAMPTZ '0001-01-02 00:00:00+00', 'login', NULL, NULL)");

      Map<String, StoreStatus.Finding> findings = findings(new StoreStatus(store, NOW).report());

      assertThat(findings.get("ancient_dates").count()).isEqualTo(2);
      assertThat(findings.get("ancient_dates").examples().get(0)).startsWith("orders:O3 (0001-01-01");
      // O3 is before B's creation too; the refund O4 and O2 (the creation day itself) are not
      assertThat(findings.get("before_created").examples()).containsExactly("orders:O1 (A created 2024-03-01)", "orders:O3 (B created 2024-01-01)",
          "subscriptions:S1 (A created 2024-03-01)");
      assertThat(findings).doesNotContainKeys("event_gaps");
    }
  }

  @Test
  void subscriptionPeriodsOfOnePlanThatOverlap_areFound_butNotAPlanChangeOrAnAddOn() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("overlap.duckdb"), ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2024-01-01 00:00:00+00'), ('B', TIMESTAMPTZ '2024-01-01 00:00:00+00')");
      // A: S1 exported again as S2 (running), and S3 on the same plan from the day S1 ended (no overlap with S1);
      // B: a plan change on the day the old one ended, and an add-on of another plan alongside
      TestStores.execute(store, "INSERT INTO subscriptions (id, customer_id, plan, mrr, currency, billing_period, started, ended) VALUES"
          + " ('S1', 'A', 'pro', 10, 'USD', 'month', DATE '2024-01-01', DATE '2024-06-01'),"
          + " ('S2', 'A', 'pro', 10, 'USD', 'month', DATE '2024-01-01', NULL),"
          + " ('S3', 'A', 'pro', 10, 'USD', 'month', DATE '2024-06-01', DATE '2024-09-01'),"
          + " ('S4', 'B', 'basic', 5, 'USD', 'month', DATE '2024-01-01', DATE '2024-03-01'),"
          + " ('S5', 'B', 'pro', 10, 'USD', 'month', DATE '2024-03-01', NULL),"
          + " ('S6', 'B', 'seats', 3, 'USD', 'month', DATE '2024-02-01', NULL)");

      Map<String, StoreStatus.Finding> findings = findings(new StoreStatus(store, NOW).report());

      assertThat(findings.get("overlapping_subscriptions").count()).isEqualTo(2);
      assertThat(findings.get("overlapping_subscriptions").examples()).containsExactly("S1 & S2 (A, pro)", "S2 & S3 (A, pro)");
    }
  }

  @Test
  void idsWithWhiteSpaceAround_areNamedWithTheirSpaces() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("padded.duckdb"), ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A1', TIMESTAMPTZ '2025-01-01 00:00:00+00'),"
          + " (' A1', TIMESTAMPTZ '2025-01-01 00:00:00+00'), ('B\t', TIMESTAMPTZ '2025-01-01 00:00:00+00'), ('C D', TIMESTAMPTZ '2025-01-01 00:00:00+00')");
      TestStores.execute(store, "INSERT INTO orders VALUES ('O1 ', 'A1', TIMESTAMPTZ '2025-01-05 00:00:00+00', 5, 'USD', 'completed'),"
          + " ('O2', ' A1', TIMESTAMPTZ '2025-01-06 00:00:00+00', 5, 'USD', 'completed')");
      TestStores.execute(store, "INSERT INTO orders VALUES ('O3', ' A1', TIMESTAMPTZ '2025-01-07 00:00:00+00', 5, 'USD', 'completed'),"
          + " ('O4\u00A0', 'A1', TIMESTAMPTZ '2025-01-08 00:00:00+00', 5, 'USD', 'completed')");

      Map<String, StoreStatus.Finding> findings = findings(new StoreStatus(store, NOW).report());

      // a space inside an id ("C D") is no problem; orders:" A1" counts once for its two orders; a no-break space counts
      assertThat(findings.get("padded_ids").count()).isEqualTo(5);
      assertThat(findings.get("padded_ids").examples()).containsExactly("customers:\" A1\"", "customers:\"B\t\"", "orders:\" A1\"", "orders:\"O1 \"", "orders:\"O4\u00A0\"");
    }
  }

  @Test
  void eventGaps_areDaysOfTheBusinessTimeZone_alsoBefore1970() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("ny.duckdb"), ZoneId.of("America/New_York"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '1969-12-01 00:00:00+00')");
      // ten seconds before a New York midnight, before the epoch: its minute must not be rounded up into the next day
      TestStores.execute(store, "INSERT INTO events VALUES (NULL, 'A', NULL, TIMESTAMPTZ '1969-12-29 23:59:50-05', 'login', NULL, NULL),"
          + " (NULL, 'A', NULL, TIMESTAMPTZ '1969-12-31 12:00:00-05', 'login', NULL, NULL)");

      Map<String, StoreStatus.Finding> findings = findings(new StoreStatus(store, NOW).report());

      assertThat(findings.get("event_gaps").examples()).containsExactly("1969-12-30");
      assertThat(findings.get("event_gaps").count()).isEqualTo(1);
    }
  }

  @Test
  void dateRanges_showDaysAsDays_andMomentsInTheBusinessTimeZone() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("msk.duckdb"), ZoneId.of("Europe/Moscow"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2024-01-04 21:30:00+00')");
      TestStores.execute(store, "INSERT INTO subscriptions VALUES ('S1', 'A', 'pro', 10, 'USD', 'month', DATE '2024-01-05', DATE '2024-03-01', NULL, NULL)");
      TestStores.execute(store, "INSERT INTO spend VALUES (DATE '2024-01-01', DATE '2024-02-01', 'social', 10, 'USD')");

      Map<String, StoreStatus.DateRange> ranges = new StoreStatus(store, NOW).report().dateRanges();

      assertThat(ranges.get("subscriptions")).isEqualTo(new StoreStatus.DateRange("2024-01-05", "2024-03-01"));
      assertThat(ranges.get("spend")).isEqualTo(new StoreStatus.DateRange("2024-01-01", "2024-01-31"));  // period_end is exclusive
      assertThat(ranges.get("customers")).isEqualTo(new StoreStatus.DateRange("2024-01-05T00:30:00+03:00", "2024-01-05T00:30:00+03:00"));
      assertThat(ranges.get("orders")).isEqualTo(new StoreStatus.DateRange(null, null));
    }
  }

  @Test
  void report_onAnEmptyStore_hasNoFindings() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("e.duckdb"), ZoneId.of("UTC"))) {
      StoreStatus.Report report = new StoreStatus(store, NOW).report();
      assertThat(report.findings()).isEmpty();
      assertThat(report.schemaVersion()).isEqualTo("8");
    }
  }

  /** The report's findings by their code. */
  private static Map<String, StoreStatus.Finding> findings(StoreStatus.Report report) {
    return report.findings().stream().collect(Collectors.toMap(StoreStatus.Finding::code, f -> f));
  }
}
