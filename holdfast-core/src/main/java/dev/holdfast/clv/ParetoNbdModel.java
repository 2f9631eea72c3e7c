package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Locale;

/**
 * The Pareto/NBD model of repeat purchasing in a non-contractual setting (Schmittlein, Morrison and Colombo 1987,
 * "Counting your customers: who are they and what will they do next?", Management Science 33(1), 1–24), with its
 * parameters fixed.
 *
 * <p>While alive a customer buys at a Poisson rate {@code λ ~ Gamma(r, α)} and stays alive for an exponential
 * lifetime with rate {@code μ ~ Gamma(s, β)} (shapes {@code r}, {@code s}; rates {@code α}, {@code β}), {@code λ} and
 * {@code μ} independent. A customer is summarised by the number of repeat purchases {@code x} (frequency), the time
 * of the last one {@code t_x} (recency, 0 when {@code x = 0}) and the time since the first purchase {@code T} (age),
 * all measured from the first purchase in one unit (days, weeks); {@code α} and {@code β} are in that unit. The
 * likelihood, {@code P(alive)} and the expectations are those of Fader and Hardie (2005), "A note on deriving the
 * Pareto/NBD model and related expressions" (brucehardie.com/notes/009); see {@link ParetoNbdLikelihood}.
 *
 * @param r shape of the purchase-rate distribution, {@code > 0}
 * @param alpha rate (inverse scale) of the purchase-rate distribution, {@code > 0}
 * @param s shape of the dropout-rate distribution, {@code > 0}
 * @param beta rate (inverse scale) of the dropout-rate distribution, {@code > 0}
 */
public record ParetoNbdModel(double r, double alpha, double s, double beta) implements PurchaseModel {

  public ParetoNbdModel {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("s", s);
    requirePositive("beta", beta);
  }

  /**
   * Fits the model by maximum likelihood, one customer per row; the search runs in log-parameter space with the
   * analytic gradient, and the standard errors come from the Hessian there (see {@link Estimate}). Where the data
   * show no drop-out the supremum is the limit {@code s/β → 0}, the NBD: the fit then stops there and says so in
   * {@link ParetoNbdFit#convergence()} (see {@link Convergence}).
   *
   * @param frequency each customer's number of repeat purchases {@code x}, a whole number {@code >= 0}
   * @param recency each customer's time of the last purchase {@code t_x}, in {@code [0, T]}, 0 when {@code x = 0}
   * @param age each customer's time since the first purchase {@code T}, {@code >= 0}
   * @throws InputException when the arrays are empty or differ in length, a value is impossible, no customer made
   *     a repeat purchase, or the search overflows
   */
  public static ParetoNbdFit fit(double[] frequency, double[] recency, double[] age) {
    return fit(ParetoNbdPatterns.of(frequency, recency, age, null));
  }

  /**
   * Fits the model by maximum likelihood to rows that each stand for {@code weights[i]} identical customers.
   *
   * @param weights the number of customers each row stands for, a whole number {@code >= 0}
   * @throws InputException as {@link #fit(double[], double[], double[])}, or when a weight is invalid
   */
  public static ParetoNbdFit fit(double[] frequency, double[] recency, double[] age, double[] weights) {
    if (weights == null) {
      throw new InputException("Pareto/NBD weights are null: pass one weight per row, or call fit without weights");
    }
    return fit(ParetoNbdPatterns.of(frequency, recency, age, weights));
  }

  private static ParetoNbdFit fit(ParetoNbdPatterns patterns) {
    ParetoNbdLikelihood likelihood = new ParetoNbdLikelihood(patterns);
    MaximumLikelihood.Result result = MaximumLikelihood.maximize(likelihood, likelihood.start());
    Estimate[] estimates = result.estimates();
    return new ParetoNbdFit(estimates[0], estimates[1], estimates[2], estimates[3], result.logLikelihood(),
        result.iterations(), Convergence.of(result, likelihood.symbols(), ParetoNbdModel::meaning),
        (long) patterns.customers);
  }

