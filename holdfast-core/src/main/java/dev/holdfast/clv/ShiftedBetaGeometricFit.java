package dev.holdfast.clv;

/**
 * A shifted-beta-geometric model fitted by maximum likelihood to one cohort's survivors: the two parameter estimates
 * with their standard errors and 95 % confidence intervals, and how the fit went.
 *
 * @param alpha first shape of the churn-probability distribution
 * @param beta second shape of the churn-probability distribution
 * @param logLikelihood the maximised log-likelihood
 * @param iterations conjugate-gradient iterations plus Newton steps
 * @param converged whether the search ended at a maximum: the Hessian of the log-likelihood is negative definite
 *     and the next Newton step would move the estimates by less than {@code 1e-6} standard errors
 * @param customers the size of the cohort at the start
 * @param periods the number of periods observed
 */
public record ShiftedBetaGeometricFit(Estimate alpha, Estimate beta, double logLikelihood, int iterations,
    boolean converged, long customers, int periods) {

  public ShiftedBetaGeometricFit {
    if (alpha == null || beta == null) {
      throw new IllegalArgumentException("every estimate must be present: alpha=" + alpha + ", beta=" + beta);
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
    if (periods < 1) {
      throw new IllegalArgumentException("periods must be >= 1: " + periods);
    }
  }

  /** The model at the estimates, for projections. */
  public ShiftedBetaGeometricModel model() {
    return new ShiftedBetaGeometricModel(alpha.value(), beta.value());
  }
}
