package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Locale;

/**
 * The shifted-beta-geometric (sBG) model of customer retention in a contractual setting with discrete renewal
 * periods (Fader and Hardie 2007, "How to project customer retention", Journal of Interactive Marketing 21(1),
 * 76–90), with its parameters fixed.
 *
 * <p>At the end of each period a customer still under contract churns with probability {@code θ}, constant for the
 * customer and distributed {@code Beta(α, β)} across customers. The lifetime {@code T} (the period in which the
 * customer churns, {@code T >= 1}) then has {@code P(T = t) = B(α+1, β+t−1) / B(α, β)} and survival
 * {@code S(t) = P(T > t) = B(α, β+t) / B(α, β)}; the retention rate {@code r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1)}
 * rises with {@code t} as the customers most likely to churn leave first.
 *
 * @param alpha first shape of the churn-probability distribution, {@code > 0}
 * @param beta second shape of the churn-probability distribution, {@code > 0}
 */
public record ShiftedBetaGeometricModel(double alpha, double beta) {

  public ShiftedBetaGeometricModel {
    requirePositive("alpha", alpha);
    requirePositive("beta", beta);
  }

  /**
   * Fits the model by maximum likelihood to the survivors of one cohort: {@code alive[0]}
   * customers started, {@code alive[t]} were still customers after {@code t} periods. With {@code n} periods the
   * log-likelihood is {@code Σ_{t=1..n} (alive[t−1] − alive[t]) ln P(T = t) + alive[n] ln S(n)}.
   *
   * @throws InputException when there are fewer than two counts, a count is negative, the survivors ever increase,
   *     nobody churned or everybody churned in the first period (the data then cannot identify two parameters)
   */
  public static ShiftedBetaGeometricFit fit(long... alive) {
    ShiftedBetaGeometricLikelihood likelihood = ShiftedBetaGeometricLikelihood.of(alive);
    MaximumLikelihood.Result result = MaximumLikelihood.maximize(likelihood, likelihood.start());
    Estimate[] estimates = result.estimates();
    return new ShiftedBetaGeometricFit(estimates[0], estimates[1], result.logLikelihood(), result.iterations(),
        Convergence.of(result, likelihood.symbols(), ShiftedBetaGeometricModel::meaning), alive[0],
        alive.length - 1);
  }

  /** The sBG's limits in words, for {@link Convergence}; null for those without a name of their own. */
  private static String meaning(MaximumLikelihood.Limit limit, double[] values) {
    boolean up = limit.direction() > 0;
    return switch (limit.role()) {
      case BETA_CONCENTRATION -> up ? String.format(Locale.ROOT, "every customer has the same churn probability:"
          + " α, β → ∞ with α/(α+β) = %.4g, a geometric lifetime without heterogeneity",
          values[0] / (values[0] + values[1])) : null;
      default -> null;
    };
  }

  /**
   * {@code P(T = t) = α/(α+β) · Π_{k=1}^{t−1} (β+k−1)/(α+β+k)}: the probability of churning in period {@code t}.
   *
   * @param period the period {@code t >= 1}
   */
  public double churnProbability(int period) {
    requirePeriod(period, 1);
    return survival(period - 1) * alpha / (alpha + beta + period - 1);
  }

  /**
   * {@code S(t) = B(α, β+t) / B(α, β) = Π_{k=1}^{t} r_k}: the share of a cohort still customers after {@code t}
   * periods.
   *
   * <p>Summed as {@code Σ ln(1 − α/(α+β+k−1))}, not as the difference of the two log-beta functions: where the fit
   * runs to one churn probability for all ({@code α, β → ∞}, e.g. {@code α = 10^11}) those are huge and equal to
   * every digit a double holds, and their difference gave S(t) = 1 — a cohort retained in full — whatever the rate.
   *
   * @param period the number of periods {@code t >= 0}
   */
  public double survival(int period) {
    requirePeriod(period, 0);
    double log = 0;
    for (int k = 1; k <= period; k++) {
      log += Math.log1p(-alpha / (alpha + beta + k - 1));
    }
    return Math.exp(log);
  }

  /**
   * {@code r_t = (β+t−1)/(α+β+t−1)}: the share of the customers at the start of period {@code t} who renew at its
   * end.
   *
   * @param period the period {@code t >= 1}
   */
  public double retentionRate(int period) {
    requirePeriod(period, 1);
    return (beta + period - 1) / (alpha + beta + period - 1);
  }

  /** {@code S(0), S(1), …, S(periods)}: the projected survival curve from the start. */
  public double[] survivalCurve(int periods) {
    requirePeriod(periods, 0);
    double[] curve = new double[periods + 1];
    curve[0] = 1;
    for (int t = 1; t <= periods; t++) {
      curve[t] = curve[t - 1] * retentionRate(t);
    }
    return curve;
  }

  /**
   * The expected number of further renewals of a customer who has renewed {@code renewals} times and now faces the
   * next renewal decision: {@code Σ_{t>n} S(t)/S(n) = (β+n)/(α−1)} with {@code n = renewals}; infinite when
   * {@code α <= 1}, because the customers least likely to churn then make the sum diverge. This is
   * {@link #discountedExpectedResidualLifetime(double, int)} at a discount rate of 0.
   *
   * @param renewals the renewals made so far, {@code >= 0}
   */
  public double expectedResidualLifetime(int renewals) {
    requirePeriod(renewals, 0);
    return alpha > 1 ? (beta + renewals) / (alpha - 1) : Double.POSITIVE_INFINITY;
  }

  /**
   * The discounted expected residual lifetime of a customer who has renewed {@code renewals} times: the expected
   * number of further renewals, each discounted by {@code 1/(1+d)} per period after the first (Fader and Hardie
   * 2010, "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity", Marketing
   * Science 29(1), 85–93): {@code DERL(d | n renewals) = Σ_{k>=0} S(n+1+k)/S(n) (1+d)^{−k}
   * = B(α, β+n+1)/B(α, β+n) · 2F1(1, β+n+1; α+β+n+1; 1/(1+d))}. Times the margin per period it is the expected
   * residual value of the customer just before the renewal.
   *
   * <p>The series has positive terms shrinking at least by {@code 1/(1+d)} each and is summed until the tail is
   * below {@code 1e-16} of the sum: about {@code 37 (1+d)/d} terms.
   *
   * @param discountRate the discount rate per period {@code d}; at 0 this is
   *     {@link #expectedResidualLifetime(int)}
   * @param renewals the renewals made so far, {@code >= 0}
   */
  public double discountedExpectedResidualLifetime(double discountRate, int renewals) {
    if (!(discountRate >= 0) || Double.isInfinite(discountRate)) {
      throw new IllegalArgumentException("discountRate must be a finite number >= 0: " + discountRate);
    }
    requirePeriod(renewals, 0);
    if (discountRate == 0) {
      return expectedResidualLifetime(renewals);
    }
    double discount = 1 / (1 + discountRate);
    double term = retentionRate(renewals + 1);
    double sum = term;
    for (int t = renewals + 2; ; t++) {
      term *= retentionRate(t) * discount;
      sum += term;
      if (term * discount <= 1e-16 * sum * (1 - discount)) {
        return sum;
      }
    }
  }

  private static void requirePeriod(int period, int minimum) {
    if (period < minimum) {
      throw new IllegalArgumentException("period must be >= " + minimum + ": " + period);
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0: " + value);
    }
  }
}
