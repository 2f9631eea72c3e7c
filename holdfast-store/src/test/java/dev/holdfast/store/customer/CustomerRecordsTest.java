package dev.holdfast.store.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerRecordsTest {
  @TempDir Path folder;

  private DuckDbStore store() {
    DuckDbStore store = DuckDbStore.open(folder.resolve("store.duckdb"), ZoneId.of("Europe/Berlin"));
    TestStores.execute(store, """
        INSERT INTO customers VALUES
          ('a', TIMESTAMPTZ '2025-01-01 10:00:00+01', 'pro', 'DE', 'ads', 'Anna', '{"industry":"media","size":"1-10"}'),
          ('b', TIMESTAMPTZ '2025-01-02 10:00:00+01', 'basic', 'FR', 'ads', 'Ben', '{"industry":"retail"}'),
          ('c', TIMESTAMPTZ '2025-01-03 10:00:00+01', 'pro', 'DE', 'partner', 'Anna', NULL)""");
    TestStores.execute(store, """
        INSERT INTO subscriptions VALUES
          ('s1', 'a', 'basic', 29, 'EUR', 'month', DATE '2025-01-01', DATE '2025-03-01', NULL, NULL),
          ('s2', 'a', 'pro', 99, 'EUR', 'month', DATE '2025-03-01', NULL, NULL, NULL)""");
    TestStores.execute(store, """
        INSERT INTO events VALUES
          (1, 'a', 'u1', TIMESTAMPTZ '2025-03-03 00:30:00+01', 'login', 1, NULL),
          (2, 'a', 'u1', TIMESTAMPTZ '2025-03-09 23:30:00+01', 'login', 1, NULL),
          (3, 'a', 'u2', TIMESTAMPTZ '2025-03-10 08:00:00+01', 'api_call', 7, NULL),
          (4, 'b', 'u9', TIMESTAMPTZ '2025-03-10 08:00:00+01', 'login', 1, NULL)""");
    TestStores.execute(store, """
        INSERT INTO tickets VALUES
          ('t1', 'a', TIMESTAMPTZ '2025-03-01 10:00:00+01', NULL, 'open', 'high', 'billing', NULL),
          ('t2', 'a', TIMESTAMPTZ '2025-02-01 10:00:00+01', TIMESTAMPTZ '2025-02-02 10:00:00+01', 'closed', 'low', 'bug', 4)""");
    TestStores.execute(store, """
        INSERT INTO churn_scores VALUES
          ('a', DATE '2025-03-01', 'm1', 0.10, 80, 'good', 99, 'mrr', 9.9, '[]', '[]', now(), NULL, NULL),
          ('a', DATE '2025-04-01', 'm1', 0.60, 35, 'poor', 99, 'mrr', 59.4,
           '[{"signal":"event:login","contribution":0.4,"message":"reason.event_down","args":["login",62,4]}]',
           '[{"signal":"logins","value":3,"points":5,"max_points":20}]', now(), NULL, NULL),
          ('b', DATE '2025-04-01', 'm1', 0.30, 55, 'fair', 29, 'mrr', 8.7, '[]', '[]', now(), NULL, NULL),
          ('c', DATE '2025-04-01', 'm1', 0.90, 20, 'poor', 10, 'mrr', 9.0, '[]', '[]', now(), NULL, NULL)""");
    return store;
  }

  @Test
  void history_weeksActivityInTheBusinessTimeZoneAndKeepsSubscriptionsInOrder() {
    try (DuckDbStore store = store()) {
      Customers.History history = new Customers(store.connection()).history("a", 10).orElseThrow();
      assertThat(history.profile().attributes()).containsEntry("industry", "media");
      assertThat(history.subscriptions()).extracting(Customers.SubscriptionPeriod::id).containsExactly("s1", "s2");
      // 23:30 on Sunday 9 March in Berlin is still the week of Monday 3 March
      assertThat(history.activity()).containsExactly(
          new Customers.ActivityWeek(LocalDate.of(2025, 3, 3), "login", 2, 2),
          new Customers.ActivityWeek(LocalDate.of(2025, 3, 10), "api_call", 1, 7));
      // a ticket without a satisfaction score has none, not 0
      assertThat(history.tickets()).extracting(Customers.TicketLine::satisfaction).containsExactly(null, 4);
      assertThat(new Customers(store.connection()).history("nobody", 10)).isEmpty();
    }
  }

  @Test
  void attributeValues_listsColumnsAndFreeFormKeysCommonestFirst() {
    try (DuckDbStore store = store()) {
      List<Customers.AttributeValue> values = new Customers(store.connection()).attributeValues(1);
      assertThat(values).contains(new Customers.AttributeValue("plan", "pro", 2), new Customers.AttributeValue("owner", "Anna", 2),
          new Customers.AttributeValue("industry", "media", 1));
      assertThat(values).filteredOn(value -> value.attribute().equals("plan")).hasSize(1);
    }
  }

  @Test
  void atRisk_ordersFiltersAndCountsTheLatestDay() {
    try (DuckDbStore store = store()) {
      ChurnScores scores = new ChurnScores(store.connection());
      ChurnScores.Page page = scores.atRisk(new ChurnScores.Query(List.of(), ChurnScores.Order.REVENUE_AT_RISK, true, 2, 0)).orElseThrow();
      assertThat(page.asOf()).isEqualTo(LocalDate.of(2025, 4, 1));
      assertThat(page.customers()).isEqualTo(3);
      assertThat(page.revenueAtRisk()).isEqualTo(77.1, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(page.poor()).isEqualTo(2);
      assertThat(page.rows()).extracting(row -> row.score().customerId()).containsExactly("a", "c");
      assertThat(page.rows().get(0).score().reasons()).containsExactly(new ChurnScores.Reason("event:login", 0.4, "reason.event_down", List.of("login", 62, 4)));

      ChurnScores.Page healthiestFirst = scores.atRisk(new ChurnScores.Query(List.of(), ChurnScores.Order.HEALTH, true, 10, 1)).orElseThrow();
      assertThat(healthiestFirst.rows()).extracting(row -> row.score().customerId()).containsExactly("a", "c");

      ChurnScores.Page media = scores.atRisk(new ChurnScores.Query(List.of(new ChurnScores.Filter("industry", "media"),
          new ChurnScores.Filter("owner", "Anna")), ChurnScores.Order.PROBABILITY, false, 10, 0)).orElseThrow();
      assertThat(media.rows()).extracting(row -> row.score().customerId()).containsExactly("a");
      assertThat(media.customers()).isEqualTo(1);
    }
  }

  @Test
  void history_andModel_areEmptyBeforeTheFirstScoring() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("empty.duckdb"), ZoneId.of("UTC"))) {
      ChurnScores scores = new ChurnScores(store.connection());
      assertThat(scores.latestDay()).isEmpty();
      assertThat(scores.atRisk(new ChurnScores.Query(List.of(), ChurnScores.Order.HEALTH, true, 10, 0))).isEmpty();
      assertThat(scores.currentModel()).isEmpty();
      assertThat(new ClvPredictions(store.connection()).summary("USD")).isEmpty();
      assertThat(new ClvPredictions(store.connection()).histogram("USD", 10)).isEmpty();
    }
  }

  @Test
  void histogram_putsTheTopPercentInTheLastBin() {
    try (DuckDbStore store = store()) {
      TestStores.execute(store, "INSERT INTO clv_predictions SELECT 'x' || i, DATE '2025-04-01', 'bg-nbd+gamma-gamma', 0.9, 2, 50,"
          + " CASE WHEN i = 99 THEN 100000 ELSE i END, 'EUR', 12, 0.1, now() FROM range(100) t(i)");
      ClvPredictions predictions = new ClvPredictions(store.connection());
      List<ClvPredictions.Bin> bins = predictions.histogram("EUR", 5);
      assertThat(bins).hasSize(5);
      assertThat(bins.stream().mapToLong(ClvPredictions.Bin::customers).sum()).isEqualTo(100);
      assertThat(bins.get(4).to()).isInfinite();
      assertThat(predictions.top("EUR", 1).get(0).customerId()).isEqualTo("x99");
      assertThat(predictions.summary("EUR").orElseThrow().customers()).isEqualTo(100);
    }
  }
}
