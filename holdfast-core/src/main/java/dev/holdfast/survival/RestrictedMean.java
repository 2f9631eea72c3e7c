package dev.holdfast.survival;

/**
 * The restricted mean survival time: the area under the Kaplan–Meier curve from 0 to {@code tau}, with its
 * standard error as R's {@code print(fit, rmean = tau)} reports it.
 *
 * <p>{@code var = Σ A_i² d_i / (n_i (n_i − d_i))} over the event times {@code t_i ≤ tau}, where {@code A_i} is
 * the area under the curve from {@code t_i} to {@code tau}; a time where every subject at risk has the event
 * adds nothing (R's {@code survmean}).
 *
 * @param tau the upper limit of integration, in the same unit as the times
 * @param estimate the expected time survived up to {@code tau}
 * @param standardError the standard error of {@code estimate}
 */
public record RestrictedMean(double tau, double estimate, double standardError) {

  public RestrictedMean {
    if (!(tau >= 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("tau must be a finite number >= 0: " + tau);
    }
    if (!(estimate >= 0 && estimate <= tau * (1 + 1e-12))) {
      throw new IllegalArgumentException("estimate must lie in [0, tau=" + tau + "]: " + estimate);
    }
    if (!(standardError >= 0)) {
      throw new IllegalArgumentException("standardError must be a number >= 0: " + standardError);
    }
  }
}
