package dev.holdfast.ml;

import java.util.BitSet;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.HoldfastBridge;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The default churn model: gradient-boosted trees from XGBoost on numeric features as they are (missing values go
 * the way each split learned) and one-hot categorical features; see {@link XgboostParameters} and {@link Encoding}.
 *
 * <p>Categorical features are one-hot rather than XGBoost's native categorical splits: SHAP values are additive, so
 * the contributions of a feature's level columns add up to exactly that feature's contribution, unseen levels have an
 * obvious meaning (no level), and the same encoding code serves both models.
 */
public final class XgboostModel implements ChurnModel {
  private final XgboostParameters parameters;
  private final Encoding encoding;
  private final Booster booster;
  private final byte[] boosterBytes;
  private final int rounds;
  private final Calibrator calibrator;
  private final Provenance provenance;
  private final int threads;

  XgboostModel(XgboostParameters parameters, Encoding encoding, byte[] boosterBytes, int rounds,
      Calibrator calibrator, Provenance provenance) {
    this.parameters = parameters;
    this.encoding = encoding;
    this.boosterBytes = boosterBytes.clone();
    this.rounds = rounds;
    this.calibrator = calibrator;
    this.provenance = provenance;
    this.threads = Runtime.getRuntime().availableProcessors();
    this.booster = XgboostTraining.load(this.boosterBytes, threads);
  }

  @Override
  public ModelKind kind() {
    return ModelKind.XGBOOST;
  }

  @Override
  public List<Feature> features() {
    return encoding.features();
  }

  @Override
  public XgboostParameters parameters() {
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

  /** The number of boosting rounds (trees) in the model. */
  public int rounds() {
    return rounds;
  }

  @Override
  public double[] margins(FeatureMatrix rows) {
    if (rows.rows() == 0) {
      return new double[0];
    }
    return XgboostTraining.margins(booster, encoding.trees(rows), rows.rows(), encoding.width());
  }

  @Override
  public Contributions contributions(FeatureMatrix rows, BitSet exactRows) {
    int count = rows.rows();
    int width = encoding.width();
    int features = encoding.features().size();
    double[] values = new double[count * features];
    double[] bias = new double[count];
    BitSet exact = (BitSet) exactRows.clone();
    if (exact.length() > count) {
      exact.clear(count, exact.length());
    }
    if (count == 0) {
      return new Contributions(featureNames(), 0, values, bias, exact);
    }
    float[] design = encoding.trees(rows);
    int[] exactIndex = exact.stream().toArray();
    int[] approximateIndex = new int[count - exactIndex.length];
    for (int row = 0, next = 0; row < count; row++) {
      if (!exact.get(row)) {
        approximateIndex[next++] = row;
      }
    }
    if (exactIndex.length > 0) {
      DMatrix matrix = XgboostTraining.matrix(XgboostTraining.rowsOf(design, width, exactIndex), exactIndex.length,
          width);
      try {
        float[][] shap = booster.predictContrib(matrix, 0);
        for (int i = 0; i < exactIndex.length; i++) {
          collect(shap[i], 0, exactIndex[i], values, bias);
        }
      } catch (XGBoostError e) {
        throw new ModelException("XGBoost could not compute exact contributions for " + exactIndex.length + " rows: "
            + e.getMessage(), e);
      } finally {
        matrix.dispose();
      }
    }
    if (approximateIndex.length > 0) {
      DMatrix matrix = XgboostTraining.matrix(XgboostTraining.rowsOf(design, width, approximateIndex),
          approximateIndex.length, width);
      try {
        float[] approximate = HoldfastBridge.approximateContributions(boosterBytes, matrix, threads);
        if (approximate.length != approximateIndex.length * (width + 1)) {
          throw new ModelException("XGBoost returned " + approximate.length + " approximate contributions for "
              + approximateIndex.length + " rows of " + width + " columns; expected " + approximateIndex.length
              * (width + 1));
        }
        for (int i = 0; i < approximateIndex.length; i++) {
          collect(approximate, i * (width + 1), approximateIndex[i], values, bias);
        }
      } catch (XGBoostError e) {
        throw new ModelException("XGBoost could not compute approximate contributions for " + approximateIndex.length
            + " rows: " + e.getMessage(), e);
      } finally {
        matrix.dispose();
      }
    }
    return new Contributions(featureNames(), count, values, bias, exact);
  }

  /** Adds one row's per-column contributions (bias last) into the per-feature sums of {@code row}. */
  private void collect(float[] source, int offset, int row, double[] values, double[] bias) {
    int width = encoding.width();
    int features = encoding.features().size();
    for (int column = 0; column < width; column++) {
      values[row * features + encoding.source(column)] += source[offset + column];
    }
    bias[row] = source[offset + width];
  }

  private List<String> featureNames() {
    return encoding.features().stream().map(Feature::name).toList();
  }

  Encoding encoding() {
    return encoding;
  }

  byte[] boosterBytes() {
    return boosterBytes.clone();
  }

  @Override
  public byte[] save() {
    return ModelArchive.write(this);
  }
}
