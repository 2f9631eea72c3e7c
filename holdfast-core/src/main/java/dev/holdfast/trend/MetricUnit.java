package dev.holdfast.trend;

/**
 * What a metric's numbers are: a percentage (changes read as percentage points), an amount of money, a count, or
 * a score on the metric's own scale (NPS from −100 to 100, CES from 1 to 7, a ratio), shown without a unit.
 */
public enum MetricUnit {
  PERCENT,
  AMOUNT,
  COUNT,
  SCORE
}
