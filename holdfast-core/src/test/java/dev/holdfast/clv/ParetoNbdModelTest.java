package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The Pareto/NBD likelihood, gradient and predictions against 40-digit mpmath values of the note's formulas,
 * against an independent quadrature of the death integral in every regime of {@code α} against {@code β}, and
 * against their own limits.
 */
class ParetoNbdModelTest {
  private static final ParetoNbdModel PUBLISHED = new ParetoNbdModel(0.55, 10.58, 0.61, 11.67);

  /** Parameter sets where α and β compare in every way the 2F1 argument cares about. */
  private static final List<ParetoNbdModel> REGIMES = List.of(
      PUBLISHED,
      new ParetoNbdModel(0.55, 11.67, 0.61, 10.58), // alpha > beta
      new ParetoNbdModel(2, 5, 2, 5), // alpha = beta: z = 0
      new ParetoNbdModel(0.55, 1e-3, 0.61, 11.67), // alpha << beta: z near 1 at t = 0
      new ParetoNbdModel(0.55, 50, 0.61, 1e-4), // alpha >> beta
      new ParetoNbdModel(0.3, 5, 1e3, 1e4), // near-exponential lifetimes: large r + s + x
      new ParetoNbdModel(1.5, 1e4, 0.2, 0.01),
      new ParetoNbdModel(0.05, 0.2, 0.05, 300),
      // rates far apart, where the death integral is a binomial series instead of two 2F1: beta >> alpha, as at the
      // limit of no drop-out; just inside the series' range; alpha >> beta, heavy buyers outside it; large s
      new ParetoNbdModel(0.55, 10.58, 0.61, 5e3),
      new ParetoNbdModel(0.7, 20, 0.9, 300),
      new ParetoNbdModel(0.3, 3e3, 2, 3),
      new ParetoNbdModel(0.5, 5, 50, 1e5));

  /** Customers {x, t_x, T}, from no repeat purchase to a heavy buyer and a purchase at the end. */
  private static final double[][] CUSTOMERS = {{0, 0, 39}, {0, 0, 0.5}, {1, 1.71, 38.86}, {2, 30.43, 38.86},
      {5, 3, 38}, {29, 32, 33}, {10, 32.71, 32.71}, {100, 38.9, 39}, {3, 20, 20.0001}};

  @Test
  void logLikelihoodAndPredictions_matchMpmathAtThePublishedCdnowEstimates() {
    for (double[] row : ParetoNbdReference.table("## Pareto/NBD at r = 0.55")) {
      double x = row[0];
      double recency = row[1];
      double age = row[2];
      String customer = String.format("x=%s t_x=%s T=%s", x, recency, age);
      assertThat(PUBLISHED.logLikelihood(x, recency, age)).as(customer)
          .isCloseTo(row[3], within(1e-13 * Math.abs(row[3])));
      assertThat(PUBLISHED.probabilityAlive(x, recency, age)).as(customer)
          .isCloseTo(row[4], within(1e-13 * row[4]));
      assertThat(PUBLISHED.conditionalExpectedPurchases(39, x, recency, age)).as(customer)
          .isCloseTo(row[5], within(1e-13 * row[5]));
      assertThat(PUBLISHED.conditionalExpectedPurchases(52, x, recency, age)).as(customer)
          .isCloseTo(row[6], within(1e-13 * row[6]));
    }
  }

  @Test
  void expectedPurchases_matchesMpmathAtThePublishedCdnowEstimates() {
    // E[X(t)] at t = 1, 39, 78 from pareto_nbd_sbg_reference.out
    assertThat(PUBLISHED.expectedPurchases(1)).isCloseTo(0.050685421319157131, within(1e-15));
    assertThat(PUBLISHED.expectedPurchases(39)).isCloseTo(1.2023523628319925, within(1e-14));
    assertThat(PUBLISHED.expectedPurchases(78)).isCloseTo(1.8899983705311561, within(1e-14));
    assertThat(PUBLISHED.expectedPurchases(0)).isZero();
  }

  @Test
  void logLikelihood_equalsQuadratureOfTheDeathIntegral_inEveryRegimeOfAlphaAgainstBeta() {
    for (ParetoNbdModel model : REGIMES) {
      for (double[] customer : CUSTOMERS) {
        double expected = quadratureLogLikelihood(model, customer[0], customer[1], customer[2]);
        assertThat(model.logLikelihood(customer[0], customer[1], customer[2]))
            .as("%s at x=%s t_x=%s T=%s", model, customer[0], customer[1], customer[2])
            .isCloseTo(expected, within(1e-11 * Math.max(1, Math.abs(expected))));
      }
    }
  }

