package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;
import java.util.List;

/**
 * The shifted-beta-geometric log-likelihood of one cohort's lifetimes and its analytic gradient in
 * {@code (α, β)}.
 *
 * <p>A pattern is a lifetime {@code t} with the number of customers who churned in period {@code t}, or the last
 * period {@code n} with the number still customers then (right-censored). With {@code ln S(t) = Σ_{k<t} [ln(β+k) −
 * ln(α+β+k)]} and {@code ln P(T = t) = ln S(t−1) + ln α − ln(α+β+t−1)}, the derivatives are the sums
 * {@code ∂ ln S(t)/∂α = −Σ_{k<t} 1/(α+β+k)} and {@code ∂ ln S(t)/∂β = Σ_{k<t} [1/(β+k) − 1/(α+β+k)]}, which are
 * exact where the digamma differences they replace would not be.
 */
final class ShiftedBetaGeometricLikelihood implements MaximumLikelihood.LogLikelihood {
  private final int[] lifetime;
  private final boolean[] censored;
  private final double[] weight;
  private final double customers;
  private final int periods;

  private ShiftedBetaGeometricLikelihood(int[] lifetime, boolean[] censored, double[] weight, int periods) {
    this.lifetime = lifetime;
    this.censored = censored;
    this.weight = weight;
    this.customers = Arrays.stream(weight).sum();
    this.periods = periods;
  }

  /**
   * The likelihood of a cohort from its survivors after {@code 0, 1, …, n} periods.
   *
   * @throws InputException when the counts cannot identify the model (see {@link ShiftedBetaGeometricModel#fit})
   */
  static ShiftedBetaGeometricLikelihood of(long[] alive) {
    if (alive == null || alive.length < 2) {
      throw new InputException("sBG needs the survivors at the start and after at least one period, e.g. 1000, 631,"
          + " 468; got " + (alive == null ? "null" : alive.length + " count" + (alive.length == 1 ? "" : "s")));
    }
    int periods = alive.length - 1;
    for (int t = 0; t <= periods; t++) {
      if (alive[t] < 0) {
        throw new InputException("sBG survivors after " + t + " periods: " + alive[t] + " must be >= 0");
      }
      if (t > 0 && alive[t] > alive[t - 1]) {
        throw new InputException("sBG survivors must not increase: " + alive[t] + " after " + t + " periods but "
            + alive[t - 1] + " after " + (t - 1) + "; pass the customers of one cohort still active after each period");
      }
    }
    if (alive[0] == 0) {
      throw new InputException("sBG cohort is empty: the first count, the customers at the start, is 0");
    }
    if (alive[periods] == alive[0]) {
      throw new InputException("sBG cannot be fitted: none of the " + alive[0] + " customers churned in " + periods
          + " periods, so the churn probabilities cannot be estimated; observe the cohort for longer");
    }
    if (alive[1] == 0) {
      throw new InputException("sBG cannot be fitted: all " + alive[0] + " customers churned in the first period, so"
          + " their churn probabilities cannot be told apart; the model needs survivors after period 1");
    }
    int[] lifetime = new int[periods + 1];
    boolean[] censored = new boolean[periods + 1];
    double[] weight = new double[periods + 1];
    int patterns = 0;
    for (int t = 1; t <= periods; t++) {
      long churned = alive[t - 1] - alive[t];
      if (churned > 0) {
        lifetime[patterns] = t;
        weight[patterns++] = churned;
      }
    }
    if (alive[periods] > 0) {
      lifetime[patterns] = periods;
      censored[patterns] = true;
      weight[patterns++] = alive[periods];
    }
    return new ShiftedBetaGeometricLikelihood(Arrays.copyOf(lifetime, patterns), Arrays.copyOf(censored, patterns),
        Arrays.copyOf(weight, patterns), periods);
  }

  /**
   * Starting values: {@code α = 1} and {@code β} such that the mean churn probability {@code α/(α+β)} is the
   * cohort's churn per period at risk, the geometric maximum-likelihood estimate.
   */
  double[] start() {
    double churned = 0;
    double exposure = 0;
    for (int i = 0; i < weight.length; i++) {
      churned += censored[i] ? 0 : weight[i];
      exposure += weight[i] * lifetime[i];
    }
    double churn = churned / exposure;
    return new double[] {1, (1 - churn) / churn};
  }

  @Override
  public List<String> names() {
    return List.of("alpha", "beta");
  }

  @Override
  public List<String> symbols() {
    return List.of("α", "β");
  }

  /** The churn probabilities' beta (see {@link MaximumLikelihood}). */
  @Override
  public List<MaximumLikelihood.Pair> pairs() {
    return List.of(new MaximumLikelihood.Pair(MaximumLikelihood.Mixing.BETA, 0, 1));
  }

  @Override
  public double customers() {
    return customers;
  }

  @Override
  public int patterns() {
    return weight.length;
  }

  @Override
  public ShiftedBetaGeometricLikelihood everyNth(int stride) {
    int size = (weight.length + stride - 1) / stride;
    int[] sampleLifetime = new int[size];
    boolean[] sampleCensored = new boolean[size];
    double[] sampleWeight = new double[size];
    for (int i = 0; i < size; i++) {
      sampleLifetime[i] = lifetime[i * stride];
      sampleCensored[i] = censored[i * stride];
      sampleWeight[i] = weight[i * stride];
    }
    return new ShiftedBetaGeometricLikelihood(sampleLifetime, sampleCensored, sampleWeight, periods);
  }

  @Override
  public double evaluate(double[] parameters, double[] gradient) {
    double alpha = parameters[0];
    double beta = parameters[1];
    // ln S(t) and its derivatives for t = 0..periods
    double[] logSurvival = new double[periods + 1];
    double[] survivalAlpha = new double[periods + 1];
    double[] survivalBeta = new double[periods + 1];
    for (int t = 1; t <= periods; t++) {
      int k = t - 1;
      logSurvival[t] = logSurvival[k] + Math.log((beta + k) / (alpha + beta + k));
      survivalAlpha[t] = survivalAlpha[k] - 1 / (alpha + beta + k);
      survivalBeta[t] = survivalBeta[k] + alpha / ((beta + k) * (alpha + beta + k));
    }
    double logLikelihood = 0;
    double gradientAlpha = 0;
    double gradientBeta = 0;
    for (int i = 0; i < weight.length; i++) {
      int t = lifetime[i];
      double w = weight[i];
      if (censored[i]) {
        logLikelihood += w * logSurvival[t];
        gradientAlpha += w * survivalAlpha[t];
        gradientBeta += w * survivalBeta[t];
      } else {
        double total = alpha + beta + t - 1;
        logLikelihood += w * (logSurvival[t - 1] + Math.log(alpha / total));
        gradientAlpha += w * (survivalAlpha[t - 1] + 1 / alpha - 1 / total);
        gradientBeta += w * (survivalBeta[t - 1] - 1 / total);
      }
    }
    if (gradient != null) {
      gradient[0] = gradientAlpha;
      gradient[1] = gradientBeta;
    }
    return logLikelihood;
  }
}
