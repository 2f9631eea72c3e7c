package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Fits on customers simulated at a limit of the models, where the likelihood's supremum lies on the boundary of the
 * parameter space: no drop-out (NBD customers), and the same drop-out probability, value rate or churn probability
 * for everybody.
 *
 * <p>At a limit the maximum-likelihood estimate lands on the boundary only in part of the samples: with a parameter
 * at the edge of its range the estimate is there with probability about 1/2 and otherwise inside, near it (Chernoff
 * 1954, "On the distribution of the likelihood ratio", Ann. Math. Statist. 25(3), 573–578), and less often still where
 * the limit leaves another parameter unidentified. The seeds below are samples whose maximum is on the boundary; the
 * property test holds on every sample.
 */
class LimitSimulationTest {
  private static final double R = 0.5;
  private static final double ALPHA = 10;

  @Test
  void withoutDropout_bothModelsStopAtTheNbd_withItsLogLikelihoodAndEstimates() {
    ParetoNbdSimulation.Customers customers = ParetoNbdSimulation.drawWithoutDropout(R, ALPHA, 5_000, 10, 52, 3);
    MaximumLikelihood.Result nbd = new NbdLikelihood(customers.frequency(), customers.age()).fit();
    assertThat(nbd.converged()).isTrue();
    assertThat(nbd.estimates()[0].covers(R)).as("NBD r %s", nbd.estimates()[0]).isTrue();
    assertThat(nbd.estimates()[1].covers(ALPHA)).as("NBD alpha %s", nbd.estimates()[1]).isTrue();

    BgNbdFit bgNbd = BgNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
    assertThat(bgNbd.convergence().verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(bgNbd.convergence().limits()).containsExactly("a/(a+b) → 0");
    assertThat(bgNbd.convergence().boundaryParameters()).containsExactly("a", "b");
    assertThat(bgNbd.logLikelihood()).isCloseTo(nbd.logLikelihood(), within(1e-7));
    assertThat(bgNbd.r().value()).isCloseTo(nbd.estimates()[0].value(), within(1e-6 * R));
    assertThat(bgNbd.alpha().value()).isCloseTo(nbd.estimates()[1].value(), within(1e-6 * ALPHA));
    assertThat(bgNbd.iterations()).isLessThan(100);

    ParetoNbdFit paretoNbd = ParetoNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
    assertThat(paretoNbd.convergence().verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(paretoNbd.convergence().limits()).containsExactly("s/β → 0");
    assertThat(paretoNbd.convergence().boundaryParameters()).containsExactly("s", "beta");
    assertThat(paretoNbd.logLikelihood()).isCloseTo(nbd.logLikelihood(), within(1e-7));
    assertThat(paretoNbd.r().value()).isCloseTo(nbd.estimates()[0].value(), within(1e-6 * R));
    assertThat(paretoNbd.iterations()).isLessThan(100);
  }

  @Test
  void withoutDropout_everyFitEndsOnOrNearTheLimit_neverBelowTheNbdsMaximum() {
    for (long seed = 1; seed <= 6; seed++) {
      ParetoNbdSimulation.Customers customers = ParetoNbdSimulation.drawWithoutDropout(R, ALPHA, 2_000, 10, 52, seed);
      double nbd = new NbdLikelihood(customers.frequency(), customers.age()).fit().logLikelihood();
      BgNbdFit bgNbd = BgNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
      // the NBD is a limit of the BG/NBD, so the BG/NBD's supremum is at least the NBD's maximum
      assertThat(bgNbd.convergence().verdict()).as("seed %d: %s", seed, bgNbd.convergence())
          .isNotEqualTo(Convergence.Verdict.NOT_CONVERGED);
      assertThat(bgNbd.logLikelihood()).as("seed %d", seed).isGreaterThanOrEqualTo(nbd - 1e-7);
      if (bgNbd.converged()) {
        // inside, but next to the limit: hardly any drop-out
        assertThat(bgNbd.a().value() / (bgNbd.a().value() + bgNbd.b().value())).as("seed %d", seed).isLessThan(0.05);
      }
    }
  }

  @Test
  void sameDropoutProbabilityForEverybody_stopsAtTheLimitOfTheBeta() {
    // p = a/(a+b) = 0.2 for every customer: a, b → ∞
    BgNbdSimulation.Customers customers = BgNbdSimulation.draw(new BgNbdModel(0.8, 4, 2e7, 8e7), null, 5_000, 20, 60,
        4);
    BgNbdFit fit = BgNbdModel.fit(customers.frequency(), customers.recency(), customers.age());
    assertThat(fit.convergence().verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(fit.convergence().limits()).singleElement().asString().startsWith("a, b → ∞ with a/(a+b) = 0.20");
    assertThat(fit.convergence().explanation()).startsWith("Every customer has the same drop-out probability");
    assertThat(fit.a().value() / (fit.a().value() + fit.b().value())).isCloseTo(0.2, within(0.01));
    assertThat(fit.a().standardError()).isNaN();
    assertThat(fit.r().covers(0.8)).as("r %s", fit.r()).isTrue();
    assertThat(fit.alpha().covers(4)).as("alpha %s", fit.alpha()).isTrue();
  }

  @Test
  void sameValueRateForEverybody_stopsAtTheLimitOfTheGamma() {
    // ν = q/γ = 0.5 for every customer: q, γ → ∞
    BgNbdSimulation.Customers customers = BgNbdSimulation.draw(new BgNbdModel(0.8, 4, 0.8, 2.5),
        new GammaGammaModel(6, 1e9, 2e9), 5_000, 20, 60, 4);
    GammaGammaFit fit = GammaGammaModel.fit(customers.frequency(), customers.meanSpend());
    assertThat(fit.convergence().verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(fit.convergence().limits()).singleElement().asString().startsWith("q, γ → ∞ with q/γ = 0.50");
    assertThat(fit.convergence().boundaryParameters()).containsExactly("q", "gamma");
    assertThat(fit.q().value() / fit.gamma().value()).isCloseTo(0.5, within(0.01));
    assertThat(fit.p().covers(6)).as("p %s", fit.p()).isTrue();
  }

  @Test
  void sameChurnProbabilityForEverybody_stopsAtTheLimitOfTheBeta() {
    // θ = α/(α+β) = 0.3 for every customer: α, β → ∞
    ShiftedBetaGeometricFit fit = ShiftedBetaGeometricModel.fit(
        ParetoNbdSimulation.survivors(new ShiftedBetaGeometricModel(3e8, 7e8), 5_000, 8, 4));
    assertThat(fit.convergence().verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(fit.convergence().limits()).singleElement().asString().startsWith("α, β → ∞ with α/(α+β) = 0.30");
    assertThat(fit.convergence().boundaryParameters()).containsExactly("alpha", "beta");
    assertThat(fit.alpha().value() / (fit.alpha().value() + fit.beta().value())).isCloseTo(0.3, within(0.01));
  }
}