  @Test
  void gradient_matchesCentralDifferencesOfTheLikelihood_inEveryRegime() {
    for (ParetoNbdModel model : REGIMES) {
      double[] parameters = {model.r(), model.alpha(), model.s(), model.beta()};
      ParetoNbdLikelihood likelihood = likelihoodOf(CUSTOMERS);
      double[] gradient = new double[4];
      likelihood.evaluate(parameters, gradient);
      for (int j = 0; j < 4; j++) {
        double h = 1e-6 * parameters[j];
        double[] up = parameters.clone();
        double[] down = parameters.clone();
        up[j] += h;
        down[j] -= h;
        double slope = (likelihood.evaluate(up, null) - likelihood.evaluate(down, null)) / (2 * h);
        assertThat(gradient[j]).as("d/d%s at %s", likelihood.names().get(j), model)
            .isCloseTo(slope, within(1e-6 * Math.abs(slope) + 1e-7 / parameters[j]));
      }
    }
  }

  @Test
  void likelihoodAndGradient_areContinuousWhereAlphaCrossesBeta() {
    ParetoNbdLikelihood likelihood = likelihoodOf(CUSTOMERS);
    double[] equal = {0.55, 11.67, 0.61, 11.67};
    double[] atEqual = new double[4];
    double value = likelihood.evaluate(equal, atEqual);
    for (double factor : new double[] {1 - 1e-9, 1 + 1e-9}) {
      double[] crossed = equal.clone();
      crossed[1] *= factor;
      double[] gradient = new double[4];
      double near = likelihood.evaluate(crossed, gradient);
      assertThat(near).isCloseTo(value + atEqual[1] * (crossed[1] - equal[1]), within(1e-11 * Math.abs(value)));
      for (int j = 0; j < 4; j++) {
        assertThat(gradient[j]).isCloseTo(atEqual[j], within(1e-6 * Math.max(1, Math.abs(atEqual[j]))));
      }
    }
  }

  @Test
  void shortGapBetweenLastPurchaseAndAge_isContinuousWithTheHypergeometricForm() {
    // the death term switches from the 2F1 difference to Gauss-Legendre when the integrand changes by under 1 %
    for (ParetoNbdModel model : REGIMES) {
      double age = 39;
      double previous = Double.NaN;
      for (double gap : new double[] {1e-3, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 1e-8, 1e-12, 0}) {
        double value = model.logLikelihood(3, age - gap, age);
        double expected = quadratureLogLikelihood(model, 3, age - gap, age);
        assertThat(value).as("%s with T - t_x = %s", model, gap)
            .isCloseTo(expected, within(1e-11 * Math.max(1, Math.abs(expected))));
        if (!Double.isNaN(previous)) {
          assertThat(value).isLessThanOrEqualTo(previous + 1e-12 * Math.abs(previous));
        }
        previous = value;
      }
    }
  }

  @Test
  void likelihoodAndGradient_areFinite_atTheExtremePointsALineSearchVisits() {
    // points the conjugate-gradient line search reached on simulated data; ln I(t) is about -3e14 at the first, where
    // taking I(T)/I(t_x) from two such logarithms gave a NaN gradient before the bracket was scaled by beta^s
    double[][] extremes = {{0.0016374752728770246, 0.1745480444769806, 5.8953278089555205E12, 2.5988681258750427E20},
        {2.2902920730107388E-21, 1.1706587705364755E-12, 1.6287049404716607E99, 5.429636242780315E150},
        {4.423777849130341E9, 1.0182824554900639E7, 4.69180908975114E-48, 8.648208111971011E-71},
        {60420.41076976421, 9444.704599961959, 2.692974646346256E-24, 5.266057784698589E-35}};
    ParetoNbdLikelihood likelihood = likelihoodOf(CUSTOMERS);
    for (double[] parameters : extremes) {
      double[] gradient = new double[4];
      double value = likelihood.evaluate(parameters, gradient);
      assertThat(value).as("%s", Arrays.toString(parameters)).isFinite();
      assertThat(Arrays.stream(gradient).allMatch(Double::isFinite)).as("gradient %s at %s", Arrays.toString(gradient),
          Arrays.toString(parameters)).isTrue();
    }
  }

  @Test
  void parametersOutsideTheSpace_giveNaN_whereExpOverOrUnderflowedInTheSearch() {
    ParetoNbdLikelihood likelihood = likelihoodOf(CUSTOMERS);
    double[] gradient = new double[4];
    assertThat(likelihood.evaluate(new double[] {2.5e268, 1.4e168, 0, 0}, gradient)).isNaN();
    assertThat(gradient).containsOnly(Double.NaN);
    assertThat(likelihood.evaluate(new double[] {0.5, 10, Double.POSITIVE_INFINITY, 1e300}, null)).isNaN();
  }

