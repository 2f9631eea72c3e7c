package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Fits on customers drawn from the BG/NBD and Gamma-Gamma processes with known parameters ({@link BgNbdSimulation})
 * recover those parameters within their confidence intervals, and the intervals cover at about their nominal rate.
 */
class BgNbdRecoveryTest {
  private static final BgNbdModel PURCHASES = new BgNbdModel(0.25, 4.0, 0.8, 2.5);
  private static final GammaGammaModel SPEND = new GammaGammaModel(6, 4, 15);

  @Test
  void bgNbdFit_recoversTheTrueParametersWithinTheirConfidenceIntervals() {
    BgNbdSimulation.Customers customers = BgNbdSimulation.draw(PURCHASES, SPEND, 50_000, 27, 39, 20_240_601);
    BgNbdFit fit = BgNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isEqualTo(50_000);
    assertThat(fit.r().covers(PURCHASES.r())).as("r %s", fit.r()).isTrue();
    assertThat(fit.alpha().covers(PURCHASES.alpha())).as("alpha %s", fit.alpha()).isTrue();
    assertThat(fit.a().covers(PURCHASES.a())).as("a %s", fit.a()).isTrue();
    assertThat(fit.b().covers(PURCHASES.b())).as("b %s", fit.b()).isTrue();
    // 50,000 customers pin the purchase rate's shape down to about 1 %
    assertThat(fit.r().standardError() / fit.r().value()).isLessThan(0.02);
  }

  @Test
  void gammaGammaFit_recoversTheTrueParametersWithinTheirConfidenceIntervals() {
    BgNbdSimulation.Customers customers = BgNbdSimulation.draw(PURCHASES, SPEND, 50_000, 27, 39, 20_240_602);
    GammaGammaFit fit = GammaGammaModel.fit(customers.frequency(), customers.meanSpend());
    assertThat(fit.converged()).isTrue();
    assertThat(fit.p().covers(SPEND.p())).as("p %s", fit.p()).isTrue();
    assertThat(fit.q().covers(SPEND.q())).as("q %s", fit.q()).isTrue();
    assertThat(fit.gamma().covers(SPEND.gamma())).as("gamma %s", fit.gamma()).isTrue();
    // spend is drawn independently of frequency
    assertThat(fit.frequencySpendCorrelation()).isCloseTo(0, within(0.05));
  }

  @Test
  void confidenceIntervals_coverTheTrueParametersAtAboutTheNominalRate() {
    int replicates = 40;
    int[] bgNbdCovered = new int[4];
    int[] gammaGammaCovered = new int[3];
    for (int replicate = 0; replicate < replicates; replicate++) {
      BgNbdSimulation.Customers customers = BgNbdSimulation.draw(PURCHASES, SPEND, 4_000, 20, 52, 1_000 + replicate);
      BgNbdFit purchases = BgNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
      Estimate[] estimates = {purchases.r(), purchases.alpha(), purchases.a(), purchases.b()};
      double[] truth = {PURCHASES.r(), PURCHASES.alpha(), PURCHASES.a(), PURCHASES.b()};
      for (int i = 0; i < truth.length; i++) {
        bgNbdCovered[i] += estimates[i].covers(truth[i]) ? 1 : 0;
      }
      GammaGammaFit spend = GammaGammaModel.fit(customers.frequency(), customers.meanSpend());
      Estimate[] spendEstimates = {spend.p(), spend.q(), spend.gamma()};
      double[] spendTruth = {SPEND.p(), SPEND.q(), SPEND.gamma()};
      for (int i = 0; i < spendTruth.length; i++) {
        gammaGammaCovered[i] += spendEstimates[i].covers(spendTruth[i]) ? 1 : 0;
      }
    }
    // nominal 95 %: 38 of 40 expected; fewer than 34 has probability 0.34 % for a correct interval
    for (int covered : bgNbdCovered) {
      assertThat(covered).isGreaterThanOrEqualTo(34);
    }
    for (int covered : gammaGammaCovered) {
      assertThat(covered).isGreaterThanOrEqualTo(34);
    }
  }
}
