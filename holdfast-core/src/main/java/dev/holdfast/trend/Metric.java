package dev.holdfast.trend;

import java.util.Objects;

/**
 * A metric as sentences name it: its name in the reader's language as it reads mid-sentence ("monthly churn",
 * "MRR"), its unit and how many decimals its values are shown with.
 */
public record Metric(String name, MetricUnit unit, int decimals) {
  public Metric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    if (name.isBlank()) {
      throw new IllegalArgumentException("metric name cannot be blank");
    }
    if (decimals < 0 || decimals > 6) {
      throw new IllegalArgumentException("decimals must be between 0 and 6: " + decimals);
    }
  }

  /** A metric shown with one decimal for percentages and none for amounts and counts. */
  public Metric(String name, MetricUnit unit) {
    this(name, unit, unit == MetricUnit.PERCENT ? 1 : 0);
  }
}
