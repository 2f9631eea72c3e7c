package dev.holdfast.trend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The seasonal effects of a series: its values less Sen's line, grouped by season and tested across seasons.
 *
 * <p>residual_i = x_i − (a + b·i) with Sen's slope b and intercept a over the whole series; the seasons'
 * residuals go to {@link KruskalWallis} and, each season against the others, to {@link RankSum}; see
 * {@link Seasonality.Tested} for how the two p-values are joined. Every season needs at least
 * {@value #CYCLES_NEEDED} values (two full years of a monthly series); Sen's line, unlike a centred 2×12 moving
 * average, loses no period at either end.
 */
final class SeasonalPattern {
  static final int CYCLES_NEEDED = 2;

  private SeasonalPattern() {}

  static Seasonality assess(MetricSeries series, SenSlope line, double significanceLevel) {
    return untestable(series).orElseGet(() -> test(series, line, significanceLevel));
  }

  /** Why the series' seasons cannot be tested, if they cannot: no seasons, or too few values in one. */
  static Optional<Seasonality> untestable(MetricSeries series) {
    int seasons = series.length().seasonsPerCycle();
    if (seasons == 0) {
      return Optional.of(new Seasonality.NotAssessed(series.length()));
    }
    int[] counts = counts(series);
    for (int season = 1; season <= seasons; season++) {
      if (counts[season] < CYCLES_NEEDED) {
        return Optional.of(new Seasonality.NotEnoughHistory(series.present(), CYCLES_NEEDED));
      }
    }
    return Optional.empty();
  }

  private static Seasonality test(MetricSeries series, SenSlope line, double significanceLevel) {
    int seasons = series.length().seasonsPerCycle();
    double[] values = series.values();
    int[] counts = counts(series);
    double[][] residuals = new double[seasons][];
    for (int season = 1; season <= seasons; season++) {
      residuals[season - 1] = new double[counts[season]];
    }
    int[] filled = new int[seasons + 1];
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        int season = season(series, i);
        residuals[season - 1][filled[season]++] = values[i] - line.at(i);
      }
    }
    KruskalWallis.Result test = KruskalWallis.test(residuals);
    double[] means = Arrays.stream(residuals).mapToDouble(RobustStatistics::mean).toArray();
    double[] medians = Arrays.stream(residuals).mapToDouble(RobustStatistics::median).toArray();
    double meanOfMeans = RobustStatistics.mean(means);
    double meanOfMedians = RobustStatistics.mean(medians);
    List<SeasonEffect> effects = new ArrayList<>(seasons);
    double smallestSeasonP = 1;
    for (int season = 1; season <= seasons; season++) {
      double[] rest = rest(residuals, season - 1);
      double p = Math.min(1, seasons * RankSum.test(residuals[season - 1], rest).pValue());
      smallestSeasonP = Math.min(smallestSeasonP, p);
      effects.add(new SeasonEffect(
          season, counts[season], means[season - 1] - meanOfMeans, medians[season - 1] - meanOfMedians, p));
    }
    double p = Math.min(1, 2 * Math.min(test.pValue(), smallestSeasonP));
    return new Seasonality.Tested(
        test.statistic(), test.degreesOfFreedom(), test.pValue(), p, p < significanceLevel, effects);
  }

  /** Each period's typical seasonal deviation when seasonality is significant, otherwise zeros. */
  static double[] expectations(MetricSeries series, Seasonality seasonality) {
    double[] expected = new double[series.size()];
    if (seasonality instanceof Seasonality.Tested tested && tested.significant()) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] = tested.effects().get(season(series, i) - 1).medianDeviation();
      }
    }
    return expected;
  }

  private static double[] rest(double[][] residuals, int left) {
    return IntStream.range(0, residuals.length)
        .filter(group -> group != left)
        .mapToObj(group -> residuals[group])
        .flatMapToDouble(Arrays::stream)
        .toArray();
  }

  private static int[] counts(MetricSeries series) {
    int[] counts = new int[series.length().seasonsPerCycle() + 1];
    for (int i = 0; i < series.size(); i++) {
      if (!Double.isNaN(series.value(i))) {
        counts[season(series, i)]++;
      }
    }
    return counts;
  }

  private static int season(MetricSeries series, int index) {
    return series.length().season(series.periodStart(index));
  }
}
