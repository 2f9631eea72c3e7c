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
}
