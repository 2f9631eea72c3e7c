package dev.holdfast.ml.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * How well calibrated churn probabilities matched outcomes on rows the model did not train on.
 *
 * @param rows the rows evaluated
 * @param churners the rows that churned
 * @param auc area under the ROC curve ({@link Metrics#auc})
 * @param averagePrecision PR-AUC as average precision ({@link Metrics#averagePrecision})
 * @param brier the Brier score
 * @param logLoss the mean log-loss
 * @param topDecile lift and capture in the top 10 % of the ranking
 * @param calibration predicted against observed churn in ten quantile bins
 */
public record Evaluation(
    int rows,
    int churners,
    double auc,
    double averagePrecision,
    double brier,
    double logLoss,
    Metrics.Lift topDecile,
    CalibrationTable calibration) {

  /** Evaluates probabilities against labels. */
  public static Evaluation of(double[] probabilities, int[] labels) {
    Metrics.check(probabilities, labels);
    int churners = 0;
    for (int label : labels) {
      churners += label;
    }
    return new Evaluation(
        probabilities.length,
        churners,
        Metrics.auc(probabilities, labels),
        Metrics.averagePrecision(probabilities, labels),
        Metrics.brier(probabilities, labels),
        Metrics.logLoss(probabilities, labels),
        Metrics.lift(probabilities, labels, 0.1),
        CalibrationTable.of(probabilities, labels, 10, CalibrationTable.Binning.QUANTILE));
  }

  /** The churn rate of the evaluated rows. */
  public double churnRate() {
    return churners / (double) rows;
  }

  /** Returns this evaluation as JSON, the form the store's {@code churn_models.evaluation} column holds. */
  public String toJson() {
    return EvaluationJson.write(toTree());
  }

  ObjectNode toTree() {
    ObjectNode json = EvaluationJson.object();
    json.put("rows", rows);
    json.put("churners", churners);
    EvaluationJson.number(json, "auc", auc);
    EvaluationJson.number(json, "average_precision", averagePrecision);
    EvaluationJson.number(json, "brier", brier);
    EvaluationJson.number(json, "log_loss", logLoss);
    ObjectNode top = json.putObject("top_decile");
    EvaluationJson.number(top, "churners", topDecile.churners());
    EvaluationJson.number(top, "capture", topDecile.capture());
    EvaluationJson.number(top, "precision", topDecile.precision());
    EvaluationJson.number(top, "lift", topDecile.lift());
    ArrayNode bins = json.putObject("calibration").put("binning", calibration.binning().name().toLowerCase(
        Locale.ROOT)).putArray("bins");
    for (CalibrationTable.Bin bin : calibration.bins()) {
      ObjectNode entry = bins.addObject();
      entry.put("lower", bin.lower()).put("upper", bin.upper()).put("count", bin.count())
          .put("mean_predicted", bin.meanPredicted()).put("observed", bin.observed());
    }
    return json;
  }
}
