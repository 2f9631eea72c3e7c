package dev.holdfast.ml;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of an XGBoost churn model (binary logistic objective, {@code hist} trees).
 *
 * <p>The defaults are deliberately conservative rather than tuned on any data set: shallow trees ({@code max_depth}
 * 4) and a moderate learning rate (0.1, a third of XGBoost's own 0.3) with row and column subsampling (0.8)
 * generalise well on the few thousand to few hundred thousand rows a churn data set has. The learning rate also sets
 * how many trees every scoring run walks: 0.05 gave the same validation AUC on the Telco sample (0.848 in 5-fold
 * cross-validation) and on the 1 M demo store (0.863) with 435 trees instead of 244, so twice the work per customer
 * scored (docs/benchmarks.md). The number of rounds is chosen by early stopping: {@code
 * validationFraction} of the training rows (stratified) are held out, trees are added until the held-out log-loss
 * has not improved for {@code earlyStoppingRounds} rounds (at most {@code maxRounds}), and the final model is then
 * refitted on all training rows with the best number of rounds. Log-loss rather than AUC drives the stopping because
 * it is smoother on small validation sets and rewards probabilities, not only ranking. With {@code
 * earlyStoppingRounds} 0 the model gets exactly {@code maxRounds} rounds.
 *
 * @param maxDepth XGBoost's {@code max_depth}
 * @param eta the learning rate, {@code eta}
 * @param maxRounds the most boosting rounds
 * @param earlyStoppingRounds rounds without improvement before stopping; 0 = fixed {@code maxRounds}
 * @param validationFraction the share of training rows held out for early stopping
 * @param subsample XGBoost's {@code subsample} (rows per tree)
 * @param columnSample XGBoost's {@code colsample_bytree}
 * @param minChildWeight XGBoost's {@code min_child_weight}
 * @param l2 XGBoost's {@code lambda}
 * @param classWeighting how churners are weighed
 * @param threads XGBoost's {@code nthread}; predictions do not depend on it
 */
public record XgboostParameters(
    int maxDepth,
    double eta,
    int maxRounds,
    int earlyStoppingRounds,
    double validationFraction,
    double subsample,
    double columnSample,
    double minChildWeight,
    double l2,
    ClassWeighting classWeighting,
    int threads)
    implements ModelParameters {

  public XgboostParameters {
    if (maxDepth < 1 || maxDepth > 16) {
      throw new IllegalArgumentException("maxDepth must be between 1 and 16: " + maxDepth);
    }
    if (!(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta must be in (0, 1]: " + eta);
    }
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1: " + maxRounds);
    }
    if (earlyStoppingRounds < 0) {
      throw new IllegalArgumentException("earlyStoppingRounds cannot be negative: " + earlyStoppingRounds);
    }
    if (!(validationFraction > 0 && validationFraction <= 0.5)) {
      throw new IllegalArgumentException("validationFraction must be in (0, 0.5]: " + validationFraction);
    }
    if (!(subsample > 0 && subsample <= 1)) {
      throw new IllegalArgumentException("subsample must be in (0, 1]: " + subsample);
    }
    if (!(columnSample > 0 && columnSample <= 1)) {
      throw new IllegalArgumentException("columnSample must be in (0, 1]: " + columnSample);
    }
    if (!(minChildWeight >= 0)) {
      throw new IllegalArgumentException("minChildWeight cannot be negative: " + minChildWeight);
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("l2 cannot be negative: " + l2);
    }
    if (classWeighting == null) {
      throw new IllegalArgumentException("classWeighting cannot be null");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
  }

  /** The defaults described above, with one thread per available core. */
  public static XgboostParameters defaults() {
    return new XgboostParameters(4, 0.1, 500, 30, 0.2, 0.8, 0.8, 1, 1, ClassWeighting.NONE,
        Runtime.getRuntime().availableProcessors());
  }

  public XgboostParameters withMaxDepth(int depth) {
    return new XgboostParameters(depth, eta, maxRounds, earlyStoppingRounds, validationFraction, subsample,
        columnSample, minChildWeight, l2, classWeighting, threads);
  }

  public XgboostParameters withEta(double learningRate) {
    return new XgboostParameters(maxDepth, learningRate, maxRounds, earlyStoppingRounds, validationFraction,
        subsample, columnSample, minChildWeight, l2, classWeighting, threads);
  }

  /** Returns these settings with exactly {@code rounds} rounds and no early stopping. */
  public XgboostParameters withFixedRounds(int rounds) {
    return new XgboostParameters(maxDepth, eta, rounds, 0, validationFraction, subsample, columnSample,
        minChildWeight, l2, classWeighting, threads);
  }

  public XgboostParameters withSampling(double rows, double columns) {
    return new XgboostParameters(maxDepth, eta, maxRounds, earlyStoppingRounds, validationFraction, rows, columns,
        minChildWeight, l2, classWeighting, threads);
  }

  public XgboostParameters withClassWeighting(ClassWeighting weighting) {
    return new XgboostParameters(maxDepth, eta, maxRounds, earlyStoppingRounds, validationFraction, subsample,
        columnSample, minChildWeight, l2, weighting, threads);
  }

  public XgboostParameters withThreads(int count) {
    return new XgboostParameters(maxDepth, eta, maxRounds, earlyStoppingRounds, validationFraction, subsample,
        columnSample, minChildWeight, l2, classWeighting, count);
  }

  @Override
  public ModelKind kind() {
    return ModelKind.XGBOOST;
  }

  @Override
  public Map<String, String> describe() {
    var settings = new LinkedHashMap<String, String>();
    settings.put("objective", "binary:logistic");
    settings.put("tree_method", "hist");
    settings.put("max_depth", Integer.toString(maxDepth));
    settings.put("eta", Double.toString(eta));
    settings.put("max_rounds", Integer.toString(maxRounds));
    settings.put("early_stopping_rounds", Integer.toString(earlyStoppingRounds));
    settings.put("validation_fraction", Double.toString(validationFraction));
    settings.put("subsample", Double.toString(subsample));
    settings.put("colsample_bytree", Double.toString(columnSample));
    settings.put("min_child_weight", Double.toString(minChildWeight));
    settings.put("lambda", Double.toString(l2));
    settings.put("class_weighting", classWeighting.name().toLowerCase(Locale.ROOT));
    settings.put("nthread", Integer.toString(threads));
    return settings;
  }

  static XgboostParameters fromDescription(Map<String, String> settings) {
    return new XgboostParameters(
        Integer.parseInt(setting(settings, "max_depth")),
        Double.parseDouble(setting(settings, "eta")),
        Integer.parseInt(setting(settings, "max_rounds")),
        Integer.parseInt(setting(settings, "early_stopping_rounds")),
        Double.parseDouble(setting(settings, "validation_fraction")),
        Double.parseDouble(setting(settings, "subsample")),
        Double.parseDouble(setting(settings, "colsample_bytree")),
        Double.parseDouble(setting(settings, "min_child_weight")),
        Double.parseDouble(setting(settings, "lambda")),
        ClassWeighting.valueOf(setting(settings, "class_weighting").toUpperCase(Locale.ROOT)),
        Integer.parseInt(setting(settings, "nthread")));
  }

  static String setting(Map<String, String> settings, String name) {
    String value = settings.get(name);
    if (value == null) {
      throw new ModelException("the model file lacks the setting \"" + name + "\"; it was written by another"
          + " version of Holdfast or is damaged");
    }
    return value;
  }
}
