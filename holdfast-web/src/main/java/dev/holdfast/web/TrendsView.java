package dev.holdfast.web;

import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.trend.Metric;
import dev.holdfast.trend.MetricSeries;
import dev.holdfast.trend.PeriodLength;
import dev.holdfast.trend.SeasonEffect;
import dev.holdfast.trend.Seasonality;
import dev.holdfast.trend.Spike;
import dev.holdfast.trend.Trend;
import dev.holdfast.trend.TrendAnalysis;
import dev.holdfast.trend.TrendOptions;
import dev.holdfast.trend.TrendReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as series with what the core's trend analysis found in them: the trend over the latest
 * {@value #TREND_PERIODS} complete periods (as {@code holdfast trends} by default), seasonality, spikes, and
 * the findings as sentences in the request's language.
 */
final class TrendsView {
  static final int TREND_PERIODS = 6;
  static final List<String> DEFAULT_FIELDS = List.of("churn_rate", "retention_rate", "mrr_end", "net_revenue_retention", "nps");

  private TrendsView() {}

  static Map<String, Object> of(Request request, List<PeriodMetrics> periods, List<String> fields) {
    Messages messages = Messages.of(request.language());
    List<PeriodMetrics> complete = periods.stream().filter(period -> !period.partial()).toList();
    List<Map<String, Object>> series = new ArrayList<>();
    for (String field : fields) {
      series.add(series(request, complete, field, messages));
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    view.put("trend_periods", TREND_PERIODS);
    view.put("metrics", series);
    return view;
  }

  private static Map<String, Object> series(Request request, List<PeriodMetrics> complete, String field, Messages messages) {
    List<String> labels = complete.stream().map(PeriodMetrics::label).toList();
    double[] values = complete.stream()
        .mapToDouble(period -> period.fields().get(field) instanceof Number number ? number.doubleValue() : Double.NaN).toArray();
    String name = messages.has("metrics.name." + field) ? messages.get("metrics.name." + field) : field;
    Metric metric = PeriodMetrics.metric(field, name);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("field", field);
    view.put("unit", metric.unit().name().toLowerCase(java.util.Locale.ROOT));
    view.put("decimals", metric.decimals());
    view.put("labels", labels);
    List<Double> shown = new ArrayList<>();
    for (double value : values) {
      shown.add(Double.isNaN(value) ? null : value);
    }
    view.put("values", shown);
    // no value, or MRR where no subscription ran (a line of zeros made by construction): nothing to analyse
    if (PeriodMetrics.givesNoValue(field, complete)) {
      view.put("analysis", "no_data");
      view.put("sentences", List.of());
      view.put("spikes", List.of());
      return view;
    }
    MetricSeries metricSeries = new MetricSeries(metric, PeriodLength.valueOf(request.period().name()),
        complete.get(0).start(), values);
    TrendReport report = TrendAnalysis.analyze(metricSeries, TrendOptions.defaults().withTrendPeriods(TREND_PERIODS));
    view.put("analysis", "done");
    view.put("sentences", report.sentences(request.language()));
    view.put("trend", trend(request, report.trend(), labels));
    view.put("seasonality", seasonality(report.seasonality()));
    List<Map<String, Object>> spikes = new ArrayList<>();
    for (Spike spike : report.spikes()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("period", request.period().label(spike.period()));
      item.put("value", spike.value());
      item.put("expected", spike.expected());
      item.put("deviation", spike.deviation());
      item.put("robust_z", spike.robustZ());
      spikes.add(item);
    }
    view.put("spikes", spikes);
    return view;
  }

  private static Map<String, Object> trend(Request request, Trend trend, List<String> labels) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (trend instanceof Trend.Tested tested) {
      view.put("kind", "tested");
      view.put("significant", tested.significant());
      view.put("direction", !tested.significant() ? "flat" : tested.test().s() > 0 ? "up" : "down");
      view.put("p_value", tested.test().pValue());
      view.put("slope_per_period", tested.slope().slope());
      view.put("from", request.period().label(tested.from()));
      view.put("to", request.period().label(tested.to()));
      view.put("start_level", tested.startLevel());
      view.put("end_level", tested.endLevel());
      view.put("seasonally_adjusted", tested.seasonallyAdjusted());
      int first = labels.indexOf(request.period().label(tested.from()));
      List<Map<String, Object>> line = new ArrayList<>();
      for (int i = 0; i < tested.periods() && first >= 0 && first + i < labels.size(); i++) {
        double level = tested.periods() == 1 ? tested.startLevel()
            : tested.startLevel() + (tested.endLevel() - tested.startLevel()) * i / (tested.periods() - 1);
        line.add(Map.of("period", labels.get(first + i), "value", level));
      }
      view.put("line", line);
    } else if (trend instanceof Trend.NotEnoughHistory missing) {
      view.put("kind", "not_enough_history");
      view.put("present", missing.valuesPresent());
      view.put("needed", missing.valuesNeeded());
    }
    return view;
  }

  private static Map<String, Object> seasonality(Seasonality seasonality) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (seasonality instanceof Seasonality.Tested tested) {
      view.put("kind", "tested");
      view.put("significant", tested.significant());
      view.put("p_value", tested.pValue());
      List<Map<String, Object>> effects = new ArrayList<>();
      for (SeasonEffect effect : tested.effects()) {
        effects.add(Map.of("season", effect.season(), "deviation", effect.medianDeviation(), "mean_deviation", effect.meanDeviation(),
            "p_value", effect.pValue()));
      }
      view.put("effects", effects);
    } else {
      view.put("kind", seasonality instanceof Seasonality.NotEnoughHistory ? "not_enough_history" : "not_assessed");
    }
    return view;
  }
}
