package dev.holdfast.survival;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealVector;
import org.hipparchus.special.Gamma;

/**
 * The log-rank test that k ≥ 2 groups of right-censored times share one survival curve (Mantel 1966), as
 * R's {@code survdiff(Surv(time, event) ~ group)} with {@code rho = 0}.
 *
 * <p>At each distinct event time with {@code d} events among {@code n} at risk, {@code n_g} of them in group
 * {@code g}: {@code E_g += d n_g / n} and, when {@code n > 1}, {@code V_gh += d (n − d) / (n − 1) · (n_g / n)
 * (δ_gh − n_h / n)}. With {@code O_g} the observed events, {@code χ² = (O − E)ᵀ V⁻¹ (O − E)} over the groups
 * with {@code E_g > 0} less the first of them, on that many degrees of freedom (R drops groups with nothing
 * expected and reports χ² = 0 on 0 degrees of freedom, p = 1, when fewer than two remain). The p-value is
 * the chi-square upper tail {@code Q(df/2, χ²/2)}, the complement of Hipparchus's
 * {@code ChiSquaredDistribution.cumulativeProbability} evaluated directly so that p-values far below
 * 1e-16 keep their precision instead of rounding to 0.
 */
public final class LogRank {
  private LogRank() {}

  /**
   * Compares the survival of the groups.
   *
   * @param times the time each subject was observed, finite and {@code >= 0}
   * @param events whether each subject's time is an event ({@code true}) or a censoring ({@code false})
   * @param groups each subject's group label; at least two distinct labels
   * @throws IllegalArgumentException when the input is invalid, there is no event, or the variance matrix
   *     is singular (a group is never at risk with another at an event time that leaves survivors)
   */
  public static LogRankResult test(double[] times, boolean[] events, int[] groups) {
    RiskTable table = RiskTable.of(times, events, groups);
    int groupCount = table.groups();
    if (groupCount < 2) {
      throw new IllegalArgumentException("groups must hold at least 2 distinct labels to compare: all "
          + times.length + " subjects are labelled " + table.label(0));
    }
    int[] observed = new int[groupCount];
    double[] expected = new double[groupCount];
    double[][] variance = new double[groupCount][groupCount];
    double[] share = new double[groupCount];
    for (int row = 0; row < table.rows(); row++) {
      int died = 0;
      int risk = 0;
      for (int group = 0; group < groupCount; group++) {
        died += table.events(group, row);
        risk += table.atRisk(group, row);
        observed[group] += table.events(group, row);
      }
      if (died == 0) {
        continue;
      }
      for (int group = 0; group < groupCount; group++) {
        share[group] = (double) table.atRisk(group, row) / risk;
        expected[group] += died * share[group];
      }
      if (risk > 1) {
        double weight = (double) died * (risk - died) / (risk - 1);
        for (int group = 0; group < groupCount; group++) {
          for (int other = 0; other < groupCount; other++) {
            double covariance = share[group] * ((group == other ? 1 : 0) - share[other]);
            variance[group][other] += weight * covariance;
          }
        }
      }
    }
    int totalEvents = 0;
    for (int count : observed) {
      totalEvents += count;
    }
    if (totalEvents == 0) {
      throw new IllegalArgumentException("the log-rank test needs at least one event: all " + times.length
          + " subjects are censored");
    }
    List<LogRankResult.Group> results = new ArrayList<>(groupCount);
    List<Integer> informative = new ArrayList<>();
    for (int group = 0; group < groupCount; group++) {
      results.add(new LogRankResult.Group(table.label(group), table.subjects(group), observed[group],
          expected[group], variance[group][group]));
      if (expected[group] > 0) {
        informative.add(group);
      }
    }
    int degreesOfFreedom = informative.size() - 1;
    if (degreesOfFreedom < 1) {
      return new LogRankResult(results, 0, 0, 1);
    }
    double[][] reduced = new double[degreesOfFreedom][degreesOfFreedom];
    double[] difference = new double[degreesOfFreedom];
    for (int i = 0; i < degreesOfFreedom; i++) {
      int group = informative.get(i + 1);
      difference[i] = observed[group] - expected[group];
      for (int j = 0; j < degreesOfFreedom; j++) {
        reduced[i][j] = variance[group][informative.get(j + 1)];
      }
    }
    DecompositionSolver solver = new LUDecomposition(MatrixUtils.createRealMatrix(reduced)).getSolver();
    if (!solver.isNonSingular()) {
      throw new IllegalArgumentException("the log-rank variance matrix of groups " + labels(table)
          + " is singular, so they cannot be compared: a group is never at risk together with another at "
          + "an event time that leaves survivors");
    }
    RealVector differenceVector = MatrixUtils.createRealVector(difference);
    double chiSquare = Math.max(differenceVector.dotProduct(solver.solve(differenceVector)), 0);
    double pValue = Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, chiSquare / 2.0);
    return new LogRankResult(results, chiSquare, degreesOfFreedom, pValue);
  }

  /** As {@link #test(double[], boolean[], int[])} with events coded 1 (event) and 0 (censored). */
  public static LogRankResult test(double[] times, int[] events, int[] groups) {
    return test(times, RiskTable.events(events), groups);
  }

  private static List<Integer> labels(RiskTable table) {
    List<Integer> labels = new ArrayList<>(table.groups());
    for (int group = 0; group < table.groups(); group++) {
      labels.add(table.label(group));
    }
    return labels;
  }
}
