package dev.holdfast.store.headline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlineTest {
  private static final LocalDate JUNE = LocalDate.of(2025, 6, 1);

  @TempDir Path folder;
  private DuckDbStore store;

  @BeforeEach
  void open() {
    store = DuckDbStore.open(folder.resolve("h.duckdb"), ZoneId.of("UTC"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** DESIGN.md: 200 customers at the start of June, 180 at the end, none new: churn 10 %. */
  @Test
  void churnRate_200AtStart180AtEnd_is10Percent() {
    subscribers(200, "A", "2025-01-01", null);
    TestStores.execute(store, "UPDATE subscriptions SET ended = DATE '2025-06-15' WHERE customer_id IN (SELECT id FROM customers ORDER BY id LIMIT 20)");

    Headline.Month june = new Headline(store, 7).months(JUNE, JUNE).get(0);

    assertThat(june).isEqualTo(new Headline.Month(JUNE, 200, 180, 0, 20));
    assertThat(june.churnRate()).isEqualTo(10.0);
  }

  /** DESIGN.md: 500 at the start, 100 new, 520 at the end: CRR 84 %. */
  @Test
  void retentionRate_500AtStart100New520AtEnd_is84Percent() {
    subscribers(500, "A", "2025-01-01", null);
    subscribers(100, "N", "2025-06-10", null);
    TestStores.execute(store, "UPDATE subscriptions SET ended = DATE '2025-06-20' WHERE customer_id IN (SELECT id FROM customers WHERE id LIKE 'A%' ORDER BY id LIMIT 80)");

    Headline.Month june = new Headline(store, 7).months(JUNE, JUNE).get(0);

    assertThat(june).isEqualTo(new Headline.Month(JUNE, 500, 520, 100, 80));
    assertThat(june.retentionRate()).isEqualTo(84.0);
    assertThat(june.churnRate()).isEqualTo(16.0);
  }

  @Test
  void gapDays_joinsPeriodsSeparatedByAShortGapIntoOneSpell() {
    customer("G");
    period("G", "G:1", "2025-01-01", "2025-06-28");
    period("G", "G:2", "2025-07-03", null);

    assertThat(new Headline(store, 7).months(JUNE, JUNE).get(0).lost()).isZero();
    assertThat(new Headline(store, 2).months(JUNE, JUNE).get(0).lost()).isEqualTo(1);
  }

  @Test
  void mrrOn_sumsThePeriodsRunningThatDay() {
    subscribers(3, "A", "2025-01-01", null);
    subscribers(2, "B", "2025-01-01", "2025-03-01");
    assertThat(new Headline(store, 7).mrrOn(LocalDate.of(2025, 2, 1))).singleElement()
        .satisfies(mrr -> {
          assertThat(mrr.amount()).isEqualByComparingTo("500");
          assertThat(mrr.customers()).isEqualTo(5);
        });
    assertThat(new Headline(store, 7).mrrOn(LocalDate.of(2025, 3, 1)).get(0).amount()).isEqualByComparingTo("300");
  }

  /** DESIGN.md: 200 repeat buyers of 800 → 25 %; 1,000 orders by 250 customers → 4. */
  @Test
  void orders_repeatRateAndPurchaseFrequency() {
    TestStores.execute(store, "INSERT INTO orders SELECT 'O' || i, 'C' || (i % 800), TIMESTAMPTZ '2025-01-01 00:00:00+00', 10, 'USD', 'completed'"
        + " FROM range(1000) t(i)");
    Headline.Orders orders = new Headline(store, 7).orders();
    assertThat(orders.repeatRate()).isEqualTo(25.0);
    TestStores.execute(store, "DELETE FROM orders");
    TestStores.execute(store, "INSERT INTO orders SELECT 'O' || i, 'C' || (i % 250), TIMESTAMPTZ '2025-01-01 00:00:00+00', 10, 'USD', 'completed'"
        + " FROM range(1000) t(i)");
    assertThat(new Headline(store, 7).orders().purchaseFrequency()).isEqualTo(4.0);
  }

  private void subscribers(int count, String prefix, String started, String ended) {
    TestStores.execute(store, "INSERT INTO customers (id, created) SELECT '" + prefix + "' || lpad(CAST(i AS VARCHAR), 4, '0'), TIMESTAMPTZ '" + started
        + " 00:00:00+00' FROM range(" + count + ") t(i)");
    TestStores.execute(store, "INSERT INTO subscriptions SELECT '" + prefix + "' || lpad(CAST(i AS VARCHAR), 4, '0') || ':1', '" + prefix
        + "' || lpad(CAST(i AS VARCHAR), 4, '0'), 'pro', 100, 'USD', 'month', DATE '" + started + "', "
        + (ended == null ? "NULL" : "DATE '" + ended + "'") + ", NULL, NULL FROM range(" + count + ") t(i)");
  }

  private void customer(String id) {
    TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('" + id + "', TIMESTAMPTZ '2025-01-01 00:00:00+00')");
  }

  private void period(String customer, String id, String started, String ended) {
    TestStores.execute(store, "INSERT INTO subscriptions VALUES ('" + id + "', '" + customer + "', 'pro', 100, 'USD', 'month', DATE '" + started + "', "
        + (ended == null ? "NULL" : "DATE '" + ended + "'") + ", NULL, NULL)");
  }
}
