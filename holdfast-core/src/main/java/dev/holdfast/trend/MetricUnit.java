package dev.holdfast.trend;

/**
 * What a metric's numbers are: a percentage (changes read as percentage points), an amount of money or a count.
 */
public enum MetricUnit {
  PERCENT,
  AMOUNT,
  COUNT
}
