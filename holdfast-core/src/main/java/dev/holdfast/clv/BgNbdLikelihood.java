package dev.holdfast.clv;

import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD log-likelihood of weighted {@code (x, t_x, T)} patterns and its analytic gradient in
 * {@code (r, α, a, b)}.
 *
 * <p>Fader, Hardie and Lee (2005), eq. 6: {@code L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^{r+x})
 * + δ_{x>0} B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^{r+x})}. With
 * {@code B(a+1, b+x−1) = B(a, b+x) · a/(b+x−1)} the log is
 * {@code ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln(e^u + δ e^v)}, where
 * {@code u = −(r+x) ln(α+T)} and {@code v = ln a − ln(b+x−1) − (r+x) ln(α+t_x)}; the gradient follows with
 * {@code ω = δ e^v / (e^u + δ e^v)} and digamma differences such as {@code ψ(r+x) − ψ(r)}. Everything before the
 * last term depends on {@code x} alone and is computed once per distinct frequency.
 */
final class BgNbdLikelihood implements MaximumLikelihood.LogLikelihood {
  private final BgNbdPatterns patterns;

  BgNbdLikelihood(BgNbdPatterns patterns) {
    this.patterns = patterns;
  }

  /** Starting values: {@code r = 1} with {@code α} matching the mean purchase rate, and {@code a = b = 1}. */
  double[] start() {
    double rate = patterns.meanFrequency / Math.max(patterns.meanAge, Double.MIN_NORMAL);
    double alpha = rate > 0 && Double.isFinite(1 / rate) ? 1 / rate : 1;
    return new double[] {1, alpha, 1, 1};
  }

  @Override
  public List<String> names() {
    return List.of("r", "alpha", "a", "b");
  }

  @Override
  public double customers() {
    return patterns.customers;
  }

  @Override
  public int patterns() {
    return patterns.size();
  }

  @Override
  public BgNbdLikelihood everyNth(int stride) {
    return new BgNbdLikelihood(patterns.everyNth(stride));
  }

  @Override
  public double evaluate(double[] parameters, double[] gradient) {
    double r = parameters[0];
    double alpha = parameters[1];
    double a = parameters[2];
    double b = parameters[3];
    double[] frequencies = patterns.frequencies;
    int distinct = frequencies.length;
    double[] logBMinusOne = new double[distinct];
    double logLikelihood = patterns.customers * (r * Math.log(alpha));
    double gradientR = patterns.customers * Math.log(alpha);
    double gradientAlpha = patterns.customers * r / alpha;
    double gradientA = 0;
    double gradientB = 0;
    double logGammaR = Gamma.logGamma(r);
    double logGammaB = Gamma.logGamma(b);
    double logGammaAB = Gamma.logGamma(a + b);
    double digammaR = gradient == null ? 0 : Digamma.of(r);
    double digammaB = gradient == null ? 0 : Digamma.of(b);
    double digammaAB = gradient == null ? 0 : Digamma.of(a + b);
    for (int k = 0; k < distinct; k++) {
      double x = frequencies[k];
      double w = patterns.frequencyWeights[k];
      if (x == 0) {
        continue;
      }
      logBMinusOne[k] = Math.log(b + x - 1);
      logLikelihood += w * (Gamma.logGamma(r + x) - logGammaR + Gamma.logGamma(b + x) - logGammaB + logGammaAB
          - Gamma.logGamma(a + b + x));
      if (gradient != null) {
        double digammaABX = Digamma.of(a + b + x);
        gradientR += w * (Digamma.of(r + x) - digammaR);
        gradientA += w * (digammaAB - digammaABX);
        gradientB += w * (Digamma.of(b + x) - digammaB + digammaAB - digammaABX);
      }
    }
    double logA = Math.log(a);
    boolean withGradient = gradient != null;
    double[] sums = MaximumLikelihood.sumPatterns(patterns.size(), withGradient ? 5 : 1,
        (from, to, out) -> addPatterns(from, to, r, alpha, b, logA, logBMinusOne, withGradient, out));
    logLikelihood += sums[0];
    if (withGradient) {
      gradient[0] = gradientR + sums[1];
      gradient[1] = gradientAlpha + sums[2];
      gradient[2] = gradientA + sums[3] / a;
      gradient[3] = gradientB + sums[4];
    }
    return logLikelihood;
  }

  /**
   * Adds the last term of each pattern in {@code [from, to)}: its log-likelihood into {@code out[0]} and, when
   * asked, its derivatives in {@code r}, {@code α}, {@code a} (times {@code a}) and {@code b} into the rest.
   */
  private void addPatterns(int from, int to, double r, double alpha, double b, double logA, double[] logBMinusOne,
      boolean withGradient, double[] out) {
    double[] frequencies = patterns.frequencies;
    double[] recency = patterns.recency;
    double[] age = patterns.age;
    double[] weight = patterns.weight;
    int[] frequencyIndex = patterns.frequencyIndex;
    double logLikelihood = 0;
    double sumR = 0;
    double sumAlpha = 0;
    double sumOmega = 0;
    double sumB = 0;
    for (int i = from; i < to; i++) {
      int k = frequencyIndex[i];
      double x = frequencies[k];
      double w = weight[i];
      double shape = r + x;
      double logAlphaT = Math.log(alpha + age[i]);
      double u = -shape * logAlphaT;
      if (x == 0) {
        logLikelihood += w * u;
        if (withGradient) {
          sumR -= w * logAlphaT;
          sumAlpha -= w * shape / (alpha + age[i]);
        }
        continue;
      }
      double logAlphaTx = Math.log(alpha + recency[i]);
      double v = logA - logBMinusOne[k] - shape * logAlphaTx;
      double max = Math.max(u, v);
      double rest = Math.exp(Math.min(u, v) - max);
      logLikelihood += w * (max + Math.log(1 + rest));
      if (withGradient) {
        double omega = u >= v ? rest / (1 + rest) : 1 / (1 + rest);
        sumR -= w * ((1 - omega) * logAlphaT + omega * logAlphaTx);
        sumAlpha -= w * shape * ((1 - omega) / (alpha + age[i]) + omega / (alpha + recency[i]));
        sumOmega += w * omega;
        sumB -= w * omega / (b + x - 1);
      }
    }
    out[0] += logLikelihood;
    if (withGradient) {
      out[1] += sumR;
      out[2] += sumAlpha;
      out[3] += sumOmega;
      out[4] += sumB;
    }
  }

  /** One customer's log-likelihood, term by term as in the paper; the tests compare the grouped sum with it. */
  static double single(BgNbdModel model, double x, double recency, double age) {
    double r = model.r();
    double alpha = model.alpha();
    double a = model.a();
    double b = model.b();
    double common = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
    double logBetaRatio = logBeta(a, b + x) - logBeta(a, b);
    double first = logBetaRatio - (r + x) * Math.log(alpha + age);
    if (x == 0) {
      return common + first;
    }
    double second = logBeta(a + 1, b + x - 1) - logBeta(a, b) - (r + x) * Math.log(alpha + recency);
    double max = Math.max(first, second);
    return common + max + Math.log(Math.exp(first - max) + Math.exp(second - max));
  }

  private static double logBeta(double p, double q) {
    return Gamma.logGamma(p) + Gamma.logGamma(q) - Gamma.logGamma(p + q);
  }
}
