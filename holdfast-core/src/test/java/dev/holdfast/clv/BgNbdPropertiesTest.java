package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Invariants of the BG/NBD and Gamma-Gamma predictions over seeded random models and customer histories: parameters
 * log-uniform over several orders of magnitude, frequencies up to 200, ages up to 100 and horizons up to 1,000.
 */
class BgNbdPropertiesTest {
  private static final int TRIALS = 2_000;

  private record Customer(double frequency, double recency, double age) {
  }

  private static BgNbdModel model(SplittableRandom random) {
    return new BgNbdModel(logUniform(random, 0.01, 20), logUniform(random, 0.05, 100), logUniform(random, 0.05, 20),
        logUniform(random, 0.05, 20));
  }

  private static Customer customer(SplittableRandom random) {
    double age = random.nextDouble() < 0.05 ? 0 : random.nextDouble(0, 100);
    double frequency = random.nextDouble() < 0.3 ? 0 : Math.floor(logUniform(random, 1, 200));
    double recency = frequency == 0 ? 0 : random.nextDouble() * age;
    return new Customer(frequency, recency, age);
  }

  private static double logUniform(SplittableRandom random, double low, double high) {
    return Math.exp(random.nextDouble(Math.log(low), Math.log(high)));
  }

  @Test
  void probabilityAlive_staysWithinZeroAndOne() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < TRIALS; trial++) {
      BgNbdModel model = model(random);
      Customer c = customer(random);
      assertThat(model.probabilityAlive(c.frequency(), c.recency(), c.age())).as("%s %s", model, c)
          .isBetween(0.0, 1.0);
    }
  }

  @Test
  void probabilityAlive_fallsAsTimeSinceTheLastPurchaseGrows() {
    SplittableRandom random = new SplittableRandom(12);
    for (int trial = 0; trial < TRIALS; trial++) {
      BgNbdModel model = model(random);
      Customer c = customer(random);
      double later = c.age() + random.nextDouble(0, 50);
      assertThat(model.probabilityAlive(c.frequency(), c.recency(), later)).as("%s %s T'=%s", model, c, later)
          .isLessThanOrEqualTo(model.probabilityAlive(c.frequency(), c.recency(), c.age()));
    }
  }

  @Test
  void conditionalExpectedPurchases_isNonNegativeAndNonDecreasingInTheHorizon() {
    SplittableRandom random = new SplittableRandom(13);
    double[] horizons = {0, 0.01, 0.5, 1, 4, 13, 26, 52, 104, 250, 500, 1_000};
    for (int trial = 0; trial < TRIALS / 4; trial++) {
      BgNbdModel model = model(random);
      Customer c = customer(random);
      double previous = 0;
      for (double t : horizons) {
        double expected = model.conditionalExpectedPurchases(t, c.frequency(), c.recency(), c.age());
        assertThat(expected).as("%s %s t=%s", model, c, t).isGreaterThanOrEqualTo(previous * (1 - 1e-12));
        previous = expected;
      }
    }
  }

  @Test
  void conditionalExpectedPurchases_neverExceedsTheExpectationWithoutDropout() {
    // Alive at T, the rate's posterior is Gamma(r + x, alpha + T); without dropout the customer would make
    // (r + x) / (alpha + T) purchases per unit time.
    SplittableRandom random = new SplittableRandom(14);
    for (int trial = 0; trial < TRIALS; trial++) {
      BgNbdModel model = model(random);
      Customer c = customer(random);
      double t = logUniform(random, 0.01, 1_000);
      double bound = model.probabilityAlive(c.frequency(), c.recency(), c.age()) * (model.r() + c.frequency())
          / (model.alpha() + c.age()) * t;
      assertThat(model.conditionalExpectedPurchases(t, c.frequency(), c.recency(), c.age()))
          .as("%s %s t=%s", model, c, t).isLessThanOrEqualTo(bound * (1 + 1e-9));
    }
  }

  @Test
  void expectedPurchases_isNonNegativeAndNonDecreasing() {
    SplittableRandom random = new SplittableRandom(15);
    for (int trial = 0; trial < TRIALS / 4; trial++) {
      BgNbdModel model = model(random);
      double previous = 0;
      for (double t = 0; t <= 1_000; t = t * 2 + 0.25) {
        double expected = model.expectedPurchases(t);
        assertThat(expected).as("%s t=%s", model, t).isGreaterThanOrEqualTo(previous * (1 - 1e-12));
        previous = expected;
      }
    }
  }

  @Test
  void gammaGammaExpectedValue_isPositiveAndBetweenTheCustomersMeanAndThePopulationMean() {
    SplittableRandom random = new SplittableRandom(16);
    for (int trial = 0; trial < TRIALS; trial++) {
      GammaGammaModel model = new GammaGammaModel(logUniform(random, 0.1, 50), 1 + logUniform(random, 0.01, 50),
          logUniform(random, 0.1, 1_000));
      double frequency = Math.floor(logUniform(random, 1, 300));
      double meanSpend = logUniform(random, 0.01, 10_000);
      double expected = model.conditionalExpectedTransactionValue(frequency, meanSpend);
      double population = model.expectedTransactionValue();
      assertThat(expected).as("%s x=%s m=%s", model, frequency, meanSpend).isPositive()
          .isBetween(Math.min(meanSpend, population) * (1 - 1e-12), Math.max(meanSpend, population) * (1 + 1e-12));
    }
  }
}
