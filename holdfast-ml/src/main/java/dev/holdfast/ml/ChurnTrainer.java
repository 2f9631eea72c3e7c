package dev.holdfast.ml;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Trains churn models of one configuration: the model's parameters, the calibration method and the seed.
 *
 * <p>Calibration is cross-fitted so that no training row is wasted: the training rows are dealt into {@value
 * #CALIBRATION_FOLDS} stratified folds, a model of the same configuration is trained on each fold's complement and
 * predicts the fold, and the calibrator is fitted to these held-out margins; the returned model itself is trained on
 * all rows (scikit-learn's {@code CalibratedClassifierCV(ensemble=False)} does the same). Every random choice (the
 * folds, the early-stopping split, XGBoost's subsampling) derives from the seed, so the same seed and data give the
 * same model and the same scores.
 */
public final class ChurnTrainer {
  /** The folds of the cross-fitted calibration. */
  public static final int CALIBRATION_FOLDS = 3;
  /** Training needs at least this many churners and this many customers who stayed. */
  public static final int MIN_PER_CLASS = 10;
  /**
   * From this many rows an XGBoost model is calibrated on the held-out rows of its early-stopping split instead of
   * by cross-fitting three more boosters.
   */
  public static final int LARGE = 50_000;

  private final ModelParameters parameters;
  private final CalibrationMethod calibration;
  private final long seed;
  private final Clock clock;

  public ChurnTrainer(ModelParameters parameters, CalibrationMethod calibration, long seed, Clock clock) {
    if (parameters == null || calibration == null || clock == null) {
      throw new IllegalArgumentException("parameters, calibration and clock are required: " + parameters + ", "
          + calibration + ", " + clock);
    }
    if (parameters.classWeighting() == ClassWeighting.BALANCED && calibration == CalibrationMethod.NONE) {
      throw new IllegalArgumentException("balanced class weighting inflates probabilities; calibrate (platt or"
          + " isotonic) when using it");
    }
    this.parameters = parameters;
    this.calibration = calibration;
    this.seed = seed;
    this.clock = clock;
  }

  /** A trainer with Platt calibration and the system clock. */
  public static ChurnTrainer of(ModelParameters parameters, long seed) {
    return new ChurnTrainer(parameters, CalibrationMethod.PLATT, seed, Clock.systemUTC());
  }

  public ModelParameters parameters() {
    return parameters;
  }

  public CalibrationMethod calibration() {
    return calibration;
  }

  public long seed() {
    return seed;
  }

  /** Trains a model on every row of {@code training}, which must have labels. */
  public ChurnModel train(FeatureMatrix training) {
    checkTrainable(training);
    var random = new SplittableRandom(seed);
    long splitSeed = random.nextLong();
    long calibrationSeed = random.nextLong();
    int[] labels = training.labels();
    int[] calibrationFold = calibration == CalibrationMethod.NONE
        ? null
        : training.stratifiedFolds(CALIBRATION_FOLDS, calibrationSeed);
    if (parameters instanceof XgboostParameters xgboost) {
      return trainXgboost(training, labels, xgboost, splitSeed, calibrationFold);
    }
    return trainLogistic(training, labels, (LogisticParameters) parameters, calibrationFold);
  }

  private XgboostModel trainXgboost(FeatureMatrix training, int[] labels, XgboostParameters settings, long splitSeed,
      int[] calibrationFold) {
    Encoding encoding = Encoding.fit(training, Encoding.Mode.TREES);
    int width = encoding.width();
    float[] design = encoding.trees(training);
    int rounds = settings.maxRounds();
    double[] validationMargins = null;
    int[] validationLabels = null;
    if (settings.earlyStoppingRounds() > 0) {
      int folds = Math.max(2, (int) Math.round(1 / settings.validationFraction()));
      int[] fold = training.stratifiedFolds(folds, splitSeed);
      int[] fit = rowsWhere(fold, 0, false);
      int[] validation = rowsWhere(fold, 0, true);
      int[] fitLabels = XgboostTraining.labelsOf(labels, fit);
      validationLabels = XgboostTraining.labelsOf(labels, validation);
      XgboostTraining.EarlyStop stop = XgboostTraining.bestRounds(XgboostTraining.rowsOf(design, width, fit), fitLabels,
          XgboostTraining.rowsOf(design, width, validation), validationLabels, width,
          XgboostTraining.parameters(settings, seed, scalePosWeight(settings, fitLabels)), settings.maxRounds(),
          settings.earlyStoppingRounds());
      rounds = stop.rounds();
      validationMargins = stop.validationMargins();
    }
    Calibrator calibrator = new Calibrator.Identity();
    if (calibrationFold != null && validationMargins != null && labels.length >= LARGE) {
      // on large data the early-stopping split's held-out margins (tens of thousands of rows) calibrate as well as
      // cross-fitting and save three more boosters
      calibrator = Calibrator.fit(calibration, validationMargins, validationLabels);
    } else if (calibrationFold != null) {
      double[] heldOut = new double[labels.length];
      for (int fold = 0; fold < CALIBRATION_FOLDS; fold++) {
        int[] fit = rowsWhere(calibrationFold, fold, false);
        int[] predicted = rowsWhere(calibrationFold, fold, true);
        int[] fitLabels = XgboostTraining.labelsOf(labels, fit);
        byte[] booster = XgboostTraining.train(XgboostTraining.rowsOf(design, width, fit), width, fitLabels,
            XgboostTraining.parameters(settings, seed, scalePosWeight(settings, fitLabels)), rounds);
        double[] margins = XgboostTraining.margins(booster, XgboostTraining.rowsOf(design, width, predicted),
            predicted.length, width, settings.threads());
        for (int i = 0; i < predicted.length; i++) {
          heldOut[predicted[i]] = margins[i];
        }
      }
      calibrator = Calibrator.fit(calibration, heldOut, labels);
    }
    byte[] booster = XgboostTraining.train(design, width, labels,
        XgboostTraining.parameters(settings, seed, scalePosWeight(settings, labels)), rounds);
    var chosen = new LinkedHashMap<String, String>();
    chosen.put("rounds", Integer.toString(rounds));
    return new XgboostModel(settings, encoding, booster, rounds, calibrator,
        provenance(training, chosen, Map.of("xgboost4j", XgboostTraining.version())));
  }

  private LogisticModel trainLogistic(FeatureMatrix training, int[] labels, LogisticParameters settings,
      int[] calibrationFold) {
    Calibrator calibrator = new Calibrator.Identity();
    if (calibrationFold != null) {
      double[] heldOut = new double[labels.length];
      for (int fold = 0; fold < CALIBRATION_FOLDS; fold++) {
        int[] predicted = rowsWhere(calibrationFold, fold, true);
        LogisticModel foldModel = fitLogistic(training.select(rowsWhere(calibrationFold, fold, false)), settings,
            new Calibrator.Identity());
        double[] margins = foldModel.margins(training.select(predicted));
        for (int i = 0; i < predicted.length; i++) {
          heldOut[predicted[i]] = margins[i];
        }
      }
      calibrator = Calibrator.fit(calibration, heldOut, labels);
    }
    return fitLogistic(training, settings, calibrator);
  }

  private LogisticModel fitLogistic(FeatureMatrix training, LogisticParameters settings, Calibrator calibrator) {
    Encoding encoding = Encoding.fit(training, Encoding.Mode.STANDARDISED);
    int width = encoding.width();
    double[] design = encoding.standardised(training);
    int[] labels = training.labels();
    double[] weights = null;
    if (settings.classWeighting() == ClassWeighting.BALANCED) {
      double positiveWeight = scalePosWeight(settings, labels);
      weights = new double[labels.length];
      for (int row = 0; row < labels.length; row++) {
        weights[row] = labels[row] == 1 ? positiveWeight : 1;
      }
    }
    LogisticRegression.Fit fit = LogisticRegression.fit(design, training.rows(), width, labels, weights,
        settings.l2(), settings.maxIterations());
    double[] means = new double[width];
    for (int row = 0; row < training.rows(); row++) {
      for (int column = 0; column < width; column++) {
        means[column] += design[row * width + column];
      }
    }
    for (int column = 0; column < width; column++) {
      means[column] /= training.rows();
    }
    var chosen = new LinkedHashMap<String, String>();
    chosen.put("newton_iterations", Integer.toString(fit.iterations()));
    return new LogisticModel(settings, encoding, fit.intercept(), fit.coefficients(), means, calibrator,
        provenance(training, chosen, Map.of()));
  }

  private Provenance provenance(FeatureMatrix training, Map<String, String> chosen, Map<String, String> libraries) {
    var settings = new LinkedHashMap<>(parameters.describe());
    settings.putAll(chosen);
    settings.put("calibration", calibration.name().toLowerCase(Locale.ROOT));
    settings.put("calibration_folds", Integer.toString(calibration == CalibrationMethod.NONE ? 0 : CALIBRATION_FOLDS));
    var versions = new LinkedHashMap<String, String>();
    String holdfast = ChurnTrainer.class.getPackage().getImplementationVersion();
    versions.put("holdfast", holdfast == null ? "development" : holdfast);
    versions.putAll(libraries);
    versions.put("java", System.getProperty("java.version"));
    OptionalInt first = OptionalInt.empty();
    OptionalInt last = OptionalInt.empty();
    if (training.hasGroups()) {
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int row = 0; row < training.rows(); row++) {
        min = Math.min(min, training.group(row));
        max = Math.max(max, training.group(row));
      }
      first = OptionalInt.of(min);
      last = OptionalInt.of(max);
    }
    return new Provenance(parameters.kind(), clock.instant(), seed, training.rows(), training.positives(), first, last,
        training.features().stream().map(Feature::name).toList(), settings, versions);
  }

  private static double scalePosWeight(ModelParameters settings, int[] labels) {
    if (settings.classWeighting() == ClassWeighting.NONE) {
      return 1;
    }
    int positives = 0;
    for (int label : labels) {
      positives += label;
    }
    return (labels.length - positives) / (double) Math.max(positives, 1);
  }

  private static int[] rowsWhere(int[] fold, int which, boolean inFold) {
    int count = 0;
    for (int value : fold) {
      if ((value == which) == inFold) {
        count++;
      }
    }
    int[] rows = new int[count];
    for (int row = 0, next = 0; row < fold.length; row++) {
      if ((fold[row] == which) == inFold) {
        rows[next++] = row;
      }
    }
    return rows;
  }

  private static void checkTrainable(FeatureMatrix training) {
    if (!training.hasLabels()) {
      throw new ModelException("the training matrix has no labels; a model learns from rows whose outcome is known");
    }
    int positives = training.positives();
    int negatives = training.rows() - positives;
    if (positives < MIN_PER_CLASS || negatives < MIN_PER_CLASS) {
      throw new ModelException("training needs at least " + MIN_PER_CLASS + " churners and " + MIN_PER_CLASS
          + " customers who stayed; the data has " + positives + " churners among " + training.rows() + " rows."
          + " Use a longer history or more observation dates");
    }
  }
}
