package dev.holdfast.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.model.BillingPeriod;
import dev.holdfast.model.ChurnType;
import dev.holdfast.model.Customer;
import dev.holdfast.model.Subscription;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppenderSinkTest {
  @TempDir Path folder;

  /** DuckDB 2.0's appender rejected valid codes in CHECK constraints after its first 2,048 rows and dropped them silently. */
  @Test
  void write_keepsEveryRowBeyondTheFirstAppenderChunk() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      try (AppenderSink sink = new AppenderSink(store)) {
        for (int i = 0; i < 5000; i++) {
          String id = "C" + i;
          sink.customer(new Customer(id, Instant.parse("2024-01-01T00:00:00Z"), "pro", "DE", "organic", "anna", Map.of("size", "s\"1")));
          sink.subscription(new Subscription(id + ":1", id, "pro", new BigDecimal("99.5"), "EUR",
              i % 3 == 0 ? BillingPeriod.YEAR : BillingPeriod.MONTH, LocalDate.of(2024, 1, 1),
              i % 5 == 0 ? LocalDate.of(2024, 6, 1) : null, i % 5 == 0 ? "price" : null, i % 5 == 0 ? ChurnType.VOLUNTARY : null));
        }
      }
      assertThat(store.counts()).containsEntry("customers", 5000L).containsEntry("subscriptions", 5000L);
      assertThat(TestStores.count(store, "SELECT count(*) FROM subscriptions WHERE billing_period = 'year'")).isEqualTo(1667);
      assertThat(TestStores.value(store, "SELECT CAST(attributes AS VARCHAR) FROM customers WHERE id = 'C7'")).isEqualTo("{\"size\":\"s\\\"1\"}");
    }
  }
}
