package dev.holdfast.ml;

import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * A trained churn model with everything it needs to score new rows the way it was trained: the transforms learned
 * from its training data, the fitted model, the calibrator and its provenance.
 *
 * <p>Get one from {@link ChurnTrainer#train(FeatureMatrix)} or {@link #load(byte[])}. Scoring matrices are matched to
 * the model's features by name, and categorical levels by name; a level the model never saw counts as none of its
 * levels. Models are immutable and safe to use from several threads.
 */
public sealed interface ChurnModel permits XgboostModel, LogisticModel {

  ModelKind kind();

  /** The features the model was trained on, with the categorical levels it knows. */
  List<Feature> features();

  ModelParameters parameters();

  Calibrator calibrator();

  Provenance provenance();

  /** Returns each row's margin: the model's log-odds of churn before calibration. */
  double[] margins(FeatureMatrix rows);

  /** Returns each row's calibrated probability of churning within the horizon. */
  default double[] predict(FeatureMatrix rows) {
    double[] margins = margins(rows);
    Calibrator calibrator = calibrator();
    double[] probabilities = new double[margins.length];
    for (int row = 0; row < margins.length; row++) {
      probabilities[row] = calibrator.probability(margins[row]);
    }
    return probabilities;
  }

  /** Returns exact contributions for every row. */
  default Contributions contributions(FeatureMatrix rows) {
    BitSet all = new BitSet(rows.rows());
    all.set(0, rows.rows());
    return contributions(rows, all);
  }

  /**
   * Returns contributions, exact for the rows in {@code exactRows} and approximate for the others (exact SHAP costs
   * far more than the approximation for XGBoost; the logistic model's are always exact).
   */
  Contributions contributions(FeatureMatrix rows, BitSet exactRows);

  /**
   * Returns contributions that are exact for the rows whose calibrated probability is at least {@code probability}
   * (the at-risk customers whose reasons people read) and approximate for the rest.
   */
  default Contributions contributionsExactAbove(FeatureMatrix rows, double probability) {
    double[] predicted = predict(rows);
    BitSet exact = new BitSet(predicted.length);
    for (int row = 0; row < predicted.length; row++) {
      if (predicted[row] >= probability) {
        exact.set(row);
      }
    }
    return contributions(rows, exact);
  }

  /** Probabilities of churn and the contributions behind them. */
  record Explained(double[] probabilities, Contributions contributions) {}

  /**
   * Scores and explains rows: each row's calibrated probability, and contributions that are exact for the rows
   * {@code exactFor} picks from those probabilities and approximate for the others. XGBoost does it in one pass over
   * the trees (the approximate contributions add up to the margin).
   */
  default Explained explain(FeatureMatrix rows, Function<double[], BitSet> exactFor) {
    double[] probabilities = predict(rows);
    return new Explained(probabilities, contributions(rows, exactFor.apply(probabilities)));
  }

  /** Returns the model as bytes (a ZIP holding {@code model.json} and, for XGBoost, the booster). */
  byte[] save();

  /** Reads a model written by {@link #save()}. */
  static ChurnModel load(byte[] artifact) {
    return ModelArchive.read(artifact);
  }
}
