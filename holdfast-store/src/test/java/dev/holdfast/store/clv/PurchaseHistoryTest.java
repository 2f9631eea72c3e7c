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

      // Customer k spent 10 k on each of its 11 − k days: 10 k (11 − k) = 100, 180, 240, 280, 300, 300, 280, 240,
      // 180, 100. Equal spends score alike: c01 c10 | c02 c09 | c03 c08 | c04 c07 | c05 c06, so M is 1..5 by pair
      // (c05 and c06 beat 8 of 10: 1 + ⌊5 · 8 / 10⌋ = 5).
      assertThat(scores).extracting(PurchaseHistory.Rfm::customerId, PurchaseHistory.Rfm::recencyDays, PurchaseHistory.Rfm::purchaseDays,
              PurchaseHistory.Rfm::monetary, PurchaseHistory.Rfm::recency, PurchaseHistory.Rfm::frequency,
              PurchaseHistory.Rfm::monetaryScore, PurchaseHistory.Rfm::segment)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("c01", 1L, 10L, 100.0, 5, 5, 1, "champions"),
              org.assertj.core.groups.Tuple.tuple("c02", 2L, 9L, 180.0, 5, 5, 2, "champions"),
              org.assertj.core.groups.Tuple.tuple("c03", 3L, 8L, 240.0, 4, 4, 3, "champions"),
              org.assertj.core.groups.Tuple.tuple("c04", 4L, 7L, 280.0, 4, 4, 4, "champions"),
              org.assertj.core.groups.Tuple.tuple("c05", 5L, 6L, 300.0, 3, 3, 5, "loyal"),
              org.assertj.core.groups.Tuple.tuple("c06", 6L, 5L, 300.0, 3, 3, 5, "loyal"),
              org.assertj.core.groups.Tuple.tuple("c07", 7L, 4L, 280.0, 2, 2, 4, "hibernating"),
              org.assertj.core.groups.Tuple.tuple("c08", 8L, 3L, 240.0, 2, 2, 3, "hibernating"),
              org.assertj.core.groups.Tuple.tuple("c09", 9L, 2L, 180.0, 1, 1, 2, "lost"),
              org.assertj.core.groups.Tuple.tuple("c10", 10L, 1L, 100.0, 1, 1, 1, "lost"));
    }
  }

  /**
   * Equal histories score alike, however many share them: seven of ten buyers bought on one day only, so all seven
   * have F = 1 (they beat nobody) and the three who bought on five days beat seven, 1 + ⌊5 · 7 / 10⌋ = 4. By recency
   * the three last seen 30 days ago beat nobody (R = 1), the three seen 10 days ago beat three (R = 2) and the four
   * seen yesterday beat six (R = 4).
   */
  @Test
  void rfm_givesEqualHistoriesEqualScores() {
    HoldfastConfig config = TestStores.config(folder.resolve("ties.duckdb"));
    try (DuckDbStore store = DuckDbStore.open(config)) {
      List<PurchaseHistory.Rfm> scores = rfmOf(store, "('a1', 1, 1), ('a2', 1, 1), ('a3', 1, 1), ('a4', 1, 1), ('b1', 30, 1), ('b2', 30, 1),"
          + " ('b3', 30, 1), ('c1', 10, 5), ('c2', 10, 5), ('c3', 10, 5)");

      assertThat(scores).extracting(PurchaseHistory.Rfm::customerId, PurchaseHistory.Rfm::recency, PurchaseHistory.Rfm::frequency,
              PurchaseHistory.Rfm::monetaryScore, PurchaseHistory.Rfm::segment)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a1", 4, 1, 1, "promising"),
              org.assertj.core.groups.Tuple.tuple("a2", 4, 1, 1, "promising"),
              org.assertj.core.groups.Tuple.tuple("a3", 4, 1, 1, "promising"),
              org.assertj.core.groups.Tuple.tuple("a4", 4, 1, 1, "promising"),
              org.assertj.core.groups.Tuple.tuple("b1", 1, 1, 1, "lost"),
              org.assertj.core.groups.Tuple.tuple("b2", 1, 1, 1, "lost"),
              org.assertj.core.groups.Tuple.tuple("b3", 1, 1, 1, "lost"),
              org.assertj.core.groups.Tuple.tuple("c1", 2, 4, 4, "at_risk"),
              org.assertj.core.groups.Tuple.tuple("c2", 2, 4, 4, "at_risk"),
              org.assertj.core.groups.Tuple.tuple("c3", 2, 4, 4, "at_risk"));
    }
  }

  /**
   * Fifteen buyers placed on the RF grid so that every other segment appears: customer rRfF gets recency score R and
   * frequency score F. Quintiles of 15 customers are triples; recency days 1–3 score R = 5, 4–6 R = 4, … 13–15 R = 1,
   * and 1–3 purchase days score F = 1, 4–6 F = 2, … 13–15 F = 5 (each customer buys on consecutive days, 10 a day,
   * so M equals F). The segments follow the CASE in history.sql, first match wins: (4, 2) and (5, 2) are potential
   * loyalists, (3, 3) is loyal, r ≤ 2 with f = 5 cannot be lost, with f = 3 or 4 is at risk.
   */
  @Test
  void rfm_namesEverySegmentOfTheGrid() {
    HoldfastConfig config = TestStores.config(folder.resolve("grid.duckdb"));
    try (DuckDbStore store = DuckDbStore.open(config)) {
      List<PurchaseHistory.Rfm> scores = rfmOf(store, "('r1f3', 13, 7), ('r1f4', 14, 10), ('r1f5', 15, 13),"
          + " ('r2f3', 10, 8), ('r2f4', 11, 11), ('r2f5', 12, 14), ('r3f1', 7, 1), ('r3f2', 8, 4), ('r3f3', 9, 9),"
          + " ('r4f1', 4, 2), ('r4f2', 5, 5), ('r4f4', 6, 12), ('r5f1', 1, 3), ('r5f2', 2, 6), ('r5f5', 3, 15)");

      assertThat(scores).extracting(PurchaseHistory.Rfm::customerId, PurchaseHistory.Rfm::recencyDays, PurchaseHistory.Rfm::purchaseDays,
              PurchaseHistory.Rfm::recency, PurchaseHistory.Rfm::frequency, PurchaseHistory.Rfm::monetaryScore,
              PurchaseHistory.Rfm::segment)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("r1f3", 13L, 7L, 1, 3, 3, "at_risk"),
              org.assertj.core.groups.Tuple.tuple("r1f4", 14L, 10L, 1, 4, 4, "at_risk"),
              org.assertj.core.groups.Tuple.tuple("r1f5", 15L, 13L, 1, 5, 5, "cannot_lose"),
              org.assertj.core.groups.Tuple.tuple("r2f3", 10L, 8L, 2, 3, 3, "at_risk"),
              org.assertj.core.groups.Tuple.tuple("r2f4", 11L, 11L, 2, 4, 4, "at_risk"),
              org.assertj.core.groups.Tuple.tuple("r2f5", 12L, 14L, 2, 5, 5, "cannot_lose"),
              org.assertj.core.groups.Tuple.tuple("r3f1", 7L, 1L, 3, 1, 1, "about_to_sleep"),
              org.assertj.core.groups.Tuple.tuple("r3f2", 8L, 4L, 3, 2, 2, "need_attention"),
              org.assertj.core.groups.Tuple.tuple("r3f3", 9L, 9L, 3, 3, 3, "loyal"),
              org.assertj.core.groups.Tuple.tuple("r4f1", 4L, 2L, 4, 1, 1, "promising"),
              org.assertj.core.groups.Tuple.tuple("r4f2", 5L, 5L, 4, 2, 2, "potential_loyalists"),
              org.assertj.core.groups.Tuple.tuple("r4f4", 6L, 12L, 4, 4, 4, "champions"),
              org.assertj.core.groups.Tuple.tuple("r5f1", 1L, 3L, 5, 1, 1, "new"),
              org.assertj.core.groups.Tuple.tuple("r5f2", 2L, 6L, 5, 2, 2, "potential_loyalists"),
              org.assertj.core.groups.Tuple.tuple("r5f5", 3L, 15L, 5, 5, 5, "champions"));
    }
  }

  /**
   * The RFM scores on 2025-01-31 of buyers given as SQL rows (id, days since the last purchase, purchase days): each buys
   * 10 on consecutive days up to its last.
   */
  private static List<PurchaseHistory.Rfm> rfmOf(DuckDbStore store, String buyers) {
    TestStores.execute(store, "CREATE TEMP TABLE buyers (id VARCHAR, recency_days INTEGER, purchase_days INTEGER)");
    TestStores.execute(store, "INSERT INTO buyers VALUES " + buyers);
    TestStores.execute(store, "INSERT INTO customers (id, created) SELECT id, TIMESTAMPTZ '2024-01-01 00:00:00+00' FROM buyers");
    TestStores.execute(store, "INSERT INTO orders SELECT 'o-' || id || '-' || j, id,"
        + " TIMESTAMPTZ '2025-01-31 12:00:00+00' - to_days(CAST(recency_days + j AS INTEGER)), 10, 'USD', 'completed'"
        + " FROM buyers, range(0, 100) u(j) WHERE j < purchase_days");
    return new PurchaseHistory(store).rfm(LocalDate.of(2025, 1, 31), "USD");
  }
}
