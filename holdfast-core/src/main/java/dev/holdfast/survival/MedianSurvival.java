package dev.holdfast.survival;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The median survival time and its confidence interval, each empty when its curve never reaches one half.
 *
 * <p>As R's {@code print.survfit} computes it: the median is the first time the curve is at or below 0.5;
 * when the curve lies exactly at 0.5 (within {@code sqrt(machine epsilon)}) over an interval, it is the
 * midpoint between that time and the first time the curve drops below. The limits apply the same rule to
 * the lower and upper pointwise confidence curves; an upper limit is often "not reached".
 *
 * @param estimate the median, empty when the curve stays above 0.5
 * @param lower the lower confidence limit, empty when the lower confidence curve is never at or below 0.5
 * @param upper the upper confidence limit, empty when the upper confidence curve is never at or below 0.5
 */
public record MedianSurvival(OptionalDouble estimate, OptionalDouble lower, OptionalDouble upper) {

  public MedianSurvival {
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
  }

  /** Whether the survival curve reaches one half. */
  public boolean reached() {
    return estimate.isPresent();
  }
}
