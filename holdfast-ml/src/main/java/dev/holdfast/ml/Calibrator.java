package dev.holdfast.ml;

import java.util.Arrays;

/**
 * A map from a model's margin (its raw log-odds) to a calibrated probability, fitted on held-out predictions.
 *
 * <p>Churn models get theirs from {@link ChurnTrainer}; the factory methods are public so that other scores (the
 * health score, for one) can be calibrated the same way.
 */
public sealed interface Calibrator {

  CalibrationMethod method();

  /** Returns the calibrated probability of churn for a margin (log-odds). */
  double probability(double margin);

  /** Fits a calibrator of the given kind to held-out margins and their 0/1 labels. */
  static Calibrator fit(CalibrationMethod method, double[] margins, int[] labels) {
    switch (method) {
      case NONE:
        return new Identity();
      case PLATT:
        return Platt.fit(margins, labels);
      case ISOTONIC:
        return Isotonic.fit(margins, labels);
      default:
        throw new IllegalArgumentException("unknown calibration method: " + method);
    }
  }

  /** No calibration: the logistic function of the margin. */
  record Identity() implements Calibrator {
    @Override
    public CalibrationMethod method() {
      return CalibrationMethod.NONE;
    }

    @Override
    public double probability(double margin) {
      return LogOdds.sigmoid(margin);
    }
  }

  /**
   * Platt scaling, {@code p = σ(slope · margin + intercept)}, fitted by Newton's method on Platt's smoothed targets
   * ({@code (N₊ + 1) / (N₊ + 2)} for churners, {@code 1 / (N₋ + 2)} for the others), which keep the fit finite when
   * the held-out scores separate the classes: J. Platt, "Probabilistic outputs for support vector machines" (1999),
   * with the numerically careful algorithm of Lin, Lin and Weng, Machine Learning 68 (2007).
   */
  record Platt(double slope, double intercept) implements Calibrator {
    private static final int MAX_STEPS = 100;

    public Platt {
      if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
        throw new IllegalArgumentException("Platt parameters must be finite: slope " + slope + ", intercept "
            + intercept);
      }
    }

    @Override
    public CalibrationMethod method() {
      return CalibrationMethod.PLATT;
    }

    @Override
    public double probability(double margin) {
      return LogOdds.sigmoid(slope * margin + intercept);
    }

    static Platt fit(double[] margins, int[] labels) {
      checkLengths(margins, labels);
      int positives = 0;
      for (int label : labels) {
        positives += label;
      }
      int negatives = labels.length - positives;
      double high = (positives + 1.0) / (positives + 2.0);
      double low = 1.0 / (negatives + 2.0);
      double a = 0;
      double b = Math.log((positives + 1.0) / (negatives + 1.0));
      double loss = plattLoss(margins, labels, a, b, high, low);
      for (int step = 0; step < MAX_STEPS; step++) {
        double ga = 0;
        double gb = 0;
        double haa = 1e-12;
        double hab = 0;
        double hbb = 1e-12;
        for (int i = 0; i < margins.length; i++) {
          double p = LogOdds.sigmoid(a * margins[i] + b);
          double target = labels[i] == 1 ? high : low;
          double residual = p - target;
          double weight = p * (1 - p);
          ga += residual * margins[i];
          gb += residual;
          haa += weight * margins[i] * margins[i];
          hab += weight * margins[i];
          hbb += weight;
        }
        if (Math.abs(ga) < 1e-10 * margins.length && Math.abs(gb) < 1e-10 * margins.length) {
          break;
        }
        double determinant = haa * hbb - hab * hab;
        double da = -(hbb * ga - hab * gb) / determinant;
        double db = -(-hab * ga + haa * gb) / determinant;
        double directional = ga * da + gb * db;
        double t = 1;
        double next;
        while (true) {
          next = plattLoss(margins, labels, a + t * da, b + t * db, high, low);
          if (next <= loss + 1e-4 * t * directional || t < 1e-10) {
            break;
          }
          t /= 2;
        }
        a += t * da;
        b += t * db;
        boolean converged = Math.abs(t * da) < 1e-12 && Math.abs(t * db) < 1e-12;
        loss = next;
        if (converged) {
          break;
        }
      }
      return new Platt(a, b);
    }

