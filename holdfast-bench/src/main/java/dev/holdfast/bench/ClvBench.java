package dev.holdfast.bench;

import dev.holdfast.clv.BgNbdFit;
import dev.holdfast.clv.BgNbdModel;
import dev.holdfast.clv.CustomerValue;
import dev.holdfast.clv.GammaGammaFit;
import dev.holdfast.clv.GammaGammaModel;
import dev.holdfast.config.ConfigLoader;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.clv.PurchaseHistory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * The CLV benchmark: purchase histories of a store, BG/NBD and Gamma-Gamma fits and 12-month CLV
 * predictions for every customer, each step timed.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * bin/holdfast demo --business transactional --customers 1000000 --store /tmp/holdfast-bench/demo-tx-1000000.duckdb
 * java -cp "holdfast-bench/target/classes:holdfast-app/target/lib/*" dev.holdfast.bench.ClvBench \
 *     /tmp/holdfast-bench/demo-tx-1000000.duckdb 2025-12-31
 * </pre>
 */
public final class ClvBench {
  private ClvBench() {}

  public static void main(String[] args) {
    HoldfastConfig config = ConfigLoader.load(null, Map.of(), Map.of("store.path", args[0]));
    LocalDate end = LocalDate.parse(args[1]);
    try (DuckDbStore store = DuckDbStore.open(config)) {
      long start = System.nanoTime();
      PurchaseHistory.Summary summary = new PurchaseHistory(store).summarize(end, end, 7, config.currency());
      start = report("purchase histories of " + summary.size() + " customers (SQL)", start);
      BgNbdFit purchases = BgNbdModel.fit(summary.frequency(), summary.recency(), summary.age());
      start = report("BG/NBD fit (" + purchases.iterations() + " iterations)", start);
      GammaGammaFit spend = GammaGammaModel.fit(summary.frequency(), summary.meanRepeatSpend());
      start = report("Gamma-Gamma fit", start);
      CustomerValue.Prediction[] predictions = new CustomerValue(purchases.model(), spend.model(), 0, 12, 365.25 / 12 / 7, 0.1)
          .predict(summary.frequency(), summary.recency(), summary.age(), summary.meanRepeatSpend());
      report("12-month CLV for " + predictions.length + " customers", start);
    }
  }

  private static long report(String what, long start) {
    long now = System.nanoTime();
    System.out.printf(Locale.ROOT, "%-52s %8.3f s%n", what, (now - start) / 1e9);
    return now;
  }
}
