package dev.holdfast.trend;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One value of a metric per period, for consecutive periods of one length starting on {@code firstPeriod};
 * a missing period is NaN.
 *
 * <p>The pairwise statistics cost O(n²) time and memory, hence the cap of {@value #MAX_PERIODS} periods.
 */
public record MetricSeries(Metric metric, PeriodLength length, LocalDate firstPeriod, double[] values) {
  static final int MAX_PERIODS = 5000;

  public MetricSeries {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(firstPeriod, "firstPeriod");
    Objects.requireNonNull(values, "values");
    String misalignment = length.misalignment(firstPeriod);
    if (misalignment != null) {
      throw new IllegalArgumentException("firstPeriod: " + misalignment);
    }
    if (values.length > MAX_PERIODS) {
      throw new IllegalArgumentException("a series holds at most " + MAX_PERIODS + " periods, not " + values.length
          + "; aggregate to a longer period length");
    }
    values = values.clone();
    int present = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isInfinite(values[i])) {
        throw new IllegalArgumentException("values[" + i + "] is " + values[i] + "; give NaN for a missing period");
      }
      if (!Double.isNaN(values[i])) {
        present++;
      }
    }
    if (present == 0) {
      throw new IllegalArgumentException("the series has no values: all " + values.length + " periods are missing (NaN)");
    }
  }

  /** A copy of the values. */
  @Override
  public double[] values() {
    return values.clone();
  }

  int size() {
    return values.length;
  }

  /** How many periods have a value. */
  int present() {
    return (int) Arrays.stream(values).filter(value -> !Double.isNaN(value)).count();
  }

  double value(int index) {
    return values[index];
  }

  /** The first day of period {@code index}. */
  LocalDate periodStart(int index) {
    return length.start(firstPeriod, index);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetricSeries series
        && metric.equals(series.metric)
        && length == series.length
        && firstPeriod.equals(series.firstPeriod)
        && Arrays.equals(values, series.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, length, firstPeriod, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "MetricSeries[metric=" + metric + ", length=" + length + ", firstPeriod=" + firstPeriod + ", values="
        + Arrays.toString(values) + "]";
  }
}
