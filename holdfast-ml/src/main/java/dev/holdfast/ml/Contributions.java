package dev.holdfast.ml;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * How much each feature moved each row's churn score away from the average, in log-odds (the model's margin before
 * calibration): for every row, {@code bias + Σ contributions = margin}. A positive contribution raises the risk.
 *
 * <p>For XGBoost these are SHAP values: exact TreeSHAP (Lundberg et al., "From local explanations to global
 * understanding with explainable AI for trees", 2020) where {@link #isExact(int)} says so, otherwise the much cheaper
 * approximation of Saabas, which credits each split's change in expected value to the split feature along the
 * row's path. For the logistic model they are exact: {@code β_j (x_j − mean_j)} per design column, where
 * {@code mean_j} is the training mean. A one-hot categorical's levels and a numeric feature's missing indicator are
 * summed into the feature they came from, so there is one value per original feature.
 */
public final class Contributions {
  private final List<String> features;
  private final int rows;
  /** Row after row, one value per feature: as {@code double} (the logistic model's) or as {@code float}; the other is null. */
  private final double[] values;
  private final float[] floats;
  private final double[] bias;
  private final BitSet exact;

  Contributions(List<String> features, int rows, double[] values, double[] bias, BitSet exact) {
    this(features, rows, values, null, values.length, bias, exact);
  }

  /**
   * Contributions kept as {@code float}, the precision XGBoost computes its own in: half the memory (a score run's
   * 640,000 customers × 47 features took 241 MB as {@code double}).
   */
  Contributions(List<String> features, int rows, float[] values, double[] bias, BitSet exact) {
    this(features, rows, null, values, values.length, bias, exact);
  }

  private Contributions(List<String> features, int rows, double[] values, float[] floats, int length, double[] bias, BitSet exact) {
    if (length != rows * features.size() || bias.length != rows) {
      throw new IllegalArgumentException("contributions for " + rows + " rows and " + features.size()
          + " features cannot have " + length + " values and " + bias.length + " biases");
    }
    this.features = List.copyOf(features);
    this.rows = rows;
    this.values = values;
    this.floats = floats;
    this.bias = bias;
    this.exact = (BitSet) exact.clone();
  }

  private double at(int index) {
    return values != null ? values[index] : floats[index];
  }

  /** A contribution of one feature to one row's margin. */
  public record Reason(String feature, double contribution) {}

  public int rows() {
    return rows;
  }

  /** The original features, in the model's order. */
  public List<String> features() {
    return features;
  }

  public double value(int row, int feature) {
    return at(row * features.size() + feature);
  }

  /** Returns a copy of one row's contributions, one per feature. */
  public double[] row(int row) {
    return row(row, new double[features.size()]);
  }

  /** Writes one row's contributions, one per feature, into the start of {@code into} and returns it. */
  public double[] row(int row, double[] into) {
    int width = features.size();
    for (int feature = 0; feature < width; feature++) {
      into[feature] = at(row * width + feature);
    }
    return into;
  }

  /** The margin of a row with no information: the expected margin over the training data. */
  public double bias(int row) {
    return bias[row];
  }

  /** Returns {@code bias + Σ contributions}: the row's margin (up to float rounding for XGBoost). */
  public double margin(int row) {
    double sum = bias[row];
    int width = features.size();
    for (int feature = 0; feature < width; feature++) {
      sum += at(row * width + feature);
    }
    return sum;
  }

  /** Whether this row's contributions are exact SHAP values rather than the Saabas approximation. */
  public boolean isExact(int row) {
    return exact.get(row);
  }

  /** Returns the features that raised this row's risk, the strongest first, at most {@code limit} of them. */
  public List<Reason> reasons(int row, int limit) {
    var reasons = new ArrayList<Reason>();
    for (int feature = 0; feature < features.size(); feature++) {
      double contribution = value(row, feature);
      if (contribution > 0) {
        reasons.add(new Reason(features.get(feature), contribution));
      }
    }
    reasons.sort(Comparator.comparingDouble(Reason::contribution).reversed());
    return List.copyOf(reasons.subList(0, Math.min(limit, reasons.size())));
  }

  /** Returns the mean absolute contribution of each feature over the rows: a global importance. */
  public double[] meanAbsolute() {
    int width = features.size();
    double[] mean = new double[width];
    for (int row = 0; row < rows; row++) {
      for (int feature = 0; feature < width; feature++) {
        mean[feature] += Math.abs(at(row * width + feature));
      }
    }
    for (int feature = 0; feature < width; feature++) {
      mean[feature] /= Math.max(rows, 1);
    }
    return mean;
  }
}
