package dev.holdfast.clv;

/**
 * A Pareto/NBD model fitted by maximum likelihood: the four parameter estimates with their standard errors and 95 %
 * confidence intervals, and how the fit went.
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha rate of the purchase-rate distribution, in the unit of the data's times
 * @param s shape of the dropout-rate distribution
 * @param beta rate of the dropout-rate distribution, in the unit of the data's times
 * @param logLikelihood the maximised log-likelihood, summed over customers
 * @param iterations conjugate-gradient iterations plus Newton steps on all the data (more than 131,072 distinct
 *     patterns first get starting values from a fit to a sample of 16,384 of them, not counted here)
 * @param converged whether the search ended at a maximum: the Hessian of the log-likelihood is negative definite
 *     and the next Newton step would move the estimates by less than {@code 1e-6} standard errors
 * @param customers the number of customers fitted, weights included
 */
public record ParetoNbdFit(Estimate r, Estimate alpha, Estimate s, Estimate beta, double logLikelihood,
    int iterations, boolean converged, long customers) {

  public ParetoNbdFit {
    if (r == null || alpha == null || s == null || beta == null) {
      throw new IllegalArgumentException("every estimate must be present: r=" + r + ", alpha=" + alpha + ", s=" + s
          + ", beta=" + beta);
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
  public ParetoNbdModel model() {
    return new ParetoNbdModel(r.value(), alpha.value(), s.value(), beta.value());
  }
}
