package dev.holdfast.clv;

/**
 * A Gamma-Gamma spend model fitted by maximum likelihood on repeat buyers: the three parameter estimates with their
 * standard errors and 95 % confidence intervals, how the fit went, and a check of the model's independence
 * assumption.
 *
 * @param p shape of each customer's transaction-value distribution
 * @param q shape of the distribution of the customers' value rates
 * @param gamma rate of the distribution of the customers' value rates, in the currency of the data
 * @param logLikelihood the maximised log-likelihood of the repeat buyers' mean spends
 * @param iterations quasi-Newton (BFGS) iterations plus Newton steps on all the data (more than 65,536 distinct
 *     patterns first get starting values from a fit to a sample of 16,384 of them, not counted here)
 * @param convergence how the search ended: {@link Convergence.Verdict#CONVERGED} at a maximum inside the parameter
 *     space; {@link Convergence.Verdict#BOUNDARY} at a limit such as {@code q, γ → ∞} (the same value rate for every
 *     customer), where the parameters in {@link Convergence#boundaryParameters()} have NaN standard errors; or
 *     {@link Convergence.Verdict#NOT_CONVERGED}
 * @param customers the number of repeat buyers fitted, weights included
 * @param frequencySpendCorrelation the Pearson correlation between frequency {@code x} and mean spend {@code m_x}
 *     among the repeat buyers (weighted); the model assumes them independent, so a value far from 0 argues
 *     against it. NaN when either does not vary
 */
public record GammaGammaFit(Estimate p, Estimate q, Estimate gamma, double logLikelihood, int iterations,
    Convergence convergence, long customers, double frequencySpendCorrelation) {

  public GammaGammaFit {
    if (p == null || q == null || gamma == null) {
      throw new IllegalArgumentException("every estimate must be present: p=" + p + ", q=" + q + ", gamma=" + gamma);
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
    if (frequencySpendCorrelation < -1 - 1e-12 || frequencySpendCorrelation > 1 + 1e-12) {
      throw new IllegalArgumentException("frequencySpendCorrelation must lie in [-1, 1] or be NaN: "
          + frequencySpendCorrelation);
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
  public GammaGammaModel model() {
    return new GammaGammaModel(p.value(), q.value(), gamma.value());
  }
}
