package dev.holdfast.store.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked examples of DESIGN.md, built as subscriptions in a real store and measured by the engine. */
class DesignExamplesTest {
  private static final LocalDate JUNE = LocalDate.of(2025, 6, 1);

  @TempDir Path folder;
  private DuckDbStore store;

  @BeforeEach
  void open() {
    store = DuckDbStore.open(TestStores.config(folder.resolve("d.duckdb")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** June as known at the end of July, so that a return in early July is known. */
  private CustomerCounts june(int gapDays) {
    RetentionMetrics metrics = new RetentionMetrics(store, TestStores.config(store.file(), Map.of("policy.gap_days", Integer.toString(gapDays))),
        Messages.of(Locale.ENGLISH), Clock.systemUTC());
    return metrics.compute(new RetentionMetrics.Query(Period.MONTH, JUNE, JUNE, LocalDate.of(2025, 7, 31), List.of(), null, "USD"))
        .get(0).customers();
  }

  /** 200 customers at the start of June, 180 at the end, none new: churn 10 %. */
  @Test
  void churnRate_200AtStart180AtEnd_is10Percent() {
    subscribers(200, "A", "2025-01-01", null);
    TestStores.execute(store, "UPDATE subscriptions SET ended = DATE '2025-06-15' WHERE customer_id IN (SELECT id FROM customers ORDER BY id LIMIT 20)");

    CustomerCounts june = june(7);

    assertThat(june).isEqualTo(CustomerCounts.of(200, 180, 0, 20));
    assertThat(june.churnRate()).isEqualTo(10.0);
  }

  /** 500 at the start, 100 new, 520 at the end: CRR 84 %. */
  @Test
  void retentionRate_500AtStart100New520AtEnd_is84Percent() {
    subscribers(500, "A", "2025-01-01", null);
    subscribers(100, "N", "2025-06-10", null);
    TestStores.execute(store, "UPDATE subscriptions SET ended = DATE '2025-06-20' WHERE customer_id IN (SELECT id FROM customers WHERE id LIKE 'A%' ORDER BY id LIMIT 80)");

    CustomerCounts june = june(7);

    assertThat(june).isEqualTo(CustomerCounts.of(500, 520, 100, 80));
    assertThat(june.retentionRate()).isEqualTo(84.0);
    assertThat(june.churnRate()).isEqualTo(16.0);
  }

  @Test
  void gapDays_joinsPeriodsSeparatedByAShortGapIntoOneSpell() {
    subscribers(1, "G", "2025-01-01", "2025-06-28");
    TestStores.execute(store, "INSERT INTO subscriptions VALUES ('G:2', 'G0000', 'pro', 100, 'USD', 'month', DATE '2025-07-03', NULL, NULL, NULL)");

    assertThat(june(7).lost()).isZero();
    assertThat(june(2).lost()).isEqualTo(1);
  }

  private void subscribers(int count, String prefix, String started, String ended) {
    TestStores.execute(store, "INSERT INTO customers (id, created) SELECT '" + prefix + "' || lpad(CAST(i AS VARCHAR), 4, '0'), TIMESTAMPTZ '" + started
        + " 00:00:00+00' FROM range(" + count + ") t(i)");
    TestStores.execute(store, "INSERT INTO subscriptions SELECT '" + prefix + "' || lpad(CAST(i AS VARCHAR), 4, '0') || ':1', '" + prefix
        + "' || lpad(CAST(i AS VARCHAR), 4, '0'), 'pro', 100, 'USD', 'month', DATE '" + started + "', "
        + (ended == null ? "NULL" : "DATE '" + ended + "'") + ", NULL, NULL FROM range(" + count + ") t(i)");
  }
}
