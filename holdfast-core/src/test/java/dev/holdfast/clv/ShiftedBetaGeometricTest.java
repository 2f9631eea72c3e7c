package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;
import org.hipparchus.special.Beta;
import org.junit.jupiter.api.Test;

/**
 * The shifted-beta-geometric model on Fader and Hardie's (2007) two cohorts (customer_retention.csv): the published
 * estimates from years 0–7, an independent SciPy fit, the closed forms of the projections, and DERL against mpmath
 * (pareto_nbd_sbg_reference.out).
 */
class ShiftedBetaGeometricTest {
  private static final int REGULAR = 1;
  private static final int HIGH_END = 2;

  private static long[] firstSevenYears(int column) {
    return Arrays.copyOf(ParetoNbdReference.cohort(column), 8);
  }

  @Test
  void regularCohort_fitOnSevenYears_matchesThePublishedEstimates() {
    ShiftedBetaGeometricFit fit = ShiftedBetaGeometricModel.fit(firstSevenYears(REGULAR));
    // Fader and Hardie (2007), fitted to years 0-7: alpha = 0.704, beta = 1.182
    assertThat(fit.converged()).isTrue();
    assertThat(fit.alpha().value()).isCloseTo(0.704, within(0.0005));
    assertThat(fit.beta().value()).isCloseTo(1.182, within(0.0005));
    assertThat(fit.customers()).isEqualTo(1_000);
    assertThat(fit.periods()).isEqualTo(7);
    // SciPy: alpha 0.7040773047 (se 0.065599), beta 1.182043007 (se 0.152476), LL -1680.2651884633
    assertThat(fit.alpha().value()).isCloseTo(0.7040773047, within(1e-7));
    assertThat(fit.beta().value()).isCloseTo(1.182043007, within(1e-7));
    assertThat(fit.logLikelihood()).isCloseTo(-1680.2651884633, within(1e-8));
    assertThat(fit.alpha().standardError()).isCloseTo(0.065599, within(1e-5));
    assertThat(fit.beta().standardError()).isCloseTo(0.152476, within(1e-5));
  }

  @Test
  void highEndCohort_fitOnSevenYears_matchesThePublishedEstimates() {
    ShiftedBetaGeometricFit fit = ShiftedBetaGeometricModel.fit(firstSevenYears(HIGH_END));
    // Fader and Hardie (2007), fitted to years 0-7: alpha = 0.668, beta = 3.806
    assertThat(fit.converged()).isTrue();
    assertThat(fit.alpha().value()).isCloseTo(0.668, within(0.0005));
    assertThat(fit.beta().value()).isCloseTo(3.806, within(0.0005));
    // SciPy: alpha 0.6680883729 (se 0.103735), beta 3.806095382 (se 0.78553), LL -1611.1581473912
    assertThat(fit.alpha().value()).isCloseTo(0.6680883729, within(1e-7));
    assertThat(fit.beta().value()).isCloseTo(3.806095382, within(1e-6));
    assertThat(fit.logLikelihood()).isCloseTo(-1611.1581473912, within(1e-8));
    assertThat(fit.alpha().standardError()).isCloseTo(0.103735, within(1e-5));
    assertThat(fit.beta().standardError()).isCloseTo(0.78553, within(1e-4));
  }

  @Test
  void projectedRetention_isTheClosedForm_andTheCurveIsItsProduct() {
    ShiftedBetaGeometricModel model = ShiftedBetaGeometricModel.fit(firstSevenYears(REGULAR)).model();
    double alpha = model.alpha();
    double beta = model.beta();
    double[] curve = model.survivalCurve(12);
    double product = 1;
    for (int t = 1; t <= 12; t++) {
      double closedForm = (beta + t - 1) / (alpha + beta + t - 1);
      assertThat(model.retentionRate(t)).isEqualTo(closedForm);
      product *= closedForm;
      assertThat(curve[t]).isCloseTo(product, within(1e-15));
      assertThat(model.survival(t)).isCloseTo(Math.exp(Beta.logBeta(alpha, beta + t) - Beta.logBeta(alpha, beta)),
          within(1e-14));
      assertThat(model.survival(t)).isCloseTo(product, within(1e-13));
    }
  }

  @Test
  void survival_staysRightWhereEveryCustomerHasTheSameChurnProbability() {
    // a fit that ran to α, β → ∞ with α/(α+β) = 0.05952: the cohort then decays geometrically, S(t) → (1 − p)^t;
    // the difference of the two log-beta functions gave S(t) = 1 here (retention-forecast printed 100 %)
    ShiftedBetaGeometricModel limit = new ShiftedBetaGeometricModel(1.0e11, 1.0e11 * (1 - 0.05952) / 0.05952);
    double[] curve = limit.survivalCurve(20);
    for (int t = 0; t <= 20; t++) {
      assertThat(limit.survival(t)).as("S(%d)", t).isCloseTo(Math.pow(1 - 0.05952, t), within(1e-9)).isCloseTo(curve[t], within(1e-12));
    }
    assertThat(limit.survival(20)).isCloseTo(0.2930834, within(1e-6));
  }

