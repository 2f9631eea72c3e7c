package dev.holdfast.trend;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * The Kruskal–Wallis rank test that several groups come from the same distribution.
 *
 * <p>Kruskal and Wallis (1952), with the correction for ties and the chi-square approximation of R
 * {@code kruskal.test}:
 * <pre>
 * H  = [12 / (N(N+1)) · Σ_g R_g² / n_g − 3(N+1)] / [1 − Σ_t (t³ − t) / (N³ − N)]
 * df = k − 1,   p = 1 − F_χ²(H; df)
 * </pre>
 * R_g is the sum of the ranks (ties get their average rank) of group g among all N values, k the number of
 * groups and t the size of each group of tied values. When all values are tied, H = 0 and p = 1.
 */
final class KruskalWallis {
  record Result(double statistic, int degreesOfFreedom, double pValue) {}

  private KruskalWallis() {}

  static Result test(double[][] groups) {
    if (groups.length < 2) {
      throw new IllegalArgumentException("Kruskal–Wallis needs at least 2 groups, got " + groups.length);
    }
    int total = 0;
    for (int g = 0; g < groups.length; g++) {
      if (groups[g].length == 0) {
        throw new IllegalArgumentException("group " + g + " is empty");
      }
      total += groups[g].length;
    }
    Ranks ranks = Ranks.of(groups);
    double[] rankSums = ranks.rankSums();
    double tieSum = ranks.tieSum();
    double n = total;
    double tieCorrection = 1 - tieSum / (n * n * n - n);
    int degreesOfFreedom = groups.length - 1;
    if (tieCorrection <= 0) {
      return new Result(0, degreesOfFreedom, 1);
    }
    double sum = 0;
    for (int g = 0; g < groups.length; g++) {
      sum += rankSums[g] * rankSums[g] / groups[g].length;
    }
    double statistic = Math.max(0, (12 / (n * (n + 1)) * sum - 3 * (n + 1)) / tieCorrection);
    double p = 1 - new ChiSquaredDistribution(degreesOfFreedom).cumulativeProbability(statistic);
    return new Result(statistic, degreesOfFreedom, Math.max(0, Math.min(1, p)));
  }
}