    private static double plattLoss(double[] margins, int[] labels, double a, double b, double high, double low) {
      double loss = 0;
      for (int i = 0; i < margins.length; i++) {
        double z = a * margins[i] + b;
        double target = labels[i] == 1 ? high : low;
        loss += LogOdds.softplus(z) - target * z;
      }
      return loss;
    }
  }

  /**
   * Isotonic regression of the label on the margin by pool-adjacent-violators: the non-decreasing step function
   * with the least squared error. Like scikit-learn's {@code IsotonicRegression}, equal margins are first pooled,
   * each block keeps its smallest and largest margin, predictions interpolate linearly between those points and are
   * clamped outside them.
   */
  final class Isotonic implements Calibrator {
    private final double[] thresholds;
    private final double[] values;

    Isotonic(double[] thresholds, double[] values) {
      if (thresholds.length != values.length || thresholds.length == 0) {
        throw new IllegalArgumentException("isotonic calibration needs as many thresholds as values, at least one: "
            + thresholds.length + " and " + values.length);
      }
      for (int i = 1; i < thresholds.length; i++) {
        if (!(thresholds[i] >= thresholds[i - 1]) || !(values[i] >= values[i - 1])) {
          throw new IllegalArgumentException("isotonic thresholds and values must be non-decreasing; point " + i
              + " is (" + thresholds[i] + ", " + values[i] + ") after (" + thresholds[i - 1] + ", " + values[i - 1]
              + ")");
        }
      }
      this.thresholds = thresholds.clone();
      this.values = values.clone();
    }

    static Isotonic fit(double[] margins, int[] labels) {
      checkLengths(margins, labels);
      int n = margins.length;
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Double.compare(margins[x], margins[y]));
      // Pool equal margins, then pool adjacent violators; blocks are kept on a stack.
      double[] sum = new double[n];
      double[] weight = new double[n];
      double[] low = new double[n];
      double[] high = new double[n];
      int blocks = 0;
      int i = 0;
      while (i < n) {
        double x = margins[order[i]];
        double s = 0;
        int w = 0;
        while (i < n && margins[order[i]] == x) {
          s += labels[order[i]];
          w++;
          i++;
        }
        sum[blocks] = s;
        weight[blocks] = w;
        low[blocks] = x;
        high[blocks] = x;
        blocks++;
        while (blocks > 1 && sum[blocks - 2] / weight[blocks - 2] >= sum[blocks - 1] / weight[blocks - 1]) {
          sum[blocks - 2] += sum[blocks - 1];
          weight[blocks - 2] += weight[blocks - 1];
          high[blocks - 2] = high[blocks - 1];
          blocks--;
        }
      }
      double[] xs = new double[2 * blocks];
      double[] ys = new double[2 * blocks];
      int points = 0;
      for (int b = 0; b < blocks; b++) {
        double value = sum[b] / weight[b];
        xs[points] = low[b];
        ys[points++] = value;
        if (high[b] > low[b]) {
          xs[points] = high[b];
          ys[points++] = value;
        }
      }
      return new Isotonic(Arrays.copyOf(xs, points), Arrays.copyOf(ys, points));
    }

    @Override
    public CalibrationMethod method() {
      return CalibrationMethod.ISOTONIC;
    }

    @Override
    public double probability(double margin) {
      if (Double.isNaN(margin)) {
        return Double.NaN;
      }
      int last = thresholds.length - 1;
      if (margin <= thresholds[0]) {
        return values[0];
      }
      if (margin >= thresholds[last]) {
        return values[last];
      }
      int found = Arrays.binarySearch(thresholds, margin);
      if (found >= 0) {
        return values[found];
      }
      int upper = -found - 1;
      int lower = upper - 1;
      double share = (margin - thresholds[lower]) / (thresholds[upper] - thresholds[lower]);
      return values[lower] + share * (values[upper] - values[lower]);
    }

    int size() {
      return thresholds.length;
    }

    double threshold(int point) {
      return thresholds[point];
    }

    double value(int point) {
      return values[point];
    }

    /** The margins at which the fitted function has its corners. */
    public double[] thresholds() {
      return thresholds.clone();
    }

    /** The calibrated probabilities at {@link #thresholds()}. */
    public double[] values() {
      return values.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Isotonic isotonic && Arrays.equals(thresholds, isotonic.thresholds)
          && Arrays.equals(values, isotonic.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(thresholds) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Isotonic[" + thresholds.length + " points from " + thresholds[0] + " to " + thresholds[thresholds.length
          - 1] + "]";
    }
  }

  private static void checkLengths(double[] margins, int[] labels) {
    if (margins.length != labels.length) {
      throw new IllegalArgumentException("margins and labels differ in length: " + margins.length + " and "
          + labels.length);
    }
    if (margins.length == 0) {
      throw new IllegalArgumentException("calibration needs at least one held-out prediction");
    }
    for (int i = 0; i < margins.length; i++) {
      if (!Double.isFinite(margins[i])) {
        throw new IllegalArgumentException("held-out margin " + i + " is not finite: " + margins[i]);
      }
    }
  }
}
