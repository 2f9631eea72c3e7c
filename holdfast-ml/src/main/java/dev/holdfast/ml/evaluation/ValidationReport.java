package dev.holdfast.ml.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The evaluations of one validation design, fold by fold, with the mean and spread of each measure.
 *
 * @param design what was done, e.g. {@code "stratified 5-fold, seed 42"}
 */
public record ValidationReport(String design, List<Fold> folds) {

  public ValidationReport {
    folds = List.copyOf(folds);
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("a validation report needs at least one fold");
    }
  }

  /**
   * One fold: a model trained on {@code trainingRows} rows and evaluated on others.
   *
   * @param name e.g. {@code "fold 3"} or {@code "group 20574"}
   */
  public record Fold(String name, int trainingRows, Evaluation evaluation) {}

  /**
   * A measure across folds.
   *
   * @param sd the sample standard deviation across folds (0 for one fold)
   */
  public record Summary(double mean, double sd, double min, double max) {}

  public Summary auc() {
    return summarise(Evaluation::auc);
  }

  public Summary averagePrecision() {
    return summarise(Evaluation::averagePrecision);
  }

  public Summary brier() {
    return summarise(Evaluation::brier);
  }

  public Summary logLoss() {
    return summarise(Evaluation::logLoss);
  }

  public Summary topDecileLift() {
    return summarise(evaluation -> evaluation.topDecile().lift());
  }

  public Summary topDecileCapture() {
    return summarise(evaluation -> evaluation.topDecile().capture());
  }

  public Summary expectedCalibrationError() {
    return summarise(evaluation -> evaluation.calibration().expectedCalibrationError());
  }

  /** Summarises any measure of the folds' evaluations. */
  public Summary summarise(ToDoubleFunction<Evaluation> measure) {
    double[] values = folds.stream().mapToDouble(fold -> measure.applyAsDouble(fold.evaluation())).toArray();
    double mean = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      mean += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    mean /= values.length;
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    double sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
    return new Summary(mean, sd, min, max);
  }

  /** Returns the report as JSON: the design, each measure's summary and every fold's evaluation. */
  public String toJson() {
    ObjectNode json = EvaluationJson.object();
    json.put("design", design);
    ObjectNode summary = json.putObject("summary");
    summary(summary, "auc", auc());
    summary(summary, "average_precision", averagePrecision());
    summary(summary, "brier", brier());
    summary(summary, "log_loss", logLoss());
    summary(summary, "top_decile_lift", topDecileLift());
    summary(summary, "top_decile_capture", topDecileCapture());
    summary(summary, "expected_calibration_error", expectedCalibrationError());
    ArrayNode list = json.putArray("folds");
    for (Fold fold : folds) {
      ObjectNode entry = list.addObject();
      entry.put("name", fold.name()).put("training_rows", fold.trainingRows());
      entry.set("evaluation", fold.evaluation().toTree());
    }
    return EvaluationJson.write(json);
  }

  private static void summary(ObjectNode parent, String name, Summary value) {
    ObjectNode node = parent.putObject(name);
    EvaluationJson.number(node, "mean", value.mean());
    EvaluationJson.number(node, "sd", value.sd());
    EvaluationJson.number(node, "min", value.min());
    EvaluationJson.number(node, "max", value.max());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "%s: AUC %.4f ± %.4f, PR-AUC %.4f ± %.4f, Brier %.4f ± %.4f, top-decile lift %.2f ± %.2f, capture %.3f ± %.3f",
        design, auc().mean(), auc().sd(), averagePrecision().mean(), averagePrecision().sd(), brier().mean(),
        brier().sd(), topDecileLift().mean(), topDecileLift().sd(), topDecileCapture().mean(),
        topDecileCapture().sd());
  }
}
