package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fits on customers drawn from the Pareto/NBD and sBG processes with known parameters ({@link ParetoNbdSimulation})
 * recover those parameters within their 95 % confidence intervals, and the intervals cover at about their nominal
 * rate.
 */
class ParetoNbdRecoveryTest {
  private static final ParetoNbdModel PURCHASES = new ParetoNbdModel(0.75, 8, 0.9, 15);
  private static final ShiftedBetaGeometricModel RETENTION = new ShiftedBetaGeometricModel(0.8, 2.5);

  @Test
  void paretoNbdFit_recoversTheTrueParametersWithinTheirConfidenceIntervals() {
    ParetoNbdSimulation.Customers customers = ParetoNbdSimulation.draw(PURCHASES, 30_000, 26, 78, 20_241_107);
    ParetoNbdFit fit = ParetoNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isEqualTo(30_000);
    assertThat(fit.r().covers(PURCHASES.r())).as("r %s", fit.r()).isTrue();
    assertThat(fit.alpha().covers(PURCHASES.alpha())).as("alpha %s", fit.alpha()).isTrue();
    assertThat(fit.s().covers(PURCHASES.s())).as("s %s", fit.s()).isTrue();
    assertThat(fit.beta().covers(PURCHASES.beta())).as("beta %s", fit.beta()).isTrue();
    // the purchase process is pinned down well, the dropout process less so
    assertThat(fit.r().standardError() / fit.r().value()).isLessThan(0.03);
    assertThat(fit.s().standardError() / fit.s().value()).isLessThan(0.15);
  }

  @Test
  void paretoNbdIntervals_coverTheTrueParametersAtAboutTheNominalRate() {
    int replicates = 40;
    double[] truth = {PURCHASES.r(), PURCHASES.alpha(), PURCHASES.s(), PURCHASES.beta()};
    // each replicate is seeded on its own, so running them in parallel changes nothing but the time
    List<ParetoNbdFit> fits = IntStream.range(0, replicates).parallel().mapToObj(replicate -> {
      ParetoNbdSimulation.Customers customers = ParetoNbdSimulation.draw(PURCHASES, 2_000, 26, 78, 2_000 + replicate);
      return ParetoNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
    }).toList();
    int[] covered = new int[4];
    for (ParetoNbdFit fit : fits) {
      assertThat(fit.converged()).isTrue();
      Estimate[] estimates = {fit.r(), fit.alpha(), fit.s(), fit.beta()};
      for (int i = 0; i < truth.length; i++) {
        covered[i] += estimates[i].covers(truth[i]) ? 1 : 0;
      }
    }
    // nominal 95 %: 38 of 40 expected; fewer than 34 has probability under 3 % for a correct interval
    for (int count : covered) {
      assertThat(count).as("replicates covered, of %d: %s", replicates, Arrays.toString(covered))
          .isGreaterThanOrEqualTo(34);
    }
  }

  @Test
  void shiftedBetaGeometricFit_recoversTheTrueParametersWithinTheirConfidenceIntervals() {
    long[] alive = ParetoNbdSimulation.survivors(RETENTION, 20_000, 10, 20_241_108);
    ShiftedBetaGeometricFit fit = ShiftedBetaGeometricModel.fit(alive);
    assertThat(fit.converged()).isTrue();
    assertThat(fit.alpha().covers(RETENTION.alpha())).as("alpha %s", fit.alpha()).isTrue();
    assertThat(fit.beta().covers(RETENTION.beta())).as("beta %s", fit.beta()).isTrue();
  }

  @Test
  void shiftedBetaGeometricIntervals_coverTheTrueParametersAtAboutTheNominalRate() {
    int replicates = 200;
    int coveredAlpha = 0;
    int coveredBeta = 0;
    for (int replicate = 0; replicate < replicates; replicate++) {
      ShiftedBetaGeometricFit fit = ShiftedBetaGeometricModel.fit(
          ParetoNbdSimulation.survivors(RETENTION, 1_000, 7, 3_000 + replicate));
      coveredAlpha += fit.alpha().covers(RETENTION.alpha()) ? 1 : 0;
      coveredBeta += fit.beta().covers(RETENTION.beta()) ? 1 : 0;
    }
    // nominal 95 %: 190 of 200 expected; fewer than 181 has probability under 1 % for a correct interval
    assertThat(coveredAlpha).isGreaterThanOrEqualTo(181);
    assertThat(coveredBeta).isGreaterThanOrEqualTo(181);
  }
}
