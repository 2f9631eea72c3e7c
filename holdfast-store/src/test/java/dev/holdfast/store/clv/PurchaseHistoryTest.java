package dev.holdfast.store.clv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import dev.holdfast.store.ingest.ExampleMappingsTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLV summary built from raw transactions through the import path, against the summaries shipped with CDNOW. */
class PurchaseHistoryTest {
  @TempDir Path folder;

  @Test
  void cdnowSample_summaryEqualsThePublishedOneForAll2357Customers() throws IOException {
    Path sample = ExampleMappingsTest.dataFile("cdnow/CDNOW_sample.txt");
    HoldfastConfig config = TestStores.config(folder.resolve("cdnow.duckdb"));
    try (DuckDbStore store = DuckDbStore.open(config)) {
      ExampleMappingsTest.importWith(store, "cdnow", sample, "sample.yaml");
      PurchaseHistory.Summary summary = new PurchaseHistory(store).summarize(LocalDate.of(1997, 9, 30), LocalDate.of(1998, 6, 30), 7, "USD");

      assertThat(summary.size()).isEqualTo(2357);
      List<String> built = new ArrayList<>();
      for (int i = 0; i < summary.size(); i++) {
        built.add(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f", summary.customerIds()[i], (long) summary.frequency()[i], summary.recency()[i],
            summary.age()[i], summary.meanRepeatSpend()[i]));
      }
      List<String> published = Files.readAllLines(sample.resolveSibling("cdnow_customers_summary_with_transactions.csv")).stream().skip(1)
          .map(line -> {
            String[] cells = line.split(",");
            return String.format(Locale.ROOT, "%s,%s,%.2f,%.2f,%.2f", cells[0], cells[1], Double.parseDouble(cells[2]), Double.parseDouble(cells[3]),
                Double.parseDouble(cells[4]));
          })
          .toList();
      assertThat(built.stream().sorted().toList()).isEqualTo(published.stream().sorted().toList());
      assertThat(Arrays.stream(summary.frequency()).sum()).isEqualTo(2457.0);
      assertThat(Arrays.stream(summary.frequency()).filter(x -> x > 0).count()).isEqualTo(946);
      // repeat purchase days in the 39-week holdout (1997-10-01 to 1998-06-30)
      assertThat(Arrays.stream(summary.holdout()).sum()).isEqualTo(1882.0);
    }
  }

  /**
   * Ten buyers whose recency and frequency rank them exactly: customer k (1..10) last bought k days before
   * 2025-01-31 and bought on (11 − k) days, 10 each. Quintiles of 10 customers are pairs.
   */
  @Test
  void rfm_scoresByQuintileAndNamesTheSegment() {
    HoldfastConfig config = TestStores.config(folder.resolve("rfm.duckdb"));
    try (DuckDbStore store = DuckDbStore.open(config)) {
      TestStores.execute(store, "INSERT INTO customers (id, created) SELECT 'c' || lpad(CAST(k AS VARCHAR), 2, '0'), TIMESTAMPTZ '2024-01-01 00:00:00+00'"
          + " FROM range(1, 11) t(k)");
      TestStores.execute(store, "INSERT INTO orders SELECT 'o' || k || '-' || j, 'c' || lpad(CAST(k AS VARCHAR), 2, '0'),"
          + " TIMESTAMPTZ '2025-01-31 12:00:00+00' - to_days(CAST(k + 3 * j AS INTEGER)), 10 * k, 'USD', 'completed'"
          + " FROM range(1, 11) t(k), range(0, 11) u(j) WHERE j < 11 - k");
      List<PurchaseHistory.Rfm> scores = new PurchaseHistory(store).rfm(LocalDate.of(2025, 1, 31), "USD");

      assertThat(scores).extracting(PurchaseHistory.Rfm::customerId, PurchaseHistory.Rfm::recencyDays, PurchaseHistory.Rfm::purchaseDays,
              PurchaseHistory.Rfm::recency, PurchaseHistory.Rfm::frequency, PurchaseHistory.Rfm::segment)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("c01", 1L, 10L, 5, 5, "champions"),
              org.assertj.core.groups.Tuple.tuple("c02", 2L, 9L, 5, 5, "champions"),
              org.assertj.core.groups.Tuple.tuple("c03", 3L, 8L, 4, 4, "champions"),
              org.assertj.core.groups.Tuple.tuple("c04", 4L, 7L, 4, 4, "champions"),
              org.assertj.core.groups.Tuple.tuple("c05", 5L, 6L, 3, 3, "loyal"),
              org.assertj.core.groups.Tuple.tuple("c06", 6L, 5L, 3, 3, "loyal"),
              org.assertj.core.groups.Tuple.tuple("c07", 7L, 4L, 2, 2, "hibernating"),
              org.assertj.core.groups.Tuple.tuple("c08", 8L, 3L, 2, 2, "hibernating"),
              org.assertj.core.groups.Tuple.tuple("c09", 9L, 2L, 1, 1, "lost"),
              org.assertj.core.groups.Tuple.tuple("c10", 10L, 1L, 1, 1, "lost"));
      // customer k spent 10 k on each of its 11 − k days: 10 k (11 − k)
      assertThat(scores.get(4).monetary()).isEqualTo(300.0);
    }
  }
}
