package dev.holdfast.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Assertions against numbers printed by R's survival package (see
 * {@code src/test/resources/survival/reference.R}): relative tolerance 1e-6, NA and NaN both as NaN.
 */
final class RReference {
  /** R's NA (and NaN): an undefined standard error or confidence limit, or a median not reached. */
  static final double NA = Double.NaN;

  private static final double RELATIVE = 1e-6;
  private static final double ABSOLUTE = 1e-12;

  private RReference() {}

  static void assertClose(double actual, double expected, String what) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as(what + " (R: NA)").isNaN();
    } else {
      assertThat(actual).as(what).isCloseTo(expected,
          within(Math.abs(expected) * RELATIVE + ABSOLUTE));
    }
  }

  static void assertOptional(OptionalDouble actual, double expected, String what) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as(what + " (R: NA, not reached)").isEmpty();
    } else {
      assertThat(actual).as(what).isPresent();
      assertClose(actual.getAsDouble(), expected, what);
    }
  }

  /**
   * Rows as {@code table_rows()} in reference.R prints a survfit object:
   * {@code {time, n.risk, n.event, n.censor, surv, se(surv), lower, upper}}.
   */
  static void assertTable(SurvivalCurve curve, double[][] expected) {
    List<SurvivalStep> steps = curve.steps();
    assertThat(steps).hasSize(expected.length);
    for (int row = 0; row < expected.length; row++) {
      assertStep(steps.get(row), expected[row], "row " + row);
    }
  }

  static void assertStep(SurvivalStep step, double[] expected, String where) {
    assertThat(step.time()).as(where + " time").isEqualTo(expected[0]);
    assertThat(step.atRisk()).as(where + " n.risk").isEqualTo((int) expected[1]);
    assertThat(step.events()).as(where + " n.event").isEqualTo((int) expected[2]);
    assertThat(step.censored()).as(where + " n.censor").isEqualTo((int) expected[3]);
    assertClose(step.survival(), expected[4], where + " surv");
    assertClose(step.standardError(), expected[5], where + " std.err");
    assertClose(step.lower(), expected[6], where + " lower");
    assertClose(step.upper(), expected[7], where + " upper");
  }

  /**
   * Rows as {@code at_times()} in reference.R prints {@code summary(fit, times, extend = TRUE)}:
   * {@code {time, n.risk, surv, std.err, lower, upper}}.
   */
  static void assertEstimates(SurvivalCurve curve, double[][] expected) {
    for (double[] row : expected) {
      SurvivalEstimate estimate = curve.estimateAt(row[0]);
      String where = "t=" + row[0];
      assertThat(estimate.time()).isEqualTo(row[0]);
      assertThat(estimate.atRisk()).as(where + " n.risk").isEqualTo((int) row[1]);
      assertClose(estimate.survival(), row[2], where + " surv");
      assertClose(estimate.standardError(), row[3], where + " std.err");
      assertClose(estimate.lower(), row[4], where + " lower");
      assertClose(estimate.upper(), row[5], where + " upper");
      assertClose(curve.survivalAt(row[0]), row[2], where + " survivalAt");
    }
  }

  /** A line of {@code table_summary()} in reference.R, from R's {@code survmean}: summary(fit)$table. */
  static void assertSummary(SurvivalCurve curve, double tau, int n, int events, double rmean, double seRmean,
      double median, double lcl, double ucl) {
    assertThat(curve.subjects()).as("records").isEqualTo(n);
    assertThat(curve.events()).as("events").isEqualTo(events);
    RestrictedMean restricted = curve.restrictedMean(tau);
    assertThat(restricted.tau()).isEqualTo(tau);
    assertClose(restricted.estimate(), rmean, "rmean");
    assertClose(restricted.standardError(), seRmean, "se(rmean)");
    MedianSurvival medianSurvival = curve.median();
    assertOptional(medianSurvival.estimate(), median, "median");
    assertOptional(medianSurvival.lower(), lcl, "LCL");
    assertOptional(medianSurvival.upper(), ucl, "UCL");
  }

  /** A group line of {@code logrank()} in reference.R, from R's {@code survdiff}. */
  static void assertGroup(LogRankResult.Group group, int n, int observed, double expected, double variance) {
    String where = "group " + group.label();
    assertThat(group.subjects()).as(where + " N").isEqualTo(n);
    assertThat(group.observed()).as(where + " observed").isEqualTo(observed);
    assertClose(group.expected(), expected, where + " expected");
    assertClose(group.variance(), variance, where + " variance");
  }

  static void assertTest(LogRankResult result, double chisq, int df, double p) {
    assertClose(result.chiSquare(), chisq, "chisq");
    assertThat(result.degreesOfFreedom()).as("df").isEqualTo(df);
    assertClose(result.pValue(), p, "p");
  }
}
