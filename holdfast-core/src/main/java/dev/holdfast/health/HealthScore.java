package dev.holdfast.health;

import dev.holdfast.config.HoldfastConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A transparent customer health score from 0 to 100 (docs/features.md): a weighted scorecard over named features.
 * A component gives no points at its bad value or beyond, all its points at its good value or beyond and a straight
 * line between; the score is the points won out of the points of the components that have a value, so a missing
 * signal neither helps nor hurts. Bands: poor below one limit, good from another, fair between.
 */
public final class HealthScore {
  /** One component's part in a customer's score: the feature's value and the points it won of its maximum. */
  public record Part(String feature, double value, double points, double maxPoints) {}

  /** A customer's score (NaN when no component has a value), band and the parts that make it. */
  public record Result(double score, String band, List<Part> parts) {}

  /** How well the "poor" band picks out churners on rows whose outcome is known. */
  public record Backtest(long rows, long churners, long poor, long poorChurners, double precision, double recall, double lift, double auc,
      List<BandRate> bands) {}

  /** Customers and churners of one band. */
  public record BandRate(String band, long customers, long churners, double churnRate) {}

  public static final String POOR = "poor";
  public static final String FAIR = "fair";
  public static final String GOOD = "good";
  public static final String UNKNOWN = "unknown";

  private final List<HoldfastConfig.HealthComponent> components;
  private final double poorBelow;
  private final double goodFrom;

