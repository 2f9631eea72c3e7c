package dev.holdfast.survival;

/**
 * The Kaplan–Meier estimate at one chosen time, such as "retained after 12 months", as R's
 * {@code summary(fit, times = t, extend = TRUE)} reports it.
 *
 * <p>Before the first observed time the curve is 1 with no error and limits 1; after the last it keeps its
 * last value while {@code atRisk} is 0, so a caller can tell an estimate from an extrapolation.
 *
 * @param time the time asked for
 * @param atRisk subjects observed at or after {@code time}
 * @param survival S(time)
 * @param standardError Greenwood standard error of {@code survival}, NaN where undefined
 * @param lower lower pointwise confidence limit, NaN where undefined
 * @param upper upper pointwise confidence limit, NaN where undefined
 */
public record SurvivalEstimate(double time, int atRisk, double survival, double standardError,
    double lower, double upper) {

  public SurvivalEstimate {
    if (!(time >= 0) || Double.isInfinite(time)) {
      throw new IllegalArgumentException("time must be a finite number >= 0: " + time);
    }
    if (atRisk < 0) {
      throw new IllegalArgumentException("atRisk must be >= 0: " + atRisk);
    }
    if (!(survival >= 0 && survival <= 1)) {
      throw new IllegalArgumentException("survival must lie in [0, 1]: " + survival);
    }
  }
}
