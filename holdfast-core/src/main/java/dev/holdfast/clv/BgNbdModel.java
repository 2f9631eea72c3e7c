package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Locale;

/**
 * The beta-geometric/negative binomial distribution (BG/NBD) model of repeat purchasing in a non-contractual
 * setting (Fader, Hardie and Lee 2005, "Counting your customers the easy way: an alternative to the Pareto/NBD
 * model", Marketing Science 24(2), 275–284), with its parameters fixed.
 *
 * <p>While alive a customer buys at a Poisson rate {@code λ ~ Gamma(r, α)} (shape {@code r}, rate {@code α}); after
 * each repeat purchase the customer drops out for good with probability {@code p ~ Beta(a, b)}. A customer is
 * summarised by the number of repeat purchases {@code x} (frequency), the time of the last one {@code t_x}
 * (recency, 0 when {@code x = 0}) and the time since the first purchase {@code T} (age), all times measured from
 * the first purchase in one unit (days, weeks). {@code α} is in that unit; the other parameters have none.
 *
 * @param r shape of the purchase-rate distribution, {@code > 0}
 * @param alpha rate (inverse scale) of the purchase-rate distribution, {@code > 0}
 * @param a first shape of the dropout-probability distribution, {@code > 0}
 * @param b second shape of the dropout-probability distribution, {@code > 0}
 */
public record BgNbdModel(double r, double alpha, double a, double b) implements PurchaseModel {

  public BgNbdModel {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("a", a);
    requirePositive("b", b);
  }

  /**
   * Fits the model by maximum likelihood, one customer per row. Where the data show no drop-out the supremum is the
   * limit {@code a/(a+b) → 0}, the NBD: the fit then stops there and says so in {@link BgNbdFit#convergence()} (see
   * {@link Convergence}).
   *
   * @param frequency each customer's number of repeat purchases {@code x}, a whole number {@code >= 0}
   * @param recency each customer's time of the last purchase {@code t_x}, in {@code [0, T]}, 0 when {@code x = 0}
   * @param age each customer's time since the first purchase {@code T}, {@code >= 0}
   * @throws InputException when the arrays are empty or differ in length, a value is impossible, no customer made a
   *     repeat purchase, or the search overflows
   */
  public static BgNbdFit fit(double[] frequency, double[] recency, double[] age) {
    return fit(BgNbdPatterns.of(frequency, recency, age, null));
  }

  /**
   * Fits the model by maximum likelihood to rows that each stand for {@code weights[i]} identical customers.
   *
   * @param weights the number of customers each row stands for, a whole number {@code >= 0}
   * @throws InputException as {@link #fit(double[], double[], double[])}, or when a weight is invalid
   */
  public static BgNbdFit fit(double[] frequency, double[] recency, double[] age, double[] weights) {
    if (weights == null) {
      throw new InputException("BG/NBD weights are null: pass one weight per row, or call fit without weights");
    }
    return fit(BgNbdPatterns.of(frequency, recency, age, weights));
  }

  private static BgNbdFit fit(BgNbdPatterns patterns) {
    BgNbdLikelihood likelihood = new BgNbdLikelihood(patterns);
    MaximumLikelihood.Result result = MaximumLikelihood.maximize(likelihood, likelihood.start());
    Estimate[] estimates = result.estimates();
    return new BgNbdFit(estimates[0], estimates[1], estimates[2], estimates[3], result.logLikelihood(),
        result.iterations(), Convergence.of(result, likelihood.symbols(), BgNbdModel::meaning),
        (long) patterns.customers);
  }

  /** The BG/NBD's limits in words, for {@link Convergence}; null for those without a name of their own. */
  private static String meaning(MaximumLikelihood.Limit limit, double[] values) {
    boolean up = limit.direction() > 0;
    return switch (limit.role()) {
      case BETA_MEAN -> up ? null : "no evidence of drop-out: a/(a+b) → 0, so the BG/NBD reduces to the NBD, in which"
          + " customers never drop out";
      case BETA_CONCENTRATION -> up ? String.format(Locale.ROOT, "every customer has the same drop-out probability:"
          + " a, b → ∞ with a/(a+b) = %.4g", values[2] / (values[2] + values[3])) : null;
      case GAMMA_SHAPE -> up ? String.format(Locale.ROOT, "every customer buys at the same rate: r, α → ∞ with r/α ="
          + " %.4g purchases per unit of time, a Poisson process without heterogeneity", values[0] / values[1]) : null;
      default -> null;
    };
  }

  /**
   * The probability that a customer with this history is still alive at {@code T}: 1 when {@code x = 0}, otherwise
   * {@code 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^{r+x})}, the denominator of the paper's eq. 10 inverted (Fader,
   * Hardie and Lee 2008, "Computing P(alive) using the BG/NBD model").
   *
   * @throws InputException when the history is impossible (see {@link #fit(double[], double[], double[])})
   */
  public double probabilityAlive(double frequency, double recency, double age) {
    BgNbdPatterns.requireCustomer(-1, frequency, recency, age);
    if (frequency == 0) {
      return 1;
    }
    return 1 / (1 + Math.exp(logDeathOdds(frequency, recency, age)));
  }

