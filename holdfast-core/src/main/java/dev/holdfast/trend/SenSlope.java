package dev.holdfast.trend;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Sen's estimate of a linear trend's slope per period, with its confidence interval and a line through the data.
 *
 * <p>Sen (1968); confidence interval as in Gilbert (1987, section 16.5.1) with the ranks of R
 * {@code trend::sens.slope}; intercept so that the residuals' median is zero:
 * <pre>
 * Q_ij      = (x_j − x_i) / (j − i)       for every i &lt; j with both values present; N' of them, sorted Q_(1..N')
 * slope     = median(Q)
 * C         = z_{1−α/2} · √var(S)          var(S) of the Mann–Kendall test, corrected for ties
 * lower     = Q_(round((N' − C) / 2))
 * upper     = Q_(round((N' + C) / 2 + 1))   round: half to even, like R; a rank outside 1..N' gives NaN
 * intercept = median_i(x_i − slope · i)     i = 0 for the first period, so the line is intercept + slope · i
 * </pre>
 */
public record SenSlope(double slope, double lower, double upper, double confidenceLevel, double intercept) {
  public SenSlope {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidenceLevel must be within (0, 1): " + confidenceLevel);
    }
    if (lower > slope || upper < slope) {
      throw new IllegalArgumentException("slope " + slope + " lies outside its interval [" + lower + ", " + upper + "]");
    }
  }

  /** The trend line's value at period {@code index} (0 = first period of the estimated values). */
  public double at(int index) {
    return intercept + slope * index;
  }

  static SenSlope estimate(double[] values, double confidenceLevel) {
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length && !Double.isNaN(values[i]); j++) {
        if (!Double.isNaN(values[j])) {
          count++;
        }
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("Sen's slope needs at least two values present, got " + present(values).length);
    }
    double[] slopes = new double[count];
    int k = 0;
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length && !Double.isNaN(values[i]); j++) {
        if (!Double.isNaN(values[j])) {
          slopes[k++] = (values[j] - values[i]) / (j - i);
        }
      }
    }
    Arrays.sort(slopes);
    double slope = RobustStatistics.medianOfSorted(slopes);
    double c = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidenceLevel) / 2)
        * Math.sqrt(MannKendall.test(values).varianceS());
    double lower = orderStatistic(slopes, Math.rint((count - c) / 2));
    double upper = orderStatistic(slopes, Math.rint((count + c) / 2 + 1));
    double[] offsets = new double[present(values).length];
    k = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        offsets[k++] = values[i] - slope * i;
      }
    }
    return new SenSlope(slope, lower, upper, confidenceLevel, RobustStatistics.median(offsets));
  }

  private static double orderStatistic(double[] sorted, double rank) {
    return rank >= 1 && rank <= sorted.length ? sorted[(int) rank - 1] : Double.NaN;
  }

  private static double[] present(double[] values) {
    return Arrays.stream(values).filter(value -> !Double.isNaN(value)).toArray();
  }
}
