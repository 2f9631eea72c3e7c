package dev.holdfast.trend;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The Mann–Kendall test for a monotonic trend in values observed at equally spaced periods.
 *
 * <p>Mann (1945), Kendall (1975); variance with the correction for ties and Z with the continuity correction as
 * in Hirsch, Slack and Smith (1982) and Gilbert (1987, eqs. 16.4–16.5), the statistic of R
 * {@code Kendall::MannKendall}; Z, p and τ equal R {@code cor.test(time, x, method = "kendall", exact = FALSE)}:
 * <pre>
 * S      = Σ_{i&lt;j} sign(x_j − x_i)
 * var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18        t_g: size of the g-th group of equal values
 * Z      = (S − sign(S)) / √var(S)
 * p      = 2 (1 − Φ(|Z|))                                       two-sided
 * τ      = S / √([n(n−1)/2 − Σ_g t_g(t_g−1)/2] · n(n−1)/2)      Kendall's τ_b; time has no ties
 * </pre>
 * Missing values (NaN) are skipped and n counts the values present. When every value is tied, var(S) = 0 and
 * the test reports Z = 0, p = 1.
 */
public record MannKendall(int n, long s, double varianceS, double z, double pValue, double tau) {
  public MannKendall {
    if (n < 0) {
      throw new IllegalArgumentException("n cannot be negative: " + n);
    }
    if (!(varianceS >= 0)) {
      throw new IllegalArgumentException("varianceS must be >= 0: " + varianceS);
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be within [0, 1]: " + pValue);
    }
  }

  static MannKendall test(double[] values) {
    double[] present = Arrays.stream(values).filter(value -> !Double.isNaN(value)).toArray();
    int n = present.length;
    long s = 0;
    for (int i = 0; i < n - 1; i++) {
      for (int j = i + 1; j < n; j++) {
        s += (long) Math.signum(present[j] - present[i]);
      }
    }
    double[] sorted = present.clone();
    Arrays.sort(sorted);
    double tieVariance = 0;
    double tiedPairs = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && sorted[end + 1] == sorted[start]) {
        end++;
      }
      double t = end - start + 1;
      tieVariance += t * (t - 1) * (2 * t + 5);
      tiedPairs += t * (t - 1) / 2;
      start = end + 1;
    }
    double pairs = n * (n - 1.0) / 2;
    double varianceS = Math.max(0, (n * (n - 1.0) * (2.0 * n + 5) - tieVariance) / 18);
    double z = varianceS == 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(varianceS);
    double p = Math.min(1, 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z)));
    double denominator = Math.sqrt((pairs - tiedPairs) * pairs);
    double tau = denominator == 0 ? 0 : s / denominator;
    return new MannKendall(n, s, varianceS, z, p, tau);
  }
}
