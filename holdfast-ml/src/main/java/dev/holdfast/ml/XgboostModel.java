package dev.holdfast.ml;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
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
  /** The trees walked in Java, when the booster is a kind {@link TreeEnsemble} reads (always, for what Holdfast trains). */
  private final Optional<TreeEnsemble> trees;

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
    try {
      this.trees = TreeEnsemble.of(booster.toByteArray("json"));
    } catch (XGBoostError e) {
      throw new ModelException("XGBoost could not write the booster as JSON: " + e.getMessage(), e);
    }
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
    float[] design = encoding.trees(rows);
    return trees.isPresent() ? trees.get().margins(design, rows.rows(), encoding.width())
        : XgboostTraining.margins(booster, design, rows.rows(), encoding.width());
  }

  @Override
  public Contributions contributions(FeatureMatrix rows, BitSet exactRows) {
    int count = rows.rows();
    int width = encoding.width();
    int features = encoding.features().size();
    float[] values = new float[count * features];
    double[] bias = new double[count];
    BitSet exact = (BitSet) exactRows.clone();
    if (exact.length() > count) {
      exact.clear(count, exact.length());
    }
    if (count == 0) {
      return new Contributions(featureNames(), 0, values, bias, exact);
    }
    int[] exactIndex = exact.stream().toArray();
    int[] approximateIndex = new int[count - exactIndex.length];
    for (int row = 0, next = 0; row < count; row++) {
      if (!exact.get(row)) {
        approximateIndex[next++] = row;
      }
    }
    exact(rows, exactIndex, values, bias);
    approximate(rows, approximateIndex, values, bias, null);
    return new Contributions(featureNames(), count, values, bias, exact);
  }

  /**
   * One pass for scoring: the approximate contributions of every row give its margin and so its probability, then
   * the rows {@code exactFor} picks from the probabilities get exact contributions instead.
   */
  @Override
  public Explained explain(FeatureMatrix rows, Function<double[], BitSet> exactFor) {
    if (trees.isEmpty()) {
      return ChurnModel.super.explain(rows, exactFor);
    }
    int count = rows.rows();
    int features = encoding.features().size();
    float[] values = new float[count * features];
    double[] bias = new double[count];
    // the margins summed as the walk hands each row over, in double: the contributions are kept as float
    double[] probabilities = new double[count];
    approximate(rows, null, values, bias, probabilities);
    for (int row = 0; row < count; row++) {
      probabilities[row] = calibrator.probability(probabilities[row]);
    }
    BitSet exact = (BitSet) exactFor.apply(probabilities).clone();
    if (exact.length() > count) {
      exact.clear(count, exact.length());
    }
    int[] exactIndex = exact.stream().toArray();
    for (int row : exactIndex) {
      java.util.Arrays.fill(values, row * features, (row + 1) * features, 0);
    }
    exact(rows, exactIndex, values, bias);
    return new Explained(probabilities, new Contributions(featureNames(), count, values, bias, exact));
  }

  /** Exact SHAP values from XGBoost for {@code rows} of {@code data}, added into {@code values} and {@code bias}. */
  private void exact(FeatureMatrix data, int[] rows, float[] values, double[] bias) {
    if (rows.length == 0) {
      return;
    }
    int width = encoding.width();
    float[] design = new float[Math.multiplyExact(rows.length, width)];
    encoding.treeRows(data, rows).fill(0, rows.length, design);
    DMatrix matrix = XgboostTraining.matrix(design, rows.length, width);
    try {
      float[][] shap = booster.predictContrib(matrix, 0);
      for (int i = 0; i < rows.length; i++) {
        collect(shap[i], rows[i], values, bias);
      }
    } catch (XGBoostError e) {
      throw new ModelException("XGBoost could not compute exact contributions for " + rows.length + " rows: "
          + e.getMessage(), e);
    } finally {
      matrix.dispose();
    }
    trees.ifPresent(walked -> agree(walked, design, rows, values, bias));
  }

  /**
   * Approximate (Saabas) contributions for {@code rows} of {@code data} (all of them where null), added into {@code
   * values} and {@code bias}; each row's margin into {@code margins} too where it is not null. The trees walk the rows'
   * design a block at a time, made as they go.
   */
  private void approximate(FeatureMatrix data, int[] rows, float[] values, double[] bias, double[] margins) {
    int count = rows == null ? data.rows() : rows.length;
    if (count == 0) {
      return;
    }
    int width = encoding.width();
    TreeEnsemble walked = trees.orElseThrow(() -> new ModelException("this model's booster is not one Holdfast can explain"
        + " approximately (a gbtree for binary:logistic with numeric splits, at most 12 levels deep); retrain it"));
    walked.contributions(encoding.treeRows(data, rows), width, count, (position, row) -> {
      int at = rows == null ? position : rows[position];
      collect(row, at, values, bias);
      if (margins != null) {
        double margin = 0;
        for (int column = 0; column <= width; column++) {
          margin += row[column];
        }
        margins[at] = margin;
      }
    });
  }

  /** Adds one row's per-column contributions (bias last) into the per-feature sums of {@code row}. */
  private void collect(float[] source, int row, float[] values, double[] bias) {
    double[] widened = new double[source.length];
    for (int column = 0; column < source.length; column++) {
      widened[column] = source[column];
    }
    collect(widened, row, values, bias);
  }

  private void collect(double[] source, int row, float[] values, double[] bias) {
    int width = encoding.width();
    int features = encoding.features().size();
    for (int column = 0; column < width; column++) {
      int at = row * features + encoding.source(column);
      values[at] = (float) (values[at] + source[column]);
    }
    bias[row] = source[width];
  }

  /**
   * Exact contributions add up to XGBoost's own margin; the margins of the trees walked in Java must equal it, or the
   * walk misread the model (a format XGBoost changed) and no approximate reason of it can be trusted.
   */
  private void agree(TreeEnsemble walked, float[] design, int[] rows, float[] values, double[] bias) {
    int features = encoding.features().size();
    double[] margins = walked.margins(design, rows.length, encoding.width());
    for (int i = 0; i < rows.length; i++) {
      double exact = bias[rows[i]];
      for (int feature = 0; feature < features; feature++) {
        exact += values[rows[i] * features + feature];
      }
      if (Math.abs(exact - margins[i]) > 1e-3 * Math.max(1, Math.abs(exact))) {
        throw new ModelException("the trees read from XGBoost's model give a margin of " + margins[i] + " where XGBoost"
            + " gives " + exact + "; this XGBoost version writes its model differently from what Holdfast reads");
      }
    }
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