  /** The Pareto/NBD's limits in words, for {@link Convergence}; null for those without a name of their own. */
  private static String meaning(MaximumLikelihood.Limit limit, double[] values) {
    boolean up = limit.direction() > 0;
    boolean dropout = limit.first() == 2;
    return switch (limit.role()) {
      case GAMMA_MEAN -> dropout && !up ? "no evidence of drop-out: s/β → 0, so the Pareto/NBD reduces to the NBD, in"
          + " which customers never drop out" : null;
      case GAMMA_SHAPE -> !up ? null : dropout
          ? String.format(Locale.ROOT, "every customer has the same drop-out rate: s, β → ∞ with s/β = %.4g per unit"
              + " of time, exponential lifetimes without heterogeneity", values[2] / values[3])
          : String.format(Locale.ROOT, "every customer buys at the same rate: r, α → ∞ with r/α = %.4g purchases per"
              + " unit of time, a Poisson process without heterogeneity", values[0] / values[1]);
      default -> null;
    };
  }

  /**
   * The probability that a customer with this history is still alive at {@code T}:
   * {@code 1 / (1 + s/(r+s+x) · (α+T)^{r+x} (β+T)^s · A₀)}, the share of the alive term in the likelihood's
   * bracket.
   *
   * @throws InputException when the history is impossible (see {@link #fit(double[], double[], double[])})
   */
  public double probabilityAlive(double frequency, double recency, double age) {
    ParetoNbdPatterns.requireCustomer(-1, frequency, recency, age);
    ParetoNbdLikelihood.Terms terms = new ParetoNbdLikelihood.Terms();
    terms.evaluate(r, alpha, s, beta, frequency, recency, age, false);
    return 1 - terms.deadShare();
  }

  /**
   * The expected number of repeat purchases in {@code (0, t]} of a customer just acquired:
   * {@code E[X(t)] = r β / (α (s − 1)) · [1 − (β / (β + t))^{s−1}]}, and {@code r β ln(1 + t/β) / α} at
   * {@code s = 1}, which the form computed here, {@code r β L φ((s−1) L) / α} with {@code L = ln(1 + t/β)} and
   * {@code φ(u) = (1 − e^{−u}) / u}, passes through smoothly.
   *
   * @param duration the length {@code t} of the period, {@code >= 0}, in the unit of the data
   */
  public double expectedPurchases(double duration) {
    requireDuration(duration);
    return r / alpha * futurePurchasesWhileAlive(duration, beta);
  }

  /**
   * The expected number of purchases in {@code (T, T+t]} of a customer with this history:
   * {@code E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive | x, t_x, T)},
   * computed as {@link #expectedPurchases(double)} is, so that it is continuous through {@code s = 1}.
   *
   * @param duration the length {@code t} of the period, {@code >= 0}, in the unit of the data
   * @throws InputException when the history is impossible (see {@link #fit(double[], double[], double[])})
   */
  public double conditionalExpectedPurchases(double duration, double frequency, double recency, double age) {
    requireDuration(duration);
    double alive = probabilityAlive(frequency, recency, age);
    return (r + frequency) / (alpha + age) * futurePurchasesWhileAlive(duration, beta + age) * alive;
  }

  @Override
  public double expectedPurchasesIfAlive(double duration, double frequency, double age) {
    requireDuration(duration);
    return (r + frequency) / (alpha + age) * futurePurchasesWhileAlive(duration, beta + age);
  }

  /** {@code scale · [1 − (scale/(scale+t))^{s−1}] / (s − 1)}: the expected lifetime in {@code (0, t]} times rate. */
  private double futurePurchasesWhileAlive(double duration, double scale) {
    if (duration == 0) {
      return 0;
    }
    double logGrowth = Math.log1p(duration / scale);
    double exponent = (s - 1) * logGrowth;
    double share = exponent == 0 ? 1 : -Math.expm1(-exponent) / exponent;
    return scale * logGrowth * share;
  }

  /** One customer's log-likelihood. */
  double logLikelihood(double frequency, double recency, double age) {
    ParetoNbdPatterns.requireCustomer(-1, frequency, recency, age);
    return ParetoNbdLikelihood.single(this, frequency, recency, age);
  }

  private static void requireDuration(double duration) {
    if (!(duration >= 0) || Double.isInfinite(duration)) {
      throw new IllegalArgumentException("duration must be a finite number >= 0: " + duration);
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0: " + value);
    }
  }
}
