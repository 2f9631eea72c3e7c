package dev.holdfast.trend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the periods whose value stands out from the periods around it.
 *
 * <p>Each value first loses Sen's line over the whole series, r_i = x_i − (a + b·i), and, when seasonality is
 * significant, what the same season of the other cycles says: e_i = r_i − median{r_j : j ≠ i, season(j) =
 * season(i)}. Leaving the period itself out keeps a spike out of its own expectation, and keeps the scatter of the
 * e honest (subtracting a season's median over all its values would zero one residual in three with three years
 * of data and shrink the MAD). Each period is then compared with its m nearest periods present (half before and
 * half after where the series allows, the rest from the other side; m = {@code spikeNeighbours}), the modified
 * z-score of Iglewicz and Hoaglin (1993):
 * <pre>
 * deviation = e_i − median(e_neighbours)
 * z         = deviation / (1.4826 · MAD(e_neighbours))
 * </pre>
 * When the neighbours' MAD is 0 the scale falls back to 1.2533 · mean |e − median| (Iglewicz and Hoaglin's
 * substitute); when that is 0 too the period is not scored.
 */
final class SpikeDetector {
  private static final double MEAN_ABSOLUTE_DEVIATION_CONSTANT = 1.2533;

  private SpikeDetector() {}

  static List<Spike> find(MetricSeries series, SenSlope line, Seasonality seasonality, TrendOptions options) {
    double[] values = series.values();
    List<Integer> present = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        present.add(i);
      }
    }
    int count = present.size();
    double[] detrended = new double[count];
    for (int k = 0; k < count; k++) {
      detrended[k] = values[present.get(k)] - line.at(present.get(k));
    }
    double[] residuals = seasonality instanceof Seasonality.Tested tested && tested.significant()
        ? lessOtherCycles(series, present, detrended)
        : detrended;
    List<Spike> spikes = new ArrayList<>();
    int wanted = Math.min(options.spikeNeighbours(), count - 1);
    if (wanted < TrendOptions.MIN_SPIKE_NEIGHBOURS) {
      return spikes;
    }
    for (int k = 0; k < count; k++) {
      int before = Math.min(wanted / 2, k);
      int after = Math.min(wanted - before, count - 1 - k);
      before = Math.min(wanted - after, k);
      double[] neighbours = new double[before + after];
      System.arraycopy(residuals, k - before, neighbours, 0, before);
      System.arraycopy(residuals, k + 1, neighbours, before, after);
      double center = RobustStatistics.median(neighbours);
      double scale = scale(neighbours, center);
      if (scale == 0) {
        continue;
      }
      double deviation = residuals[k] - center;
      double z = deviation / scale;
      if (Math.abs(z) > options.spikeThreshold()) {
        int index = present.get(k);
        double value = series.value(index);
        spikes.add(new Spike(series.periodStart(index), value, value - deviation, deviation, z));
      }
    }
    return spikes;
  }

  private static double[] lessOtherCycles(MetricSeries series, List<Integer> present, double[] detrended) {
    int count = present.size();
    int[] seasons = new int[count];
    Map<Integer, List<Double>> bySeason = new HashMap<>();
    for (int k = 0; k < count; k++) {
      seasons[k] = series.length().season(series.periodStart(present.get(k)));
      bySeason.computeIfAbsent(seasons[k], season -> new ArrayList<>()).add(detrended[k]);
    }
    Map<Integer, double[]> sorted = new HashMap<>();
    bySeason.forEach((season, residuals) -> sorted.put(season, residuals.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
    double[] residuals = new double[count];
    for (int k = 0; k < count; k++) {
      residuals[k] = detrended[k] - medianWithout(sorted.get(seasons[k]), detrended[k]);
    }
    return residuals;
  }

  /** The median of {@code sorted} less one occurrence of {@code value}. */
  static double medianWithout(double[] sorted, double value) {
    int removed = Arrays.binarySearch(sorted, value);
    int size = sorted.length - 1;
    if (removed < 0 || size == 0) {
      throw new IllegalArgumentException(value + " is not one of " + sorted.length + " values, or the only one");
    }
    int middle = size / 2;
    double upper = sorted[middle < removed ? middle : middle + 1];
    if (size % 2 == 1) {
      return upper;
    }
    return (sorted[middle - 1 < removed ? middle - 1 : middle] + upper) / 2;
  }

  private static double scale(double[] neighbours, double center) {
    double mad = RobustStatistics.mad(neighbours);
    if (mad > 0) {
      return mad;
    }
    double sum = 0;
    for (double neighbour : neighbours) {
      sum += Math.abs(neighbour - center);
    }
    return MEAN_ABSOLUTE_DEVIATION_CONSTANT * sum / neighbours.length;
  }
}
