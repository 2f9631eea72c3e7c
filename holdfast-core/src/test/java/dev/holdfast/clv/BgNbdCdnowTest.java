package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The BG/NBD fit on the CDNOW sample against the published estimates (Fader, Hardie and Lee 2005), Hardie's
 * spreadsheet for the paper, and an independent SciPy fit ({@code bgnbd_gammagamma_reference.out}); see
 * {@code src/test/resources/clv/SOURCE.md}.
 */
class BgNbdCdnowTest {
  private static final CdnowSummary CDNOW = CdnowSummary.load();
  private static final BgNbdFit FIT = BgNbdModel.fit(CDNOW.frequency(), CDNOW.recency(), CDNOW.age());

  private static double rounded(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  @Test
  void fit_reproducesThePublishedEstimatesToTheDecimalsShown() {
    assertThat(FIT.converged()).isTrue();
    assertThat(FIT.customers()).isEqualTo(2357);
    assertThat(rounded(FIT.r().value(), 3)).isEqualTo(0.243);
    assertThat(rounded(FIT.alpha().value(), 3)).isEqualTo(4.414);
    assertThat(rounded(FIT.a().value(), 3)).isEqualTo(0.793);
    assertThat(rounded(FIT.b().value(), 3)).isEqualTo(2.426);
    assertThat(rounded(FIT.logLikelihood(), 1)).isEqualTo(-9582.4);
  }

  @Test
  void fit_agreesWithAnIndependentScipyFitIncludingStandardErrorsAndIntervals() {
    // bgnbd_gammagamma_reference.out: "bgnbd <name> value=... se=... lower=... upper=..."
    assertEstimate(FIT.r(), 0.24259289362790748, 0.012557316167067125, 0.21918831532531224, 0.2684965754283754);
    assertEstimate(FIT.alpha(), 4.413531515004253, 0.37822128360864893, 3.7311422092574635, 5.220723130199939);
    assertEstimate(FIT.a(), 0.7928860827156742, 0.18571869386747175, 0.5009943154187525, 1.2548412642940647);
    assertEstimate(FIT.b(), 2.425753555288405, 0.7053440451435129, 1.3719557606448414, 4.288972341373914);
    assertThat(FIT.logLikelihood()).isCloseTo(-9582.425560567364, within(1e-6));
  }

  /** Estimates to 1e-5 (the likelihood is flat in a and b), errors and limits to 1e-4 (SciPy's Hessian). */
  private static void assertEstimate(Estimate estimate, double value, double standardError, double lower,
      double upper) {
    assertThat(estimate.value()).isCloseTo(value, within(1e-5 * value));
    assertThat(estimate.standardError()).isCloseTo(standardError, within(1e-4 * standardError));
    assertThat(estimate.lower()).isCloseTo(lower, within(1e-4 * lower));
    assertThat(estimate.upper()).isCloseTo(upper, within(1e-4 * upper));
  }

  @Test
  void predictions_matchHardiesSpreadsheetForThePaper() {
    // The sheet's Solver estimates differ from the exact maximum in the 4th-5th digit and it shows 3-4
    // decimals, hence 5e-4.
    BgNbdModel model = FIT.model();
    assertThat(model.conditionalExpectedPurchases(39, 2, 30.43, 38.86)).isCloseTo(1.226, within(5e-4));
    double[] times = {0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00};
    double[] sheet = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    for (int i = 0; i < times.length; i++) {
      assertThat(model.expectedPurchases(times[i])).as("E[X(%s)]", times[i]).isCloseTo(sheet[i], within(5e-4));
    }
  }

  @Test
  void predictions_atTheFittedParametersMatchMpmath() {
    BgNbdModel scipy = new BgNbdModel(0.24259289362790748, 4.413531515004253, 0.7928860827156742,
        2.425753555288405);
    assertThat(scipy.conditionalExpectedPurchases(39, 2, 30.43, 38.86))
        .isCloseTo(1.2259105062380012, within(1e-13));
    assertThat(scipy.expectedPurchases(78)).isCloseTo(1.8579718234697104, within(1e-13));
    assertThat(scipy.probabilityAlive(2, 30.43, 38.86)).isCloseTo(0.72660917528942302, within(1e-14));
  }

  @Test
  void fit_expectsAboutAsManyCalibrationPurchasesAsTheCohortMade() {
    // Sum over customers of E[X(T_i)] against the 2,457 repeat purchases observed: a check of fit, within 2 %.
    BgNbdModel model = FIT.model();
    double expected = 0;
    for (double age : CDNOW.age()) {
      expected += model.expectedPurchases(age);
    }
    assertThat(expected).isCloseTo(2457, within(0.02 * 2457));
  }
}
