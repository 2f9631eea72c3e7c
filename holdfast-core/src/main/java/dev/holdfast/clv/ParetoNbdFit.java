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
 * @param iterations quasi-Newton (BFGS) iterations plus Newton steps on all the data (more than 131,072 distinct
 *     patterns first get starting values from a fit to a sample of 16,384 of them, not counted here)
 * @param convergence how the search ended: {@link Convergence.Verdict#CONVERGED} at a maximum inside the parameter
 *     space; {@link Convergence.Verdict#BOUNDARY} at a limit such as {@code s/β → 0} (no evidence of drop-out: the
 *     model reduces to the NBD), where the parameters in {@link Convergence#boundaryParameters()} have NaN standard
 *     errors; or {@link Convergence.Verdict#NOT_CONVERGED}
 * @param customers the number of customers fitted, weights included
 */
public record ParetoNbdFit(Estimate r, Estimate alpha, Estimate s, Estimate beta, double logLikelihood,
    int iterations, Convergence convergence, long customers) {

  public ParetoNbdFit {
    if (r == null || alpha == null || s == null || beta == null) {
      throw new IllegalArgumentException("every estimate must be present: r=" + r + ", alpha=" + alpha + ", s=" + s
          + ", beta=" + beta);
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
  }

  /**
   * Whether the search ended at a maximum inside the parameter space ({@link Convergence.Verdict#CONVERGED}): the
   * Hessian of the log-likelihood is negative definite and the next Newton step would move the estimates by less
   * than {@code 1e-6} standard errors. False at a boundary; see {@link #convergence()}.
   */
  public boolean converged() {
    return convergence.converged();
  }

  /** The model at the estimates, for predictions. */
  public ParetoNbdModel model() {
    return new ParetoNbdModel(r.value(), alpha.value(), s.value(), beta.value());
  }
}
