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

  @Test
  void mrrOn_sumsThePeriodsRunningThatDay() {
    subscribers(3, "A", "2025-01-01", null);
    subscribers(2, "B", "2025-01-01", "2025-03-01");
    assertThat(new Headline(store).mrrOn(LocalDate.of(2025, 2, 1))).singleElement()
        .satisfies(mrr -> {
          assertThat(mrr.amount()).isEqualByComparingTo("500");
          assertThat(mrr.customers()).isEqualTo(5);
        });
    assertThat(new Headline(store).mrrOn(LocalDate.of(2025, 3, 1)).get(0).amount()).isEqualByComparingTo("300");
  }

  /** DESIGN.md: 200 repeat buyers of 800 → 25 %; 1,000 orders by 250 customers → 4. */
  @Test
  void orders_repeatRateAndPurchaseFrequency() {
    TestStores.execute(store, "INSERT INTO orders SELECT 'O' || i, 'C' || (i % 800), TIMESTAMPTZ '2025-01-01 00:00:00+00', 10, 'USD', 'completed'"
        + " FROM range(1000) t(i)");
    Headline.Orders orders = new Headline(store).orders();
    assertThat(orders.repeatRate()).isEqualTo(25.0);
    TestStores.execute(store, "DELETE FROM orders");
    TestStores.execute(store, "INSERT INTO orders SELECT 'O' || i, 'C' || (i % 250), TIMESTAMPTZ '2025-01-01 00:00:00+00', 10, 'USD', 'completed'"
        + " FROM range(1000) t(i)");
    assertThat(new Headline(store).orders().purchaseFrequency()).isEqualTo(4.0);
  }

  private void subscribers(int count, String prefix, String started, String ended) {
    TestStores.execute(store, "INSERT INTO customers (id, created) SELECT '" + prefix + "' || lpad(CAST(i AS VARCHAR), 4, '0'), TIMESTAMPTZ '" + started
        + " 00:00:00+00' FROM range(" + count + ") t(i)");
    TestStores.execute(store, "INSERT INTO subscriptions SELECT '" + prefix + "' || lpad(CAST(i AS VARCHAR), 4, '0') || ':1', '" + prefix
        + "' || lpad(CAST(i AS VARCHAR), 4, '0'), 'pro', 100, 'USD', 'month', DATE '" + started + "', "
        + (ended == null ? "NULL" : "DATE '" + ended + "'") + ", NULL, NULL FROM range(" + count + ") t(i)");
  }
}