  @Test
  void logLikelihood_approachesTheExponentialDropoutLimit_asSAndBetaGrowWithTheirRatioFixed() {
    // s, beta -> infinity with s / beta = mu: every customer drops out at the rate mu, and
    // L = Gamma(r+x) alpha^r / Gamma(r) [(alpha+T)^-(r+x) e^(-mu T) + mu int_{t_x}^T (alpha+tau)^-(r+x) e^(-mu tau) dtau]
    double r = 0.55;
    double alpha = 10.58;
    double mu = 0.05;
    for (double[] customer : CUSTOMERS) {
      double limit = exponentialDropoutLogLikelihood(r, alpha, mu, customer[0], customer[1], customer[2]);
      for (double s : new double[] {1e6, 1e9, 1e12}) {
        ParetoNbdModel model = new ParetoNbdModel(r, alpha, s, s / mu);
        assertThat(model.logLikelihood(customer[0], customer[1], customer[2]))
            .as("s = %s at x=%s t_x=%s T=%s", s, customer[0], customer[1], customer[2])
            .isCloseTo(limit, within(100 / s * Math.max(1, Math.abs(limit)) + 1e-12 * Math.abs(limit)));
      }
    }
  }

  @Test
  void probabilityAlive_isOneJustAfterAPurchase_andFallsWithTimeSinceIt() {
    for (ParetoNbdModel model : REGIMES) {
      assertThat(model.probabilityAlive(4, 30, 30)).isEqualTo(1);
      double previous = 1;
      for (double age = 31; age <= 80; age += 7) {
        double alive = model.probabilityAlive(4, 30, age);
        assertThat(alive).as("%s at T=%s", model, age).isBetween(0.0, previous);
        previous = alive;
      }
    }
  }

  @Test
  void conditionalExpectation_ofACustomerJustAcquired_isTheUnconditionalExpectation() {
    for (ParetoNbdModel model : REGIMES) {
      for (double duration : new double[] {0.5, 39, 520}) {
        assertThat(model.conditionalExpectedPurchases(duration, 0, 0, 0)).as("%s over %s", model, duration)
            .isCloseTo(model.expectedPurchases(duration), within(1e-14 * model.expectedPurchases(duration)));
      }
    }
  }

  @Test
  void expectedPurchases_isContinuousThroughSEqualsOne_whereThePaperFormIsZeroOverZero() {
    ParetoNbdModel atOne = new ParetoNbdModel(0.55, 10.58, 1, 11.67);
    double logarithmic = 0.55 / 10.58 * 11.67 * Math.log1p(39 / 11.67);
    assertThat(atOne.expectedPurchases(39)).isCloseTo(logarithmic, within(1e-15));
    for (double s : new double[] {1 - 1e-9, 1 + 1e-9}) {
      ParetoNbdModel near = new ParetoNbdModel(0.55, 10.58, s, 11.67);
      assertThat(near.expectedPurchases(39)).isCloseTo(logarithmic, within(1e-8));
      assertThat(near.conditionalExpectedPurchases(39, 2, 30.43, 38.86))
          .isCloseTo(atOne.conditionalExpectedPurchases(39, 2, 30.43, 38.86), within(1e-8));
    }
  }

  @Test
  void weightedPatterns_fitExactlyAsTheCustomersTheyStandFor() {
    double[] frequency = {0, 0, 0, 1, 1, 2, 5, 0, 3};
    double[] recency = {0, 0, 0, 10, 10, 20, 35, 0, 12};
    double[] age = {39, 39, 39, 39, 39, 38, 39, 20, 30};
    ParetoNbdFit expanded = ParetoNbdModel.fit(frequency, recency, age);
    ParetoNbdFit weighted = ParetoNbdModel.fit(new double[] {0, 1, 2, 5, 0, 3}, new double[] {0, 10, 20, 35, 0, 12},
        new double[] {39, 39, 38, 39, 20, 30}, new double[] {3, 2, 1, 1, 1, 1});
    assertThat(weighted.customers()).isEqualTo(9);
    assertThat(weighted.logLikelihood()).isCloseTo(expanded.logLikelihood(), within(1e-9));
    assertThat(weighted.r().value()).isCloseTo(expanded.r().value(), within(1e-6 * expanded.r().value()));
  }

