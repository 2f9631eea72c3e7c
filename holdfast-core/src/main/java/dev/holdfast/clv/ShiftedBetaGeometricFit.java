package dev.holdfast.clv;

/**
 * A shifted-beta-geometric model fitted by maximum likelihood to one cohort's survivors: the two parameter estimates
 * with their standard errors and 95 % confidence intervals, and how the fit went.
 *
 * @param alpha first shape of the churn-probability distribution
 * @param beta second shape of the churn-probability distribution
 * @param logLikelihood the maximised log-likelihood
 * @param iterations quasi-Newton (BFGS) iterations plus Newton steps
 * @param convergence how the search ended: {@link Convergence.Verdict#CONVERGED} at a maximum inside the parameter
 *     space; {@link Convergence.Verdict#BOUNDARY} at a limit such as {@code α, β → ∞} (the same churn probability
 *     for every customer), where the parameters in {@link Convergence#boundaryParameters()} have NaN standard
 *     errors; or {@link Convergence.Verdict#NOT_CONVERGED}
 * @param customers the size of the cohort at the start
 * @param periods the number of periods observed
 */
public record ShiftedBetaGeometricFit(Estimate alpha, Estimate beta, double logLikelihood, int iterations,
    Convergence convergence, long customers, int periods) {

  public ShiftedBetaGeometricFit {
    if (alpha == null || beta == null) {
      throw new IllegalArgumentException("every estimate must be present: alpha=" + alpha + ", beta=" + beta);
    }
    if (!Double.isFinite(logLikelihood)) {
      throw new IllegalArgumentException("logLikelihood must be finite: " + logLikelihood);
    }
    if (convergence == null) {
      throw new IllegalArgumentException("convergence must be present");
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

  /**
   * Whether the search ended at a maximum inside the parameter space ({@link Convergence.Verdict#CONVERGED}): the
   * Hessian of the log-likelihood is negative definite and the next Newton step would move the estimates by less
   * than {@code 1e-6} standard errors. False at a boundary; see {@link #convergence()}.
   */
  public boolean converged() {
    return convergence.converged();
  }

  /** The model at the estimates, for projections. */
  public ShiftedBetaGeometricModel model() {
    return new ShiftedBetaGeometricModel(alpha.value(), beta.value());
  }
}
