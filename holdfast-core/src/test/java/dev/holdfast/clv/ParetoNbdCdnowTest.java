package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pareto/NBD fitted to CDNOW's 2,357 customers (cdnow_customers_summary.csv) against the published estimates and
 * against an independent SciPy fit (pareto_nbd_sbg_reference.out).
 */
class ParetoNbdCdnowTest {
  private static ParetoNbdFit fit;

  @BeforeAll
  static void fit() {
    ParetoNbdReference.Cdnow cdnow = ParetoNbdReference.cdnow();
    fit = ParetoNbdModel.fit(cdnow.frequency(), cdnow.recency(), cdnow.age());
  }

  @Test
  void fit_matchesThePublishedEstimatesAndLogLikelihood_toTheirTwoDecimals() {
    // Fader, Hardie and Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis", and the BTYD
    // vignette: r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67, LL = -9594.98
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isEqualTo(2_357);
    assertThat(fit.r().value()).isCloseTo(0.55, within(0.005));
    assertThat(fit.alpha().value()).isCloseTo(10.58, within(0.005));
    assertThat(fit.s().value()).isCloseTo(0.61, within(0.005));
    assertThat(fit.beta().value()).isCloseTo(11.67, within(0.005));
    // -9594.974 here: the file's times are rounded to 2 decimals, which moves the maximum by a few thousandths
    assertThat(fit.logLikelihood()).isCloseTo(-9594.98, within(0.01));
  }

  @Test
  void fit_matchesAnIndependentScipyFit_toItsDigits() {
    assertThat(fit.r().value()).isCloseTo(0.5532755098, within(1e-7));
    assertThat(fit.alpha().value()).isCloseTo(10.57761222, within(1e-6));
    assertThat(fit.s().value()).isCloseTo(0.6062136336, within(1e-6));
    assertThat(fit.beta().value()).isCloseTo(11.66791433, within(2e-5));
    assertThat(fit.logLikelihood()).isCloseTo(-9594.9739298269, within(1e-8));
  }

  @Test
  void standardErrorsAndIntervals_matchTheScipyHessian() {
    // delta-method standard errors and log-scale 95 % intervals from a finite-difference Hessian in SciPy
    assertThat(fit.r().standardError()).isCloseTo(0.0476285, within(1e-4 * 0.0476285));
    assertThat(fit.alpha().standardError()).isCloseTo(0.842722, within(1e-4 * 0.842722));
    assertThat(fit.s().standardError()).isCloseTo(0.187278, within(1e-4 * 0.187278));
    assertThat(fit.beta().standardError()).isCloseTo(6.21098, within(1e-4 * 6.21098));
    assertThat(fit.beta().lower()).isCloseTo(4.11044, within(1e-3));
    assertThat(fit.beta().upper()).isCloseTo(33.1206, within(1e-2));
    // the dropout parameters are weakly identified by 39 weeks of data: beta's interval spans a factor of 8
    assertThat(fit.beta().upper() / fit.beta().lower()).isGreaterThan(8);
  }
}
