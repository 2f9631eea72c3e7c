package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.trend.IndustryBand;
import dev.holdfast.trend.Metric;
import dev.holdfast.trend.MetricSeries;
import dev.holdfast.trend.PeriodLength;
import dev.holdfast.trend.TrendAnalysis;
import dev.holdfast.trend.TrendOptions;
import dev.holdfast.trend.TrendReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast trends}: each metric as a series, in sentences: trend and its significance, seasonality, spikes. */
@Command(name = "trends", mixinStandardHelpOptions = true, sortOptions = false)
final class TrendsCommand extends PeriodCommand {


  @Option(names = "--metric", paramLabel = "FIELD", split = ",", defaultValue = "churn_rate,mrr_end,net_revenue_retention,nps",
      descriptionKey = "trends.metric")
  List<String> fields;

  @Option(names = "--last", paramLabel = "N", defaultValue = "6", descriptionKey = "trends.last")
  int last;

  @Option(names = "--band", paramLabel = "FIELD:LOW:HIGH:SOURCE", descriptionKey = "trends.band")
  List<String> bands = new ArrayList<>();


  /** A metric's name for sentences: its translation, or its field name where there is none. */
  private static String name(String field, Messages messages) {
    return messages.has("metrics.name." + field) ? messages.get("metrics.name." + field) : field;
  }

  TrendsCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  int defaultPeriods() {
    return 36;
  }

  @Override
  void check() {
    if (last < 5) {
      throw new InputException(messages.get("cli.trends.last", last));
    }
  }

  @Override
  int run() {
    Map<String, IndustryBand> industry = new LinkedHashMap<>();
    for (HoldfastConfig.IndustryBand band : config.industryBands()) {
      industry.put(band.field(), new IndustryBand(name(band.field(), messages), band.low(), band.high(), band.source()));
    }
    for (String band : bands) {
      String[] parts = band.split(":", 4);
      double low;
      double high;
      try {
        low = Double.parseDouble(parts[1]);
        high = Double.parseDouble(parts[2]);
      } catch (RuntimeException e) {
        throw new InputException(messages.get("cli.trends.bad_band", band));
      }
      if (low > high) {
        throw new InputException(messages.get("cli.trends.band_reversed", band, parts[1], parts[2]));
      }
      try {
        industry.put(parts[0], new IndustryBand(name(parts[0], messages), low, high, parts[3]));
      } catch (RuntimeException e) {
        throw new InputException(messages.get("cli.trends.bad_band", band));
      }
    }
    List<PeriodMetrics> periods = metrics.compute(query);
    if (!periods.isEmpty()) {
      // a band for a field that is no metric would be silently left out of every sentence
      List<String> measures = periods.get(0).fields().keySet().stream().filter(name -> !PeriodMetrics.DESCRIPTIVE.contains(name)).toList();
      for (String band : bands) {
        String field = band.split(":", 2)[0];
        if (!measures.contains(field)) {
          throw new InputException(messages.get("cli.trends.band_unknown_metric", band, field, String.join(", ", measures)));
        }
      }
      for (HoldfastConfig.IndustryBand band : config.industryBands()) {
        if (!measures.contains(band.field())) {
          throw new InputException(messages.get("cli.trends.config_band_unknown_metric", band.field(), String.join(", ", measures)));
        }
      }
    }
    Map<String, List<PeriodMetrics>> bySegment = new TreeMap<>();
    periods.stream().filter(period -> !period.partial()).forEach(period -> bySegment.computeIfAbsent(period.segment(), key -> new ArrayList<>()).add(period));
    List<List<Object>> rows = new ArrayList<>();
    for (Map.Entry<String, List<PeriodMetrics>> segment : bySegment.entrySet()) {
      List<PeriodMetrics> series = segment.getValue();
      for (String field : fields) {
        // the fields that describe the period rather than measure it are no metrics
        List<String> measures = series.get(0).fields().keySet().stream().filter(name -> !PeriodMetrics.DESCRIPTIVE.contains(name)).toList();
        if (!measures.contains(field)) {
          throw new InputException(messages.get("cli.trends.unknown_metric", field, String.join(", ", measures)));
        }
        double[] values = series.stream().mapToDouble(period -> period.fields().get(field) instanceof Number number ? number.doubleValue() : Double.NaN)
            .toArray();
        // a metric the data cannot give (NPS without answers, MRR where no subscription ran): said, not analysed
        if (PeriodMetrics.givesNoValue(field, series)) {
          rows.add(List.of(segment(segment.getKey()), field, messages.get("cli.trends.no_values", name(field, messages), values.length)));
          continue;
        }
        Metric metric = PeriodMetrics.metric(field, name(field, messages));
        MetricSeries metricSeries = new MetricSeries(metric, PeriodLength.valueOf(query.period().name()), series.get(0).start(), values);
        TrendReport report = TrendAnalysis.analyze(metricSeries, TrendOptions.defaults().withTrendPeriods(last));
        String text = industry.containsKey(field) ? report.summary(messages.locale(), industry.get(field)) : report.summary(messages.locale());
        rows.add(List.of(segment(segment.getKey()), field, text));
      }
    }
    if (output == OutputFormat.TABLE) {
      out.println(messages.get("cli.trends.header", messages.get("period.name." + query.period().code()), query.asOf(), MetricsCommand.describe(query, messages)));
      for (List<Object> row : rows) {
        out.println((query.by() == null ? "" : row.get(0) + ": ") + row.get(2));
      }
      return 0;
    }
    Tables.print(out, output, messages.locale(), List.of("segment", "metric", "summary"), rows);
    return 0;
  }
}
