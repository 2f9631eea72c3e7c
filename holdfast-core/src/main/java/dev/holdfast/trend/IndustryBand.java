package dev.holdfast.trend;

import java.util.Objects;

/**
 * A published range that a metric's value typically falls in, with where it comes from; sentences compare the
 * latest value with it, and no statistic uses it.
 *
 * <p>{@code low} and {@code high} are in the metric's own unit.
 */
public record IndustryBand(String metricName, double low, double high, String source) {
  public IndustryBand {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(source, "source");
    if (metricName.isBlank()) {
      throw new IllegalArgumentException("band metric name cannot be blank");
    }
    if (source.isBlank()) {
      throw new IllegalArgumentException("band source cannot be blank: name where the range was published");
    }
    if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
      throw new IllegalArgumentException("band needs finite low <= high: low=" + low + ", high=" + high);
    }
  }
}