  public HealthScore(List<HoldfastConfig.HealthComponent> components, double poorBelow, double goodFrom) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a health score needs at least one component");
    }
    this.components = List.copyOf(components);
    this.poorBelow = poorBelow;
    this.goodFrom = goodFrom;
  }

  public static HealthScore of(HoldfastConfig.Churn churn) {
    return new HealthScore(churn.health(), churn.poorBelow(), churn.goodFrom());
  }

  public List<HoldfastConfig.HealthComponent> components() {
    return components;
  }

  /** The points a component wins at {@code value}: 0 at bad or beyond, all at good or beyond, linear between. */
  static double points(HoldfastConfig.HealthComponent component, double value) {
    double share = (value - component.bad()) / (component.good() - component.bad());
    return component.points() * Math.max(0, Math.min(1, share));
  }

  /** One customer's score from the values of the features (NaN or absent: missing). */
  public Result score(Map<String, Double> values) {
    return score(feature -> {
      Double value = values.get(feature);
      return value == null ? Double.NaN : value;
    });
  }

  /** The score of row {@code row} of feature columns by name (a feature absent from the map is missing). */
  public Result score(Map<String, double[]> columns, int row) {
    return score(feature -> {
      double[] column = columns.get(feature);
      return column == null ? Double.NaN : column[row];
    });
  }

  private Result score(ToDoubleFunction<String> valueOf) {
    double[] values = new double[components.size()];
    double[] points = new double[components.size()];
    for (int c = 0; c < values.length; c++) {
      values[c] = valueOf.applyAsDouble(components.get(c).feature());
    }
    double score = total(values, points);
    List<Part> parts = new ArrayList<>(components.size());
    for (int c = 0; c < values.length; c++) {
      HoldfastConfig.HealthComponent component = components.get(c);
      parts.add(new Part(component.feature(), values[c], points[c], component.points()));
    }
    return new Result(score, band(score), parts);
  }

  /** Fills the points of each component's value (NaN for a missing value) and returns the score. */
  private double total(double[] values, double[] points) {
    double won = 0;
    double possible = 0;
    for (int c = 0; c < values.length; c++) {
      if (Double.isNaN(values[c])) {
        points[c] = Double.NaN;
        continue;
      }
      HoldfastConfig.HealthComponent component = components.get(c);
      points[c] = points(component, values[c]);
      won += points[c];
      possible += component.points();
    }
    return possible == 0 ? Double.NaN : 100 * won / possible;
  }

  /**
   * Scores rows of feature columns by name (a feature absent from the map is missing), with the columns looked up
   * once: for writing the parts of many customers without a map lookup per component and row.
   */
  public Rows rows(Map<String, double[]> columns) {
    double[][] bound = new double[components.size()][];
    for (int c = 0; c < bound.length; c++) {
      bound[c] = columns.get(components.get(c).feature());
    }
    return (row, values, points) -> {
      for (int c = 0; c < bound.length; c++) {
        values[c] = bound[c] == null ? Double.NaN : bound[c][row];
      }
      return total(values, points);
    };
  }

  /** The score of one row of bound feature columns. */
  @FunctionalInterface
  public interface Rows {
    /**
     * The score of {@code row} (NaN when no component has a value), filling each component's value and points (NaN
     * when missing) in the order of {@link #components()}; the arrays are the caller's, one per thread.
     */
    double score(int row, double[] values, double[] points);
  }

  /** Scores of many customers from feature columns by name (a feature absent from the map is missing for all). */
  public double[] scores(Map<String, double[]> columns, int rows) {
    double[] won = new double[rows];
    double[] possible = new double[rows];
    for (HoldfastConfig.HealthComponent component : components) {
      double[] column = columns.get(component.feature());
      if (column == null) {
        continue;
      }
      for (int i = 0; i < rows; i++) {
        if (!Double.isNaN(column[i])) {
          won[i] += points(component, column[i]);
          possible[i] += component.points();
        }
      }
    }
    double[] scores = new double[rows];
    for (int i = 0; i < rows; i++) {
      scores[i] = possible[i] == 0 ? Double.NaN : 100 * won[i] / possible[i];
    }
    return scores;
  }

  public String band(double score) {
    if (Double.isNaN(score)) {
      return UNKNOWN;
    }
    return score < poorBelow ? POOR : score >= goodFrom ? GOOD : FAIR;
  }

  /**
   * The score against outcomes that really happened: precision, recall and lift of the poor band as a churn flag,
   * the churn rate of each band, and the AUC of the score as a ranking (lower score, higher risk; ties count half).
   */
  public Backtest backtest(double[] scores, double[] labels) {
    long rows = 0;
    long churners = 0;
    long poor = 0;
    long poorChurners = 0;
    String[] bands = {POOR, FAIR, GOOD, UNKNOWN};
    long[] bandRows = new long[4];
    long[] bandChurners = new long[4];
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(labels[i])) {
        continue;
      }
      boolean churned = labels[i] > 0.5;
      rows++;
      churners += churned ? 1 : 0;
      int band = Arrays.asList(bands).indexOf(band(scores[i]));
      bandRows[band]++;
      bandChurners[band] += churned ? 1 : 0;
      if (band == 0) {
        poor++;
        poorChurners += churned ? 1 : 0;
      }
    }
    double precision = poor == 0 ? Double.NaN : (double) poorChurners / poor;
    double recall = churners == 0 ? Double.NaN : (double) poorChurners / churners;
    double base = rows == 0 ? Double.NaN : (double) churners / rows;
    List<BandRate> rates = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      if (bandRows[b] > 0 || b < 3) {
        rates.add(new BandRate(bands[b], bandRows[b], bandChurners[b], bandRows[b] == 0 ? Double.NaN : (double) bandChurners[b] / bandRows[b]));
      }
    }
    return new Backtest(rows, churners, poor, poorChurners, precision, recall, precision / base, auc(scores, labels), rates);
  }

  /** P(a churner's score is below a stayer's), ties half: the AUC of the score as a risk ranking; missing scores skipped. */
  static double auc(double[] scores, double[] labels) {
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isNaN(scores[i]) && !Double.isNaN(labels[i])) {
        n++;
      }
    }
    double[][] pairs = new double[n][];
    int k = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isNaN(scores[i]) && !Double.isNaN(labels[i])) {
        pairs[k++] = new double[] {-scores[i], labels[i]};
      }
    }
    Arrays.sort(pairs, (x, y) -> Double.compare(x[0], y[0]));
    double positives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && pairs[j][0] == pairs[i][0]) {
        j++;
      }
      double averageRank = (i + 1 + j) / 2.0;
      for (int t = i; t < j; t++) {
        if (pairs[t][1] > 0.5) {
          positives++;
          rankSum += averageRank;
        }
      }
      i = j;
    }
    double negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }
}
