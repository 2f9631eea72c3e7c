package dev.holdfast.ml;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline churn model: an L2-regularised logistic regression on standardised numeric features (median-imputed,
 * with missing indicators) and one-hot categorical features; see {@link Encoding} and {@link LogisticRegression}.
 */
public final class LogisticModel implements ChurnModel {
  private final LogisticParameters parameters;
  private final Encoding encoding;
  private final double intercept;
  private final double[] coefficients;
  private final double[] designMeans;
  private final Calibrator calibrator;
  private final Provenance provenance;

  LogisticModel(LogisticParameters parameters, Encoding encoding, double intercept, double[] coefficients,
      double[] designMeans, Calibrator calibrator, Provenance provenance) {
    if (coefficients.length != encoding.width() || designMeans.length != encoding.width()) {
      throw new ModelException("a logistic model with " + encoding.width() + " design columns cannot have "
          + coefficients.length + " coefficients and " + designMeans.length + " column means");
    }
    this.parameters = parameters;
    this.encoding = encoding;
    this.intercept = intercept;
    this.coefficients = coefficients.clone();
    this.designMeans = designMeans.clone();
    this.calibrator = calibrator;
    this.provenance = provenance;
  }

  @Override
  public ModelKind kind() {
    return ModelKind.LOGISTIC;
  }

  @Override
  public List<Feature> features() {
    return encoding.features();
  }

  @Override
  public LogisticParameters parameters() {
    return parameters;
  }

  @Override
  public Calibrator calibrator() {
    return calibrator;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public double[] margins(FeatureMatrix rows) {
    double[] design = encoding.standardised(rows);
    int width = encoding.width();
    double[] margins = new double[rows.rows()];
    for (int row = 0; row < margins.length; row++) {
      double eta = intercept;
      for (int column = 0; column < width; column++) {
        eta += coefficients[column] * design[row * width + column];
      }
      margins[row] = eta;
    }
    return margins;
  }

  /** Always exact: a linear model's SHAP values are {@code β_j (x_j − mean_j)}. */
  @Override
  public Contributions contributions(FeatureMatrix rows, BitSet exactRows) {
    double[] design = encoding.standardised(rows);
    int width = encoding.width();
    int features = encoding.features().size();
    double base = intercept;
    for (int column = 0; column < width; column++) {
      base += coefficients[column] * designMeans[column];
    }
    double[] values = new double[rows.rows() * features];
    double[] bias = new double[rows.rows()];
    for (int row = 0; row < rows.rows(); row++) {
      bias[row] = base;
      for (int column = 0; column < width; column++) {
        values[row * features + encoding.source(column)] +=
            coefficients[column] * (design[row * width + column] - designMeans[column]);
      }
    }
    BitSet all = new BitSet(rows.rows());
    all.set(0, rows.rows());
    return new Contributions(encoding.features().stream().map(Feature::name).toList(), rows.rows(), values, bias,
        all);
  }

  /**
   * Returns the coefficients per original unit, by design column ({@code tenure}, {@code tenure missing},
   * {@code Contract=Two year}): the change in log-odds per unit of a numeric feature, or for being in a level or
   * missing. Missing numeric values count as the training median.
   */
  public Map<String, Double> coefficients() {
    var perUnit = new LinkedHashMap<String, Double>();
    for (int column = 0; column < encoding.width(); column++) {
      perUnit.put(encoding.designName(column), coefficients[column] / unitScale(column));
    }
    return perUnit;
  }

  /** Returns the intercept per original unit: the log-odds when every numeric feature is 0 and no level is set. */
  public double intercept() {
    double value = intercept;
    for (int column = 0; column < encoding.width(); column++) {
      if (isStandardised(column)) {
        int feature = encoding.source(column);
        value -= coefficients[column] * encoding.mean(feature) / encoding.scale(feature);
      }
    }
    return value;
  }

  /** Returns the coefficients on the standardised design, which compare features with each other. */
  public Map<String, Double> standardisedCoefficients() {
    var standardised = new LinkedHashMap<String, Double>();
    for (int column = 0; column < encoding.width(); column++) {
      standardised.put(encoding.designName(column), coefficients[column]);
    }
    return standardised;
  }

  private boolean isStandardised(int column) {
    return encoding.isStandardisedValue(column);
  }

  private double unitScale(int column) {
    return isStandardised(column) ? encoding.scale(encoding.source(column)) : 1;
  }

  Encoding encoding() {
    return encoding;
  }

  double rawIntercept() {
    return intercept;
  }

  double[] rawCoefficients() {
    return coefficients.clone();
  }

  double[] designMeans() {
    return designMeans.clone();
  }

  @Override
  public byte[] save() {
    return ModelArchive.write(this);
  }
}
