package dev.holdfast.clv;

import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD log-likelihood of weighted {@code (x, t_x, T)} patterns and its analytic gradient in
 * {@code (r, α, a, b)}.
 *
 * <p>Fader, Hardie and Lee (2005), eq. 6: {@code L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^{r+x})
 * + δ_{x>0} B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^{r+x})}. With
 * {@code B(a+1, b+x−1) = B(a, b+x) · a/(b+x−1)} and {@code α^r/(α+T)^{r+x} = α^{−x} (1 + T/α)^{−(r+x)}} the log is
 * {@code ln Γ(r+x) − ln Γ(r) − x ln α + ln B(a, b+x) − ln B(a, b) + ln(e^u + δ e^v)}, where
 * {@code u = −(r+x) ln(1 + T/α)} and {@code v = ln a − ln(b+x−1) − (r+x) ln(1 + t_x/α)}; the gradient follows with
 * {@code ω = δ e^v / (e^u + δ e^v)} and digamma differences such as {@code ψ(r+x) − ψ(r)}. Everything before the
 * last term depends on {@code x} alone and is computed once per distinct frequency, the Gamma and beta function
 * ratios as the differences of {@link GammaDifferences}. Written so, nothing cancels where the fit runs to a limit:
 * {@code r, α → ∞} (the same purchase rate for everybody), {@code a, b → ∞} or {@code a, b → 0}.
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
  public List<String> symbols() {
    return List.of("r", "α", "a", "b");
  }

  /** The purchase rates' gamma and the drop-out probabilities' beta (see {@link MaximumLikelihood}). */
  @Override
  public List<MaximumLikelihood.Pair> pairs() {
    return List.of(new MaximumLikelihood.Pair(MaximumLikelihood.Mixing.GAMMA, 0, 1),
        new MaximumLikelihood.Pair(MaximumLikelihood.Mixing.BETA, 2, 3));
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
    double logAlpha = Math.log(alpha);
    double logLikelihood = 0;
    double gradientR = 0;
    double gradientAlpha = 0;
    double gradientA = 0;
    double gradientB = 0;
    for (int k = 0; k < distinct; k++) {
      double x = frequencies[k];
      double w = patterns.frequencyWeights[k];
      if (x == 0) {
        continue;
      }
      logBMinusOne[k] = Math.log(b + (x - 1));
      logLikelihood += w * (GammaDifferences.logRising(r, x) - x * logAlpha + GammaDifferences.logRising(b, x)
          - GammaDifferences.logRising(a + b, x));
      if (gradient != null) {
        double digammaAB = GammaDifferences.digammaRising(a + b, x);
        gradientR += w * GammaDifferences.digammaRising(r, x);
        gradientAlpha -= w * x / alpha;
        gradientA -= w * digammaAB;
        gradientB += w * (GammaDifferences.digammaRising(b, x) - digammaAB);
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
      double growthT = LogExp.log1p(age[i] / alpha);
      double u = -shape * growthT;
      if (x == 0) {
        logLikelihood += w * u;
        if (withGradient) {
          sumR -= w * growthT;
          sumAlpha += w * shape * age[i] / (alpha * (alpha + age[i]));
        }
        continue;
      }
      double growthTx = LogExp.log1p(recency[i] / alpha);
      double v = logA - logBMinusOne[k] - shape * growthTx;
      double max = Math.max(u, v);
      double rest = Math.exp(Math.min(u, v) - max);
      logLikelihood += w * (max + LogExp.log1p(rest));
      if (withGradient) {
        double omega = u >= v ? rest / (1 + rest) : 1 / (1 + rest);
        sumR -= w * ((1 - omega) * growthT + omega * growthTx);
        sumAlpha += w * shape / alpha * ((1 - omega) * age[i] / (alpha + age[i])
            + omega * recency[i] / (alpha + recency[i]));
        sumOmega += w * omega;
        sumB -= w * omega / (b + (x - 1));
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
    double second = logBeta(a + 1, b + (x - 1)) - logBeta(a, b) - (r + x) * Math.log(alpha + recency);
    double max = Math.max(first, second);
    return common + max + Math.log(Math.exp(first - max) + Math.exp(second - max));
  }

  private static double logBeta(double p, double q) {
    return Gamma.logGamma(p) + Gamma.logGamma(q) - Gamma.logGamma(p + q);
  }
}
