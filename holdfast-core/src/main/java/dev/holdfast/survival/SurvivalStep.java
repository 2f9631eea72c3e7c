package dev.holdfast.survival;

/**
 * One row of a Kaplan–Meier table: a distinct observed time with its risk set and the curve just after it.
 *
 * <p>{@code standardError} is Greenwood's standard error of S(t) (R's {@code summary(fit)$std.err});
 * it and the confidence limits are NaN where undefined, as after the curve drops to zero.
 *
 * @param time the observed time, event or censoring
 * @param atRisk subjects observed at or after {@code time}
 * @param events subjects with the event at {@code time}
 * @param censored subjects censored at {@code time}, counted in the risk set of a tied event
 * @param survival S(time), the probability of surviving past {@code time}
 * @param standardError Greenwood standard error of {@code survival}
 * @param lower lower pointwise confidence limit of {@code survival}
 * @param upper upper pointwise confidence limit of {@code survival}
 */
public record SurvivalStep(double time, int atRisk, int events, int censored, double survival,
    double standardError, double lower, double upper) {

  public SurvivalStep {
    if (!(time >= 0) || Double.isInfinite(time)) {
      throw new IllegalArgumentException("time must be a finite number >= 0: " + time);
    }
    if (events < 0 || censored < 0 || events + censored > atRisk) {
      throw new IllegalArgumentException("events and censored must be >= 0 and together at most atRisk: "
          + "atRisk=" + atRisk + ", events=" + events + ", censored=" + censored);
    }
    if (!(survival >= 0 && survival <= 1)) {
      throw new IllegalArgumentException("survival must lie in [0, 1]: " + survival);
    }
  }
}
