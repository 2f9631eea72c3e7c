package dev.holdfast.ml.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The measures of a churn model's scores against what happened: AUC, average precision, Brier score, log-loss, and
 * lift and capture in the top of the ranking. Ties in the scores are handled exactly, never by row order.
 *
 * <p>Each takes scores (or probabilities) and labels (1 = churned) of equal length; a measure that needs both classes
 * returns {@code NaN} when one is absent.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * The area under the ROC curve: the probability that a random churner scores above a random non-churner, a tie
   * counting one half (the Mann–Whitney statistic, computed from mid-ranks).
   */
  public static double auc(double[] scores, int[] labels) {
    check(scores, labels);
    int n = scores.length;
    Integer[] order = ascending(scores);
    double positiveRanks = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && scores[order[j]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (labels[order[k]] == 1) {
          positiveRanks += midRank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Average precision, the area under the precision–recall curve as scikit-learn's {@code average_precision_score}
   * computes it: {@code Σ (R_k − R_{k−1}) P_k} over the distinct score thresholds, highest first, tied scores entering
   * together.
   */
  public static double averagePrecision(double[] scores, int[] labels) {
    check(scores, labels);
    int n = scores.length;
    long positives = Arrays.stream(labels).filter(label -> label == 1).count();
    if (positives == 0) {
      return Double.NaN;
    }
    Integer[] order = descending(scores);
    double precisionSum = 0;
    long truePositives = 0;
    long previousTruePositives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && scores[order[j]] == scores[order[i]]) {
        truePositives += labels[order[j]];
        j++;
      }
      double precision = truePositives / (double) j;
      precisionSum += (truePositives - previousTruePositives) * precision;
      previousTruePositives = truePositives;
      i = j;
    }
    return precisionSum / positives;
  }

  /** The Brier score: the mean squared difference between the probability and the outcome. Lower is better. */
  public static double brier(double[] probabilities, int[] labels) {
    check(probabilities, labels);
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double error = probabilities[i] - labels[i];
      sum += error * error;
    }
    return sum / probabilities.length;
  }

  /** The mean negative log-likelihood of the outcomes, with probabilities clipped to [1e-15, 1 − 1e-15]. */
  public static double logLoss(double[] probabilities, int[] labels) {
    check(probabilities, labels);
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(Math.max(probabilities[i], 1e-15), 1 - 1e-15);
      sum -= labels[i] == 1 ? Math.log(p) : Math.log1p(-p);
    }
    return sum / probabilities.length;
  }

  /**
   * How well the top {@code fraction} of the ranking (0.1 = the top decile) catches churners. The top holds exactly
   * {@code fraction × n} rows; when tied scores straddle its edge, each tied row counts in proportion, which is the
   * expectation over random tie-breaking.
   */
  public static Lift lift(double[] scores, int[] labels, double fraction) {
    check(scores, labels);
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
    }
    int n = scores.length;
    long positives = Arrays.stream(labels).filter(label -> label == 1).count();
    double quota = fraction * n;
    Integer[] order = descending(scores);
    double taken = 0;
    double caught = 0;
    int i = 0;
    while (i < n && taken < quota) {
      int j = i;
      int tiedPositives = 0;
      while (j < n && scores[order[j]] == scores[order[i]]) {
        tiedPositives += labels[order[j]];
        j++;
      }
      int block = j - i;
      double share = Math.min(1, (quota - taken) / block);
      taken += share * block;
      caught += share * tiedPositives;
      i = j;
    }
    double baseRate = positives / (double) n;
    double precision = caught / quota;
    double capture = positives == 0 ? Double.NaN : caught / positives;
    return new Lift(fraction, caught, capture, precision, positives == 0 ? Double.NaN : precision / baseRate);
  }

  /**
   * The top {@code fraction} of a ranking.
   *
   * @param churners the churners in it (fractional when ties straddle its edge)
   * @param capture the share of all churners that it holds
   * @param precision the churn rate within it
   * @param lift its churn rate over the overall churn rate
   */
  public record Lift(double fraction, double churners, double capture, double precision, double lift) {}

  static Integer[] ascending(double[] scores) {
    return IntStream.range(0, scores.length).boxed().sorted(Comparator.comparingDouble(i -> scores[i]))
        .toArray(Integer[]::new);
  }

  private static Integer[] descending(double[] scores) {
    return IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed()).toArray(Integer[]::new);
  }

  static void check(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " and "
          + labels.length);
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("a measure needs at least one score");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label " + i + " is " + labels[i] + "; labels must be 0 or 1");
      }
    }
  }
}
