package dev.holdfast.ml;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** The calls into XGBoost4J: matrices, parameters, training with early stopping, and model bytes. */
final class XgboostTraining {
  /** The booster format in model files: XGBoost's Universal Binary JSON, exact for every float. */
  static final String FORMAT = "ubj";

  private XgboostTraining() {}

  /** XGBoost's parameter map for these settings; {@code scalePosWeight} is 1 unless churners are weighted. */
  static Map<String, Object> parameters(XgboostParameters settings, long seed, double scalePosWeight) {
    var parameters = new LinkedHashMap<String, Object>();
    parameters.put("objective", "binary:logistic");
    parameters.put("eval_metric", "logloss");
    parameters.put("tree_method", "hist");
    parameters.put("max_depth", Integer.toString(settings.maxDepth()));
    parameters.put("eta", Double.toString(settings.eta()));
    parameters.put("subsample", Double.toString(settings.subsample()));
    parameters.put("colsample_bytree", Double.toString(settings.columnSample()));
    parameters.put("min_child_weight", Double.toString(settings.minChildWeight()));
    parameters.put("lambda", Double.toString(settings.l2()));
    parameters.put("scale_pos_weight", Double.toString(scalePosWeight));
    parameters.put("seed", Long.toString(seed));
    parameters.put("nthread", Integer.toString(settings.threads()));
    parameters.put("verbosity", "0");
    return parameters;
  }

  static DMatrix matrix(float[] design, int rows, int width) {
    try {
      return new DMatrix(design, rows, width, Float.NaN);
    } catch (XGBoostError e) {
      throw new ModelException("XGBoost could not take a matrix of " + rows + " rows and " + width + " columns: "
          + e.getMessage(), e);
    }
  }

  static DMatrix labelled(float[] design, int rows, int width, int[] labels) {
    DMatrix matrix = matrix(design, rows, width);
    float[] targets = new float[rows];
    for (int row = 0; row < rows; row++) {
      targets[row] = labels[row];
    }
    try {
      matrix.setLabel(targets);
    } catch (XGBoostError e) {
      matrix.dispose();
      throw new ModelException("XGBoost could not take the labels: " + e.getMessage(), e);
    }
    return matrix;
  }

  /** Copies the given rows of a row-major matrix. */
  static float[] rowsOf(float[] design, int width, int[] rows) {
    float[] subset = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(design, rows[i] * width, subset, i * width, width);
    }
    return subset;
  }

  static int[] labelsOf(int[] labels, int[] rows) {
    int[] subset = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      subset[i] = labels[rows[i]];
    }
    return subset;
  }

  /** Trains exactly {@code rounds} rounds and returns the booster's bytes. */
  static byte[] train(float[] design, int width, int[] labels, Map<String, Object> parameters, int rounds) {
    DMatrix matrix = labelled(design, labels.length, width, labels);
    Booster booster = null;
    try {
      booster = XGBoost.train(matrix, parameters, rounds, Map.of(), null, null);
      return booster.toByteArray(FORMAT);
    } catch (XGBoostError e) {
      throw new ModelException("XGBoost could not train on " + labels.length + " rows: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      matrix.dispose();
    }
  }

  /** The best number of rounds and the validation rows' margins with that many trees. */
  record EarlyStop(int rounds, double[] validationMargins) {}

  /**
   * Adds trees on {@code fit} until the log-loss on {@code validation} has not improved for {@code patience} rounds
   * (or {@code maxRounds} are reached) and returns the best number of rounds with the validation margins then.
   */
  static EarlyStop bestRounds(float[] fitDesign, int[] fitLabels, float[] validationDesign, int[] validationLabels,
      int width, Map<String, Object> parameters, int maxRounds, int patience) {
    DMatrix fit = labelled(fitDesign, fitLabels.length, width, fitLabels);
    DMatrix validation = labelled(validationDesign, validationLabels.length, width, validationLabels);
    Booster booster = null;
    try {
      // Zero rounds: a booster that caches predictions for both matrices, without XGBoost printing each round.
      booster = XGBoost.train(fit, parameters, 0, Map.of("validation", validation), null, null);
      DMatrix[] watched = {validation};
      String[] names = {"validation"};
      float[] loss = new float[1];
      double best = Double.POSITIVE_INFINITY;
      int bestRound = 0;
      for (int round = 0; round < maxRounds; round++) {
        booster.update(fit, round);
        booster.evalSet(watched, names, round, loss);
        if (loss[0] < best) {
          best = loss[0];
          bestRound = round;
        } else if (round - bestRound >= patience) {
          break;
        }
      }
      float[][] predicted = booster.predict(validation, true, bestRound + 1);
      double[] margins = new double[predicted.length];
      for (int row = 0; row < margins.length; row++) {
        margins[row] = predicted[row][0];
      }
      return new EarlyStop(bestRound + 1, margins);
    } catch (XGBoostError e) {
      throw new ModelException("XGBoost could not train on " + fitLabels.length + " rows: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      fit.dispose();
      validation.dispose();
    }
  }

  /** Returns the margins (log-odds) of a booster for the rows of a design matrix. */
  static double[] margins(Booster booster, float[] design, int rows, int width) {
    DMatrix matrix = matrix(design, rows, width);
    try {
      float[][] predicted = booster.predict(matrix, true);
      double[] margins = new double[rows];
      for (int row = 0; row < rows; row++) {
        margins[row] = predicted[row][0];
      }
      return margins;
    } catch (XGBoostError e) {
      throw new ModelException("XGBoost could not score " + rows + " rows: " + e.getMessage(), e);
    } finally {
      matrix.dispose();
    }
  }

  /** Returns the margins of the booster in {@code bytes}, which is loaded for this and freed again. */
  static double[] margins(byte[] bytes, float[] design, int rows, int width, int threads) {
    Booster booster = load(bytes, threads);
    try {
      return margins(booster, design, rows, width);
    } finally {
      booster.dispose();
    }
  }

  static Booster load(byte[] bytes, int threads) {
    try {
      Booster booster = XGBoost.loadModel(bytes);
      booster.setParam("nthread", Integer.toString(threads));
      return booster;
    } catch (XGBoostError | IOException e) {
      throw new ModelException("the model file's XGBoost booster cannot be read: " + e.getMessage(), e);
    }
  }

  /** Returns XGBoost4J's version, from the properties file in its jar. */
  static String version() {
    try (var in = Booster.class.getResourceAsStream("/xgboost4j-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      var properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