  @Test
  void impossibleHistories_areRejectedNamingTheCustomerAndTheValue() {
    assertThatThrownBy(() -> ParetoNbdModel.fit(new double[] {1, -1}, new double[] {1, 0}, new double[] {2, 2}))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 1: frequency x = -1.0 must be a whole number >= 0; x counts the repeat"
            + " purchases, those after the first");
    assertThatThrownBy(() -> ParetoNbdModel.fit(new double[] {1}, new double[] {3}, new double[] {2}))
        .isInstanceOf(InputException.class).hasMessageContaining("recency t_x = 3.0 exceeds age T = 2.0");
    assertThatThrownBy(() -> PUBLISHED.probabilityAlive(0, 1, 2))
        .isInstanceOf(InputException.class).hasMessageContaining("recency t_x = 1.0 with frequency x = 0");
    assertThatThrownBy(() -> ParetoNbdModel.fit(new double[] {0, 0}, new double[] {0, 0}, new double[] {5, 9}))
        .isInstanceOf(InputException.class).hasMessageContaining("none of the 2 customers made a repeat purchase");
    assertThatThrownBy(() -> ParetoNbdModel.fit(new double[] {1}, new double[] {1, 2}, new double[] {2}))
        .isInstanceOf(InputException.class).hasMessageContaining("frequency 1, recency 2, age 1");
    assertThatThrownBy(() -> ParetoNbdModel.fit(new double[] {1}, new double[] {1}, new double[] {2},
        new double[] {0.5})).isInstanceOf(InputException.class).hasMessageContaining("weight 0.5");
    assertThatThrownBy(() -> new ParetoNbdModel(0.5, 10, 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("s must be a finite number > 0: 0.0");
    assertThatThrownBy(() -> PUBLISHED.expectedPurchases(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("duration must be a finite number >= 0: -1.0");
  }

  private static ParetoNbdLikelihood likelihoodOf(double[][] customers) {
    double[] frequency = new double[customers.length];
    double[] recency = new double[customers.length];
    double[] age = new double[customers.length];
    for (int i = 0; i < customers.length; i++) {
      frequency[i] = customers[i][0];
      recency[i] = customers[i][1];
      age[i] = customers[i][2];
    }
    return new ParetoNbdLikelihood(ParetoNbdPatterns.of(frequency, recency, age, null));
  }

  /** The limit above, with its integral by composite Simpson over {@code [t_x, T]}. */
  private static double exponentialDropoutLogLikelihood(double r, double alpha, double mu, double x, double recency,
      double age) {
    int intervals = 20_000;
    double h = (age - recency) / intervals;
    double sum = 0;
    for (int k = 0; k <= intervals; k++) {
      double tau = k == intervals ? age : recency + k * h;
      double weight = k == 0 || k == intervals ? 1 : (k % 2 == 1 ? 4 : 2);
      sum += weight * Math.exp(-(r + x) * Math.log(alpha + tau) - mu * tau);
    }
    double bracket = Math.exp(-(r + x) * Math.log(alpha + age) - mu * age) + mu * h / 3 * sum;
    return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha) + Math.log(bracket);
  }

  /**
   * {@code ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[(α+T)^{−(r+x)} (β+T)^{−s} + s ∫_{t_x}^T (α+τ)^{−(r+x)}
   * (β+τ)^{−(s+1)} dτ]} with the integral by composite Simpson over {@code u = ln(m + τ)}, {@code m = min(α, β)}, where
   * the integrand is smooth on every scale: an evaluation independent of 2F1.
   */
  private static double quadratureLogLikelihood(ParetoNbdModel model, double x, double recency, double age) {
    double r = model.r();
    double alpha = model.alpha();
    double s = model.s();
    double beta = model.beta();
    double smaller = Math.min(alpha, beta);
    double from = Math.log(smaller + recency);
    double to = Math.log(smaller + age);
    int intervals = 20_000;
    double h = (to - from) / intervals;
    double logMax = Double.NEGATIVE_INFINITY;
    double[] logs = new double[intervals + 1];
    for (int k = 0; k <= intervals; k++) {
      double u = k == intervals ? to : from + k * h;
      double shifted = Math.exp(u);
      double tau = shifted - smaller;
      // ln of the integrand times d tau / du = m + tau
      logs[k] = u - (r + x) * Math.log(alpha == smaller ? shifted : alpha + tau)
          - (s + 1) * Math.log(beta == smaller ? shifted : beta + tau);
      logMax = Math.max(logMax, logs[k]);
    }
    double sum = 0;
    for (int k = 0; k <= intervals; k++) {
      double weight = k == 0 || k == intervals ? 1 : (k % 2 == 1 ? 4 : 2);
      sum += weight * Math.exp(logs[k] - logMax);
    }
    double logDead = age == recency ? Double.NEGATIVE_INFINITY : Math.log(s) + Math.log(h / 3 * sum) + logMax;
    double logAlive = -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age);
    double max = Math.max(logAlive, logDead);
    double bracket = max + Math.log(Math.exp(logAlive - max) + Math.exp(logDead - max));
    return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + bracket;
  }
}
