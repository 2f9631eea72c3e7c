package dev.holdfast.clv;

/**
 * A BG/NBD model fitted by maximum likelihood: the four parameter estimates with their standard errors and 95 %
 * confidence intervals, and how the fit went.
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha rate of the purchase-rate distribution, in the inverse unit of the data's times
 * @param a first shape of the dropout-probability distribution
 * @param b second shape of the dropout-probability distribution
 * @param logLikelihood the maximised log-likelihood (eq. 6 summed over customers)
 * @param iterations conjugate-gradient iterations plus Newton steps on all the data (more than 65,536 distinct
 *     patterns first get starting values from a fit to a sample of 16,384 of them, not counted here)
 * @param converged whether the search ended at a maximum: the Hessian of the log-likelihood is negative definite
 *     and the next Newton step would move the estimates by less than {@code 1e-6} standard errors
 * @param customers the number of customers fitted, weights included
 */
public record BgNbdFit(Estimate r, Estimate alpha, Estimate a, Estimate b, double logLikelihood, int iterations,
    boolean converged, long customers) {

  public BgNbdFit {
    if (r == null || alpha == null || a == null || b == null) {
      throw new IllegalArgumentException("every estimate must be present: r=" + r + ", alpha=" + alpha + ", a=" + a
          + ", b=" + b);
    }
    if (!Double.isFinite(logLikelihood)) {
      throw new IllegalArgumentException("logLikelihood must be finite: " + logLikelihood);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0: " + iterations);
    }
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be >= 1: " + customers);
    }
  }

  /** The model at the estimates, for predictions. */
  public BgNbdModel model() {
    return new BgNbdModel(r.value(), alpha.value(), a.value(), b.value());
  }
}
