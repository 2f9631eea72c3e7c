package dev.holdfast.trend;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Analyses a metric series for a trend, seasonality and spikes, the facts behind "is it seasonal or persistent?".
 *
 * <p>Order: seasonality is tested first on the whole series; when it is significant, each season's typical
 * deviation is taken off the values before the Mann–Kendall test and Sen's slope, and each period's spike score
 * compares it with the same season of the other years, so that a normal December neither makes a trend nor
 * counts as a spike.
 *
 * <pre>{@code
 * MetricSeries churn = new MetricSeries(new Metric("monthly churn", MetricUnit.PERCENT), PeriodLength.MONTH,
 *     LocalDate.of(2023, 1, 1), values);
 * TrendReport report = TrendAnalysis.analyze(churn, TrendOptions.defaults().withTrendPeriods(6));
 * String text = report.summary(Locale.ENGLISH);
 * }</pre>
 */
public final class TrendAnalysis {
  private TrendAnalysis() {}

  public static TrendReport analyze(MetricSeries series) {
    return analyze(series, TrendOptions.defaults());
  }

  public static TrendReport analyze(MetricSeries series, TrendOptions options) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(options, "options");
    int present = series.present();
    if (present < TrendOptions.MIN_TREND_VALUES) {
      // no test can run: seasons need at least 2 × 4 values and spike scores 1 + 6
      Seasonality seasonality = SeasonalPattern.untestable(series).orElseThrow();
      return new TrendReport(series, options, new Trend.NotEnoughHistory(present, TrendOptions.MIN_TREND_VALUES), seasonality, List.of());
    }
    SenSlope line = SenSlope.estimate(series.values(), options.confidenceLevel());
    Seasonality seasonality = SeasonalPattern.assess(series, line, options.significanceLevel());
    double[] expected = SeasonalPattern.expectations(series, seasonality);
    boolean adjusted = Arrays.stream(expected).anyMatch(value -> value != 0);
    double[] values = series.values();
    for (int i = 0; i < values.length; i++) {
      values[i] -= expected[i];
    }
    Trend trend = trend(series, values, adjusted, options);
    List<Spike> spikes = SpikeDetector.find(series, line, seasonality, options);
    return new TrendReport(series, options, trend, seasonality, spikes);
  }

  private static Trend trend(MetricSeries series, double[] values, boolean adjusted, TrendOptions options) {
    int periods = Math.min(options.trendPeriods(), values.length);
    int first = values.length - periods;
    double[] window = Arrays.copyOfRange(values, first, values.length);
    int present = (int) Arrays.stream(window).filter(value -> !Double.isNaN(value)).count();
    if (present < TrendOptions.MIN_TREND_VALUES) {
      return new Trend.NotEnoughHistory(present, TrendOptions.MIN_TREND_VALUES);
    }
    MannKendall test = MannKendall.test(window);
    SenSlope slope = SenSlope.estimate(window, options.confidenceLevel());
    return new Trend.Tested(
        series.periodStart(first),
        series.periodStart(values.length - 1),
        periods,
        test,
        slope,
        slope.at(0),
        slope.at(periods - 1),
        adjusted,
        test.pValue() < options.significanceLevel());
  }
}
