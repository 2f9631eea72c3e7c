package dev.holdfast.bench;

import dev.holdfast.config.ConfigLoader;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.retention.Cohorts;
import dev.holdfast.store.retention.Lifetimes;
import dev.holdfast.store.retention.RetentionMetrics;
import dev.holdfast.survival.KaplanMeier;
import dev.holdfast.survival.LogRank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The metrics benchmark in one process, as the dashboard will run it: 24 months of period metrics, the
 * monthly cohorts, survival by plan with the log-rank test, then drill-downs, on one open store.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * java -cp "holdfast-bench/target/classes:holdfast-app/target/lib/*" dev.holdfast.bench.MetricsBench \
 *     /tmp/holdfast-bench/demo-1000000.duckdb 2024-01-01 2025-12-31
 * </pre>
 */
public final class MetricsBench {
  private MetricsBench() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    LocalDate from = LocalDate.parse(args[1]);
    LocalDate to = LocalDate.parse(args[2]);
    HoldfastConfig config = ConfigLoader.load(null, Map.of(), Map.of("store.path", file.toString()));
    Messages messages = Messages.of(Locale.ENGLISH);
    long opened = System.nanoTime();
    try (DuckDbStore store = DuckDbStore.open(config)) {
      report("open the store", opened);
      RetentionMetrics metrics = new RetentionMetrics(store, config, messages, Clock.systemUTC());
      RetentionMetrics.Query months = new RetentionMetrics.Query(Period.MONTH, from, to, to, List.of(), null, config.currency());
      long all = System.nanoTime();
      int periods = time("metrics, " + from + " to " + to, () -> metrics.compute(months).size());
      int cohorts = time("monthly cohorts", () -> new Cohorts(metrics, messages).compute(months).size());
      RetentionMetrics.Query byPlan = new RetentionMetrics.Query(Period.MONTH, LocalDate.of(1900, 1, 1), to, to, List.of(), "plan", config.currency());
      int curves = time("survival by plan + log-rank", () -> {
        Map<String, Lifetimes.Sample> samples = new Lifetimes(metrics).read(byPlan);
        samples.values().forEach(sample -> KaplanMeier.standard().fit(sample.days(), sample.churned()).median());
        int total = samples.values().stream().mapToInt(sample -> sample.days().length).sum();
        double[] days = new double[total];
        boolean[] churned = new boolean[total];
        int[] groups = new int[total];
        int index = 0;
        int group = 0;
        for (Lifetimes.Sample sample : samples.values()) {
          for (int i = 0; i < sample.days().length; i++, index++) {
            days[index] = sample.days()[i];
            churned[index] = sample.churned()[i];
            groups[index] = group;
          }
          group++;
        }
        LogRank.test(days, churned, groups);
        return samples.size();
      });
      report("all three (" + periods + " periods, " + cohorts + " cohorts, " + curves + " curves)", all);
      String june = Period.MONTH.label(to.minusMonths(6).withDayOfMonth(1));
      for (int round = 1; round <= 3; round++) {
        time("drill-down: churned in " + june + " (round " + round + ")", () -> metrics.customers(months, june, null, "churned").size());
      }
      time("drill-down: churned in " + june + ", first 1,000 (a page)", () -> metrics.customers(months, june, null, "churned", 1000).size());
      time("drill-down: active at the end of " + june + ", first 1,000", () -> metrics.customers(months, june, null, "at_end", 1000).size());
      time("drill-down: active at the end of " + june + ", all", () -> metrics.customers(months, june, null, "at_end").size());
    }
  }

  private static int time(String what, Supplier<Integer> work) {
    long start = System.nanoTime();
    int size = work.get();
    report(what + " -> " + size, start);
    return size;
  }

  private static void report(String what, long start) {
    System.out.printf(Locale.ROOT, "%-64s %8.3f s%n", what, (System.nanoTime() - start) / 1e9);
  }
}
