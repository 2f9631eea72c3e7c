package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MetricSeriesTest {
  private static final Metric CHURN = new Metric("monthly churn", MetricUnit.PERCENT);

  @Test
  void constructor_rejectsAMonthThatDoesNotStartOnItsFirstDay() {
    assertThatThrownBy(() -> new MetricSeries(CHURN, PeriodLength.MONTH, LocalDate.of(2025, 3, 15), new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstPeriod: a month starts on its first day, not on 2025-03-15; give 2025-03-01");
  }

  @Test
  void constructor_rejectsAQuarterThatDoesNotStartACalendarQuarter() {
    assertThatThrownBy(() -> new MetricSeries(CHURN, PeriodLength.QUARTER, LocalDate.of(2025, 5, 1), new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstPeriod: a quarter starts on 1 January, April, July or October, not on 2025-05-01; give 2025-04-01");
  }

  @Test
  void constructor_rejectsInfiniteValues_andSaysHowToMarkAMissingPeriod() {
    assertThatThrownBy(() -> new MetricSeries(CHURN, PeriodLength.MONTH, LocalDate.of(2025, 1, 1), new double[] {1, Double.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values[1] is Infinity; give NaN for a missing period");
  }

  @Test
  void constructor_rejectsASeriesWithoutValues() {
    assertThatThrownBy(() -> new MetricSeries(CHURN, PeriodLength.DAY, LocalDate.of(2025, 1, 1), new double[] {Double.NaN, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the series has no values: all 2 periods are missing (NaN)");
  }

  @Test
  void constructor_rejectsMoreThan5000Periods() {
    assertThatThrownBy(() -> new MetricSeries(CHURN, PeriodLength.DAY, LocalDate.of(2025, 1, 1), new double[5001]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a series holds at most 5000 periods, not 5001; aggregate to a longer period length");
  }

  @Test
  void values_areCopied_soTheCallerCannotChangeTheSeries() {
    double[] values = {1, 2, 3};
    MetricSeries series = new MetricSeries(CHURN, PeriodLength.YEAR, LocalDate.of(2020, 1, 1), values);
    values[0] = 99;
    series.values()[1] = 99;

    assertThat(series.values()).containsExactly(1, 2, 3);
    assertThat(series).isEqualTo(new MetricSeries(CHURN, PeriodLength.YEAR, LocalDate.of(2020, 1, 1), new double[] {1, 2, 3}));
  }

  @Test
  void options_rejectATrendOverFewerThanFivePeriods() {
    assertThatThrownBy(() -> TrendOptions.defaults().withTrendPeriods(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trendPeriods must be at least 5: 4");
  }

  @Test
  void band_rejectsLowAboveHigh() {
    assertThatThrownBy(() -> new IndustryBand("churn", 5, 3, "survey"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("band needs finite low <= high: low=5.0, high=3.0");
  }
}
