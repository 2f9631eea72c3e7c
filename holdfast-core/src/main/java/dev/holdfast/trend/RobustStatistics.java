package dev.holdfast.trend;

import java.util.Arrays;

/**
 * Medians and the median absolute deviation, the location and scale that a few wild values cannot move.
 *
 * <p>MAD = 1.4826 · median_i |x_i − median(x)|, consistent with the standard deviation of normal data
 * (the default of R {@code mad}; Rousseeuw and Croux 1993).
 */
final class RobustStatistics {
  static final double MAD_CONSTANT = 1.4826;

  private RobustStatistics() {}

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return medianOfSorted(sorted);
  }

  static double medianOfSorted(double[] sorted) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("the median of no values is undefined");
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double mad(double[] values) {
    double center = median(values);
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - center);
    }
    return MAD_CONSTANT * median(deviations);
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }
}