  @Test
  void projectionBeyondTheCalibrationYears_tracksTheObservedSurvivorsOfYears8To12() {
    // the paper's point: two parameters from seven years project the next five within 2 percentage points
    for (int column : new int[] {REGULAR, HIGH_END}) {
      long[] observed = ParetoNbdReference.cohort(column);
      double[] projected = ShiftedBetaGeometricModel.fit(firstSevenYears(column)).model().survivalCurve(12);
      for (int year = 8; year <= 12; year++) {
        assertThat(1000 * projected[year]).as("year %d of column %d", year, column)
            .isCloseTo(observed[year], within(20.0));
      }
    }
    // SciPy projection for the regular cohort at year 12: 17.0037 % against 17.3 % observed
    double[] regular = ShiftedBetaGeometricModel.fit(firstSevenYears(REGULAR)).model().survivalCurve(12);
    assertThat(100 * regular[12]).isCloseTo(17.0037, within(1e-4));
  }

  @Test
  void churnProbabilities_andTheLastSurvival_sumToOne() {
    ShiftedBetaGeometricModel model = new ShiftedBetaGeometricModel(0.668, 3.806);
    double total = model.survival(20);
    for (int t = 1; t <= 20; t++) {
      total += model.churnProbability(t);
      assertThat(model.churnProbability(t)).isCloseTo(model.survival(t - 1) - model.survival(t), within(1e-14));
    }
    assertThat(total).isCloseTo(1, within(1e-14));
  }

  @Test
  void discountedExpectedResidualLifetime_matchesMpmathHypergeometricForm() {
    // B(a, b+n)/B(a, b+n-1) 2F1(1, b+n; a+b+n; 1/1.1) at the SciPy estimates, n - 1 renewals = 0, 1, 4, 7
    ShiftedBetaGeometricModel regular = new ShiftedBetaGeometricModel(0.7040773047, 1.182043007);
    double[] expected = {2.9643992164576555, 4.1031397290919108, 5.8940953259740331, 6.8423149184521655};
    int[] renewals = {0, 1, 4, 7};
    for (int i = 0; i < renewals.length; i++) {
      assertThat(regular.discountedExpectedResidualLifetime(0.1, renewals[i]))
          .isCloseTo(expected[i], within(1e-7 * expected[i]));
    }
    ShiftedBetaGeometricModel highEnd = new ShiftedBetaGeometricModel(0.6680883729, 3.806095382);
    assertThat(highEnd.discountedExpectedResidualLifetime(0.1, 0)).isCloseTo(5.414478968437402, within(1e-6));
    assertThat(highEnd.discountedExpectedResidualLifetime(0.1, 7)).isCloseTo(7.5296280451033415, within(1e-6));
  }

  @Test
  void discountedExpectedResidualLifetime_approachesTheUndiscountedClosedForm_whenAlphaExceedsOne() {
    ShiftedBetaGeometricModel model = new ShiftedBetaGeometricModel(3.2, 8.5);
    // (beta + n) / (alpha - 1) further renewals after n renewals
    assertThat(model.expectedResidualLifetime(4)).isCloseTo(12.5 / 2.2, within(1e-15));
    assertThat(model.discountedExpectedResidualLifetime(0, 4)).isEqualTo(model.expectedResidualLifetime(4));
    assertThat(model.discountedExpectedResidualLifetime(1e-4, 4))
        .isCloseTo(model.expectedResidualLifetime(4), within(2e-3 * model.expectedResidualLifetime(4)));
    // customers least likely to churn make the undiscounted sum diverge when alpha <= 1
    assertThat(new ShiftedBetaGeometricModel(0.704, 1.182).expectedResidualLifetime(3)).isInfinite();
  }

  @Test
  void discountedExpectedResidualLifetime_grows_withTheRenewalsAlreadyMade() {
    ShiftedBetaGeometricModel model = new ShiftedBetaGeometricModel(0.704, 1.182);
    double previous = 0;
    for (int renewals = 0; renewals <= 20; renewals++) {
      double derl = model.discountedExpectedResidualLifetime(0.1, renewals);
      assertThat(derl).isGreaterThan(previous).isLessThan(11); // at most the 1.1 / 0.1 of a customer who never churns
      previous = derl;
    }
  }

  @Test
  void survivorsThatCannotIdentifyTheModel_areRejectedWithTheCounts() {
    assertThatThrownBy(() -> ShiftedBetaGeometricModel.fit(1000, 631, 650))
        .isInstanceOf(InputException.class)
        .hasMessage("sBG survivors must not increase: 650 after 2 periods but 631 after 1; pass the customers of one"
            + " cohort still active after each period");
    assertThatThrownBy(() -> ShiftedBetaGeometricModel.fit(1000))
        .isInstanceOf(InputException.class).hasMessageContaining("got 1 count");
    assertThatThrownBy(() -> ShiftedBetaGeometricModel.fit(500, 500, 500))
        .isInstanceOf(InputException.class).hasMessageContaining("none of the 500 customers churned in 2 periods");
    assertThatThrownBy(() -> ShiftedBetaGeometricModel.fit(500, 0, 0))
        .isInstanceOf(InputException.class).hasMessageContaining("all 500 customers churned in the first period");
    assertThatThrownBy(() -> ShiftedBetaGeometricModel.fit(0, 0))
        .isInstanceOf(InputException.class).hasMessageContaining("cohort is empty");
    assertThatThrownBy(() -> new ShiftedBetaGeometricModel(0.7, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("beta must be a finite number > 0: -1.0");
    assertThatThrownBy(() -> new ShiftedBetaGeometricModel(0.7, 1).retentionRate(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be >= 1: 0");
  }
}
