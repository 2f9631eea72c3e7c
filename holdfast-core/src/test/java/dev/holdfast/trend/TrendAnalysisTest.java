package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The analysis end to end: reference values from src/test/resources/trend/reference.R, and simulations with
 * known parameters from seeded random numbers.
 */
class TrendAnalysisTest {
  private static final Metric CHURN = new Metric("monthly churn", MetricUnit.PERCENT);
  private static final LocalDate JANUARY_2022 = LocalDate.of(2022, 1, 1);

  @Test
  void analyze_matchesR_onASeasonalSeries() {
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, ReferenceSeries.SEASONAL));

    Seasonality.Tested seasonality = (Seasonality.Tested) report.seasonality();
    assertThat(seasonality.statistic()).isCloseTo(17.8168168168168, within(1e-10));
    assertThat(seasonality.degreesOfFreedom()).isEqualTo(11);
    assertThat(seasonality.kruskalWallisPValue()).isCloseTo(0.0859295984015784, within(1e-12));
    assertThat(seasonality.pValue()).isCloseTo(0.00672268907563025, within(1e-12));
    assertThat(seasonality.significant()).isTrue();
    SeasonEffect december = seasonality.effects().get(11);
    assertThat(december.meanDeviation()).isCloseTo(1.7274784482758618, within(1e-12));
    assertThat(december.pValue()).isCloseTo(0.00336134453781513, within(1e-12));
    assertThat(seasonality.effects().get(6).meanDeviation()).isCloseTo(-0.5020474137931037, within(1e-12));
    assertThat(seasonality.effects().get(6).pValue()).isCloseTo(0.58487394957983208, within(1e-12));

    Trend.Tested trend = (Trend.Tested) report.trend();
    assertThat(trend.seasonallyAdjusted()).isTrue();
    assertThat(trend.test().s()).isEqualTo(291);
    assertThat(trend.test().z()).isCloseTo(3.95042577409357, within(1e-12));
    assertThat(trend.slope().slope()).isCloseTo(0.0207614942528735, within(1e-12));
    assertThat(trend.slope().lower()).isCloseTo(0.0137417898193762, within(1e-12));
    assertThat(trend.slope().upper()).isCloseTo(0.0239403735632183, within(1e-12));
    assertThat(trend.startLevel()).isCloseTo(4.0828663793103459, within(1e-12));
    assertThat(report.spikes()).isEmpty();
  }

  @Test
  void analyze_matchesR_onTheSpikeAndTheLatestSixMonths() {
    TrendReport report = TrendAnalysis.analyze(
        new MetricSeries(CHURN, PeriodLength.MONTH, LocalDate.of(2024, 1, 1), ReferenceSeries.SPIKED),
        TrendOptions.defaults().withTrendPeriods(6));

    assertThat(report.spikes()).singleElement().satisfies(spike -> {
      assertThat(spike.period()).isEqualTo(LocalDate.of(2025, 2, 1));
      assertThat(spike.value()).isEqualTo(8.9);
      assertThat(spike.deviation()).isCloseTo(3.0, within(1e-12));
      assertThat(spike.expected()).isCloseTo(5.9, within(1e-12));
      assertThat(spike.robustZ()).isCloseTo(10.1173613921489, within(1e-10));
    });
    Trend.Tested trend = (Trend.Tested) report.trend();
    assertThat(trend.from()).isEqualTo(LocalDate.of(2024, 10, 1));
    assertThat(trend.to()).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(trend.test().pValue()).isCloseTo(0.0241705471745452, within(1e-12));
    assertThat(trend.slope().slope()).isCloseTo(0.366666666666667, within(1e-12));
    assertThat(trend.startLevel()).isCloseTo(4.883333333333333, within(1e-12));
    assertThat(trend.endLevel()).isCloseTo(4.883333333333333 + 5 * 0.366666666666667, within(1e-12));
    assertThat(trend.significant()).isTrue();
    assertThat(report.seasonality()).isEqualTo(new Seasonality.NotEnoughHistory(15, 2));
  }

  @Test
  void linearTrendWithNoise_isSignificant_andSensSlopeIsNearTheTrueSlope() {
    double[] values = monthly(new SplittableRandom(11), 60, 3.0, 0.05, 0.3, 0);

    Trend.Tested trend = (Trend.Tested) TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values)).trend();

    assertThat(trend.significant()).isTrue();
    assertThat(trend.test().pValue()).isLessThan(0.001);
    assertThat(trend.slope().slope()).isCloseTo(0.05, within(0.01));
    assertThat(trend.slope().lower()).isLessThan(0.05);
    assertThat(trend.slope().upper()).isGreaterThan(0.05);
  }

  @Test
  void pureNoise_hasNoSignificantTrend() {
    double[] values = monthly(new SplittableRandom(12), 60, 3.0, 0, 0.3, 0);

    Trend.Tested trend = (Trend.Tested) TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values)).trend();

    assertThat(trend.significant()).isFalse();
    assertThat(trend.test().pValue()).isGreaterThan(0.05);
  }

  @Test
  void pureNoise_raisesFalseTrendsAndSeasonsAboutAsOftenAsTheSignificanceLevel() {
    SplittableRandom random = new SplittableRandom(13);
    int trials = 200;
    int trends = 0;
    int seasons = 0;
    for (int trial = 0; trial < trials; trial++) {
      TrendReport report = TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, monthly(random, 48, 3.0, 0, 0.3, 0)));
      trends += ((Trend.Tested) report.trend()).significant() ? 1 : 0;
      seasons += ((Seasonality.Tested) report.seasonality()).significant() ? 1 : 0;
    }

    assertThat(trends / (double) trials).isLessThan(0.10);
    assertThat(seasons / (double) trials).isLessThan(0.10);
  }

  @Test
  void plantedDecemberBump_isFoundAsSeasonal_withAboutItsSize() {
    double bump = 1.5;
    double[] values = monthly(new SplittableRandom(14), 48, 4.0, 0.02, 0.25, bump);

    Seasonality.Tested seasonality = (Seasonality.Tested) TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values)).seasonality();

    assertThat(seasonality.significant()).isTrue();
    SeasonEffect december = seasonality.effects().get(Month.DECEMBER.getValue() - 1);
    // above the average of all twelve months, December included: 11/12 of the bump
    assertThat(december.meanDeviation()).isCloseTo(bump * 11 / 12, within(0.25));
    assertThat(december.pValue()).isLessThan(0.05);
    assertThat(seasonality.effects()).filteredOn(effect -> effect.season() != 12).allSatisfy(effect -> {
      assertThat(effect.pValue()).isGreaterThan(0.05);
      assertThat(Math.abs(effect.meanDeviation())).isLessThan(0.4);
    });
  }

  @Test
  void plantedSpike_isFound_andANormalDecemberIsNot() {
    double[] values = monthly(new SplittableRandom(15), 48, 4.0, 0.02, 0.25, 1.5);
    int march2024 = 26;
    values[march2024] += 2.0;

    TrendReport report = TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values));

    assertThat(((Seasonality.Tested) report.seasonality()).significant()).isTrue();
    assertThat(report.spikes()).anySatisfy(spike -> {
      assertThat(spike.period()).isEqualTo(LocalDate.of(2024, 3, 1));
      assertThat(spike.deviation()).isCloseTo(2.0, within(0.5));
    });
    assertThat(report.spikes()).noneMatch(spike -> spike.period().getMonth() == Month.DECEMBER);
  }

  @Test
  void decemberBump_isReportedAsSpikes_whenTheHistoryIsTooShortToCallItSeasonal() {
    double[] values = monthly(new SplittableRandom(16), 23, 4.0, 0, 0.1, 2.0);

    TrendReport report = TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values));

    assertThat(report.seasonality()).isEqualTo(new Seasonality.NotEnoughHistory(23, 2));
    assertThat(report.spikes()).extracting(Spike::period).contains(LocalDate.of(2022, 12, 1));
  }

  @Test
  void dailySeries_findsTheWeekendDip() {
    SplittableRandom random = new SplittableRandom(17);
    LocalDate monday = LocalDate.of(2025, 3, 3);
    double[] values = new double[8 * 7];
    for (int i = 0; i < values.length; i++) {
      DayOfWeek day = monday.plusDays(i).getDayOfWeek();
      values[i] = 500 + (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? -120 : 0) + 15 * random.nextGaussian();
    }

    Seasonality.Tested seasonality = (Seasonality.Tested) TrendAnalysis.analyze(
        new MetricSeries(new Metric("signups", MetricUnit.COUNT), PeriodLength.DAY, monday, values)).seasonality();

    assertThat(seasonality.significant()).isTrue();
    assertThat(seasonality.effects()).hasSize(7);
    assertThat(seasonality.effects().get(5).meanDeviation()).isCloseTo(-120 * 5 / 7.0, within(25.0));
    assertThat(seasonality.effects().get(6).meanDeviation()).isCloseTo(-120 * 5 / 7.0, within(25.0));
  }

  @Test
  void weeklySeries_isNotAssessedForSeasonality() {
    double[] values = monthly(new SplittableRandom(18), 30, 100, 0, 5, 0);

    TrendReport report = TrendAnalysis.analyze(new MetricSeries(new Metric("orders", MetricUnit.COUNT), PeriodLength.WEEK, LocalDate.of(2025, 1, 6), values));

    assertThat(report.seasonality()).isEqualTo(new Seasonality.NotAssessed(PeriodLength.WEEK));
  }

  @Test
  void analyze_skipsMissingPeriods() {
    double[] values = monthly(new SplittableRandom(19), 36, 3.0, 0.05, 0.2, 0);
    values[3] = Double.NaN;
    values[35] = Double.NaN;

    TrendReport report = TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values));

    Trend.Tested trend = (Trend.Tested) report.trend();
    assertThat(trend.test().n()).isEqualTo(34);
    assertThat(trend.periods()).isEqualTo(36);
    assertThat(trend.to()).isEqualTo(LocalDate.of(2024, 12, 1));
    assertThat(trend.slope().slope()).isCloseTo(0.05, within(0.01));
  }

  @Test
  void trend_needsFiveValuesInTheLatestPeriods() {
    double[] values = {4.0, 4.1, Double.NaN, 4.3, 4.4, 4.6};

    TrendReport report = TrendAnalysis.analyze(
        new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, values), TrendOptions.defaults().withTrendPeriods(5));

    assertThat(report.trend()).isEqualTo(new Trend.NotEnoughHistory(4, 5));
  }

  @Test
  void analyze_reportsWhatIsMissing_forASingleValue() {
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(CHURN, PeriodLength.MONTH, JANUARY_2022, new double[] {Double.NaN, 4.2}));

    assertThat(report.trend()).isEqualTo(new Trend.NotEnoughHistory(1, 5));
    assertThat(report.seasonality()).isEqualTo(new Seasonality.NotEnoughHistory(1, 2));
    assertThat(report.spikes()).isEmpty();
  }

  /** level + slope·i + bump in December + N(0, noise²), month i from January. */
  static double[] monthly(SplittableRandom random, int months, double level, double slope, double noise, double decemberBump) {
    double[] values = new double[months];
    for (int i = 0; i < months; i++) {
      values[i] = level + slope * i + (i % 12 == 11 ? decemberBump : 0) + noise * random.nextGaussian();
    }
    return values;
  }
}