  /**
   * The expected number of repeat purchases in {@code (0, t]} of a customer just acquired (the paper's eq. 7):
   * {@code E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))]}.
   *
   * @param duration the length {@code t} of the period, {@code >= 0}, in the unit of the data
   */
  public double expectedPurchases(double duration) {
    requireDuration(duration);
    return expectedAliveFuturePurchases(duration, 0, 0);
  }

  /**
   * The expected number of purchases in {@code (T, T+t]} of a customer with this history (the paper's eq. 10):
   * {@code E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x; a+b+x−1;
   * t/(α+T+t))] · P(alive | x, t_x, T)}.
   *
   * <p>Euler's transformation turns the bracket into {@code (1−z)^{a−1} 2F1(a+b−1−r, a−1; a+b+x−1; z)} with
   * {@code z = t/(α+T+t)}, whose series is split into its leading 1 and the rest so that the quotient by
   * {@code a − 1} stays exact as {@code a} approaches 1, where the paper's form is {@code 0/0}.
   *
   * @param duration the length {@code t} of the period, {@code >= 0}, in the unit of the data
   * @throws InputException when the history is impossible (see {@link #fit(double[], double[], double[])})
   * @throws ArithmeticException when {@code t} is so long against {@code α + T} (more than about
   *     {@code 10^5} times) that the series does not converge
   */
  public double conditionalExpectedPurchases(double duration, double frequency, double recency, double age) {
    requireDuration(duration);
    double alive = probabilityAlive(frequency, recency, age);
    return expectedAliveFuturePurchases(duration, frequency, age) * alive;
  }

  @Override
  public double expectedPurchasesIfAlive(double duration, double frequency, double age) {
    requireDuration(duration);
    return expectedAliveFuturePurchases(duration, frequency, age);
  }

  /**
   * The bracket of eq. 10 times {@code (a+b+x−1)/(a−1)}: expected purchases in {@code (T, T+t]} if alive at T.
   *
   * <p>Through Euler's transformation (above), which stays exact near {@code a = 1}. Its series grows like
   * {@code (1−z)^{−(a−1)}} and overflows where the fit runs to the limit of a drop-out probability shared by every
   * customer ({@code a, b → ∞}, e.g. {@code a = 2.8·10^13}); there the paper's own series
   * {@code 2F1(r+x, b+x; a+b+x−1; z)}, whose terms shrink for any {@code a > 1}, gives the value, which tends to
   * {@code (1/p) [1 − ((α+T)/(α+T+p t))^{r+x}]} with {@code p = a/(a+b)}, as it should.
   *
   * @throws ArithmeticException when neither form can be evaluated in double precision
   */
  private double expectedAliveFuturePurchases(double duration, double frequency, double age) {
    if (duration == 0) {
      return 0;
    }
    double c = a + b + frequency - 1;
    double epsilon = a - 1;
    double logSurvivor = -Math.log1p(duration / (alpha + age));
    double z = duration / (alpha + age + duration);
    double leading = epsilon == 0 ? -logSurvivor : -Math.expm1(epsilon * logSurvivor) / epsilon;
    double rest = Hypergeometric.excess(c - r - frequency, epsilon, c, z);
    double euler = c * leading - Math.exp(epsilon * logSurvivor) * rest;
    if (Double.isFinite(euler)) {
      return Math.max(0, euler);
    }
    double paper = c / epsilon * (1 - Math.exp((r + frequency) * logSurvivor) * Hypergeometric.hyp2f1(r + frequency, b + frequency, c, z));
    if (Double.isFinite(paper) && epsilon > 0) {
      return Math.max(0, paper);
    }
    throw new ArithmeticException("the BG/NBD expectation overflows for r = " + r + ", α = " + alpha + ", a = " + a + ", b = "
        + b + ", x = " + frequency + ", T = " + age + ", t = " + duration);
  }

  /** {@code ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x))}: the log-odds of having dropped out, for {@code x > 0}. */
  private double logDeathOdds(double frequency, double recency, double age) {
    return Math.log(a / (b + (frequency - 1))) + (r + frequency) * Math.log((alpha + age) / (alpha + recency));
  }

  /** One customer's log-likelihood (eq. 6). */
  double logLikelihood(double frequency, double recency, double age) {
    BgNbdPatterns.requireCustomer(-1, frequency, recency, age);
    return BgNbdLikelihood.single(this, frequency, recency, age);
  }

  private static void requireDuration(double duration) {
    if (!(duration >= 0) || Double.isInfinite(duration)) {
      throw new IllegalArgumentException("duration must be a finite number >= 0: " + duration);
    }
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0: " + value);
    }
  }
}
