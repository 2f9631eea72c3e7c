package dev.holdfast.ml.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Predicted against observed churn in bins of predicted probability: the numbers behind a reliability diagram.
 *
 * <p>{@link Binning#QUANTILE} bins hold about equal numbers of rows (deciles for ten bins) — rows with equal
 * probabilities stay in one bin, placed by their mid-rank; {@link Binning#EQUAL_WIDTH} bins are {@code [k/B, (k+1)/B)}.
 * Empty bins are left out.
 */
public record CalibrationTable(Binning binning, List<Bin> bins) {

  public enum Binning { QUANTILE, EQUAL_WIDTH }

  /**
   * One bin.
   *
   * @param lower the smallest probability in the bin (quantile) or its lower edge (equal width)
   * @param upper the largest probability in the bin (quantile) or its upper edge (equal width)
   */
  public record Bin(double lower, double upper, int count, double meanPredicted, double observed) {}

  public CalibrationTable {
    bins = List.copyOf(bins);
  }

  /** Builds the table of {@code probabilities} against {@code labels} with {@code count} bins. */
  public static CalibrationTable of(double[] probabilities, int[] labels, int count, Binning binning) {
    Metrics.check(probabilities, labels);
    if (count < 1) {
      throw new IllegalArgumentException("a calibration table needs at least one bin: " + count);
    }
    int n = probabilities.length;
    int[] binOf = new int[n];
    if (binning == Binning.EQUAL_WIDTH) {
      for (int i = 0; i < n; i++) {
        binOf[i] = Math.min(count - 1, Math.max(0, (int) Math.floor(probabilities[i] * count)));
      }
    } else {
      Integer[] order = Metrics.ascending(probabilities);
      int i = 0;
      while (i < n) {
        int j = i;
        while (j < n && probabilities[order[j]] == probabilities[order[i]]) {
          j++;
        }
        double midRank = (i + j - 1) / 2.0;
        int bin = Math.min(count - 1, (int) Math.floor((midRank + 0.5) * count / n));
        for (int k = i; k < j; k++) {
          binOf[order[k]] = bin;
        }
        i = j;
      }
    }
    int[] rows = new int[count];
    double[] predicted = new double[count];
    double[] observed = new double[count];
    double[] lowest = new double[count];
    double[] highest = new double[count];
    Arrays.fill(lowest, Double.POSITIVE_INFINITY);
    Arrays.fill(highest, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      int bin = binOf[i];
      rows[bin]++;
      predicted[bin] += probabilities[i];
      observed[bin] += labels[i];
      lowest[bin] = Math.min(lowest[bin], probabilities[i]);
      highest[bin] = Math.max(highest[bin], probabilities[i]);
    }
    var bins = new ArrayList<Bin>();
    for (int bin = 0; bin < count; bin++) {
      if (rows[bin] == 0) {
        continue;
      }
      double lower = binning == Binning.EQUAL_WIDTH ? bin / (double) count : lowest[bin];
      double upper = binning == Binning.EQUAL_WIDTH ? (bin + 1) / (double) count : highest[bin];
      bins.add(new Bin(lower, upper, rows[bin], predicted[bin] / rows[bin], observed[bin] / rows[bin]));
    }
    return new CalibrationTable(binning, bins);
  }

  /** The expected calibration error: the row-weighted mean of {@code |mean predicted − observed|} over the bins. */
  public double expectedCalibrationError() {
    double sum = 0;
    long rows = 0;
    for (Bin bin : bins) {
      sum += bin.count() * Math.abs(bin.meanPredicted() - bin.observed());
      rows += bin.count();
    }
    return sum / rows;
  }
}
