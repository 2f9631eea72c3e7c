package dev.holdfast.trend;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The Wilcoxon rank-sum (Mann–Whitney) test that one sample tends to lie above or below another, two-sided.
 *
 * <p>The numbers of R {@code wilcox.test(x, y)} with its defaults: W = Σ ranks of x in x ∪ y − n_x(n_x+1)/2.
 * With both samples under {@value #EXACT_BELOW} values and no ties, p comes from W's exact distribution,
 * p = min(1, 2 · P(W ≥ w)) when w &gt; n_x n_y / 2, else min(1, 2 · P(W ≤ w)); the counts of rank subsets with a
 * given sum are built one rank at a time. Otherwise the normal approximation with the corrections for ties and
 * continuity:
 * <pre>
 * σ = √(n_x n_y / 12 · [n_x + n_y + 1 − Σ_t (t³ − t) / ((n_x + n_y)(n_x + n_y − 1))])
 * z = (W − n_x n_y / 2 − sign(W − n_x n_y / 2) · ½) / σ,   p = 2 (1 − Φ(|z|))
 * </pre>
 * When every value is tied, σ = 0 and p = 1.
 */
final class RankSum {
  static final int EXACT_BELOW = 50;

  record Result(double w, double pValue) {}

  private RankSum() {}

  static Result test(double[] sample, double[] rest) {
    if (sample.length == 0 || rest.length == 0) {
      throw new IllegalArgumentException("the rank-sum test needs two non-empty samples, got " + sample.length + " and " + rest.length);
    }
    Ranks ranks = Ranks.of(new double[][] {sample, rest});
    int nx = sample.length;
    int ny = rest.length;
    double w = ranks.rankSums()[0] - nx * (nx + 1.0) / 2;
    if (nx < EXACT_BELOW && ny < EXACT_BELOW && ranks.tieSum() == 0) {
      return new Result(w, exactP((int) w, nx, ny));
    }
    double n = nx + (double) ny;
    double centred = w - nx * (double) ny / 2;
    double sigma = Math.sqrt(nx * (double) ny / 12 * (n + 1 - ranks.tieSum() / (n * (n - 1))));
    if (!(sigma > 0)) {
      return new Result(w, 1);
    }
    double z = (centred - Math.signum(centred) * 0.5) / sigma;
    return new Result(w, Math.min(1, 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z))));
  }

  private static double exactP(int w, int nx, int ny) {
    double[] frequencies = frequencies(nx, ny);
    double total = 0;
    for (double frequency : frequencies) {
      total += frequency;
    }
    double tail = 0;
    if (w > nx * ny / 2.0) {
      for (int u = w; u <= nx * ny; u++) {
        tail += frequencies[u];
      }
    } else {
      for (int u = 0; u <= w; u++) {
        tail += frequencies[u];
      }
    }
    return Math.min(1, 2 * tail / total);
  }

  /** How many ways of choosing n_x ranks of n_x + n_y give W = u, for u = 0 … n_x n_y. */
  private static double[] frequencies(int nx, int ny) {
    int n = nx + ny;
    int maxSum = nx * n;
    double[][] ways = new double[nx + 1][maxSum + 1];
    ways[0][0] = 1;
    for (int rank = 1; rank <= n; rank++) {
      for (int chosen = Math.min(rank, nx); chosen >= 1; chosen--) {
        for (int sum = maxSum; sum >= rank; sum--) {
          ways[chosen][sum] += ways[chosen - 1][sum - rank];
        }
      }
    }
    double[] frequencies = new double[nx * ny + 1];
    int offset = nx * (nx + 1) / 2;
    for (int u = 0; u <= nx * ny; u++) {
      frequencies[u] = ways[nx][u + offset];
    }
    return frequencies;
  }
}
