package dev.holdfast.clv;

/**
 * A maximum-likelihood estimate of one positive model parameter with its standard error and 95 % confidence
 * interval.
 *
 * <p>The models are fitted in log-parameter space, where the likelihood is closer to quadratic; the standard error
 * of {@code log(value)} is the square root of the diagonal of the inverse Hessian of the negative log-likelihood
 * there. {@code standardError} is carried to the natural scale by the delta method ({@code value × se(log value)});
 * the interval is {@code exp(log value ± 1.959964 se(log value))}, so it is asymmetric and never below zero. Both
 * are NaN when the Hessian is not positive definite (the data cannot identify the parameter), and for a parameter
 * held at a limit of the parameter space (see {@link Convergence}), where the value only says where the fit stopped.
 *
 * @param value the estimate, finite and {@code > 0}
 * @param standardError its asymptotic standard error, {@code >= 0} or NaN
 * @param lower the lower 95 % confidence limit, or NaN
 * @param upper the upper 95 % confidence limit, or NaN
 */
public record Estimate(double value, double standardError, double lower, double upper) {
  /** The standard normal quantile of a two-sided 95 % interval. */
  static final double Z_95 = 1.959963984540054;

  public Estimate {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("value must be a finite number > 0: " + value);
    }
    if (standardError < 0 || Double.isInfinite(standardError)) {
      throw new IllegalArgumentException("standardError must be a finite number >= 0 or NaN: " + standardError);
    }
    if (lower > value || upper < value) {
      throw new IllegalArgumentException(
          "the interval [" + lower + ", " + upper + "] must contain the value " + value);
    }
  }

  /** The estimate with the interval that the standard error {@code logError} of its logarithm implies. */
  static Estimate fromLogScale(double value, double logError) {
    double standardError = value * logError;
    if (!(logError >= 0) || !Double.isFinite(standardError)) {
      return new Estimate(value, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Estimate(value, standardError, value * Math.exp(-Z_95 * logError), value * Math.exp(Z_95 * logError));
  }

  /** Whether the confidence interval contains {@code candidate}; false when there is no interval. */
  public boolean covers(double candidate) {
    return lower <= candidate && candidate <= upper;
  }
}
