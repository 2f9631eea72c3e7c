package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared search on a likelihood whose maximum and standard error are known in closed form. */
class MaximumLikelihoodTest {

  /**
   * Poisson counts {@code k_i} with weights {@code w_i}: {@code ln L(λ) = Σ w_i (k_i ln λ − λ)} up to a constant,
   * maximal at the weighted mean {@code λ̂} with {@code se(ln λ̂) = 1 / sqrt(λ̂ Σ w_i)}.
   */
  private record Poisson(double[] counts, double[] weights) implements MaximumLikelihood.LogLikelihood {
    @Override
    public double evaluate(double[] parameters, double[] gradient) {
      double lambda = parameters[0];
      double[] sums = MaximumLikelihood.sumPatterns(counts.length, 2, (from, to, out) -> {
        for (int i = from; i < to; i++) {
          out[0] += weights[i] * (counts[i] * Math.log(lambda) - lambda);
          out[1] += weights[i] * (counts[i] / lambda - 1);
        }
      });
      if (gradient != null) {
        gradient[0] = sums[1];
      }
      return sums[0];
    }

    @Override
    public List<String> names() {
      return List.of("lambda");
    }

    @Override
    public double customers() {
      double total = 0;
      for (double weight : weights) {
        total += weight;
      }
      return total;
    }

    @Override
    public int patterns() {
      return counts.length;
    }

    @Override
    public Poisson everyNth(int stride) {
      int size = (counts.length + stride - 1) / stride;
      double[] sampleCounts = new double[size];
      double[] sampleWeights = new double[size];
      for (int i = 0; i < size; i++) {
        sampleCounts[i] = counts[i * stride];
        sampleWeights[i] = weights[i * stride];
      }
      return new Poisson(sampleCounts, sampleWeights);
    }
  }

  private static Poisson draw(int patterns, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] counts = new double[patterns];
    double[] weights = new double[patterns];
    for (int i = 0; i < patterns; i++) {
      counts[i] = random.nextInt(0, 12);
      weights[i] = random.nextInt(1, 4);
    }
    return new Poisson(counts, weights);
  }

  private static void assertClosedForm(Poisson poisson, MaximumLikelihood.Result result) {
    double total = 0;
    double events = 0;
    for (int i = 0; i < poisson.patterns(); i++) {
      total += poisson.weights()[i];
      events += poisson.weights()[i] * poisson.counts()[i];
    }
    double mean = events / total;
    double logError = 1 / Math.sqrt(mean * total);
    Estimate lambda = result.estimates()[0];
    assertThat(result.converged()).isTrue();
    assertThat(lambda.value()).isCloseTo(mean, within(1e-9 * mean));
    assertThat(lambda.standardError()).isCloseTo(mean * logError, within(1e-6 * mean * logError));
    assertThat(lambda.lower()).isCloseTo(mean * Math.exp(-Estimate.Z_95 * logError), within(1e-6 * mean));
    assertThat(lambda.upper()).isCloseTo(mean * Math.exp(Estimate.Z_95 * logError), within(1e-6 * mean));
  }

  @Test
  void maximize_findsTheClosedFormMaximumAndStandardError() {
    Poisson poisson = draw(500, 3);
    assertClosedForm(poisson, MaximumLikelihood.maximize(poisson, new double[] {100}));
  }

  @Test
  void maximize_onLargeDataStartsFromASampleAndStillReachesTheFullDataMaximum() {
    Poisson poisson = draw(4 * MaximumLikelihood.SAMPLE + 10_001, 4);
    assertClosedForm(poisson, MaximumLikelihood.maximize(poisson, new double[] {0.01}));
  }

  @Test
  void maximize_findsAnInteriorMaximumFarFromTheStart_withoutMistakingItForALimit() {
    // the start is a factor 2e5 (12 in the logarithm) above the maximum, where limits are looked for
    Poisson poisson = draw(500, 6);
    assertClosedForm(poisson, MaximumLikelihood.maximize(poisson, new double[] {1e6}));
  }

  /**
   * The Poisson log-likelihood in {@code λ} plus {@code −c N θ^k}, which rises towards its supremum as {@code θ}
   * goes to 0 ({@code k = 1}) or to infinity ({@code k = −1}), like a power of the parameter as at the CLV models'
   * limits.
   */
  private record Tilted(Poisson poisson, double c, int power) implements MaximumLikelihood.LogLikelihood {
    @Override
    public double evaluate(double[] parameters, double[] gradient) {
      double customers = poisson.customers();
      double theta = parameters[1];
      double logLikelihood = poisson.evaluate(new double[] {parameters[0]}, gradient) - c * customers
          * Math.pow(theta, power);
      if (gradient != null) {
        gradient[1] = -c * customers * power * Math.pow(theta, power - 1);
      }
      return logLikelihood;
    }

    @Override
    public List<String> names() {
      return List.of("lambda", "theta");
    }

    @Override
    public double customers() {
      return poisson.customers();
    }

    @Override
    public int patterns() {
      return poisson.patterns();
    }

    @Override
    public Tilted everyNth(int stride) {
      return new Tilted(poisson.everyNth(stride), c, power);
    }
  }

  private static void assertHeldAtTheLimit(Tilted tilted, MaximumLikelihood.Result result, String limit) {
    double total = 0;
    double events = 0;
    for (int i = 0; i < tilted.poisson().patterns(); i++) {
      total += tilted.poisson().weights()[i];
      events += tilted.poisson().weights()[i] * tilted.poisson().counts()[i];
    }
    double mean = events / total;
    double supremum = total * (mean * Math.log(mean) - mean);
    assertThat(result.verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(result.describeLimits(tilted.names())).containsExactly(limit);
    assertThat(result.boundaryParameters()).containsExactly("theta");
    // the rest of the rise is below 1e-15 of the log-likelihood, and lambda converged with its standard error
    assertThat(result.logLikelihood()).isCloseTo(supremum, within(1e-12 * Math.abs(supremum)));
    assertThat(tilted.c() * total * Math.pow(result.estimates()[1].value(), tilted.power()))
        .isLessThan(1e-14 * Math.abs(supremum));
    assertThat(result.estimates()[1].standardError()).isNaN();
    Estimate lambda = result.estimates()[0];
    double logError = 1 / Math.sqrt(mean * total);
    assertThat(lambda.value()).isCloseTo(mean, within(1e-9 * mean));
    assertThat(lambda.standardError()).isCloseTo(mean * logError, within(1e-6 * mean * logError));
  }

  @Test
  void maximize_holdsAParameterWhoseLikelihoodRisesAsItGoesToZero_andReportsTheBoundary() {
    Tilted tilted = new Tilted(draw(500, 7), 0.3, 1);
    assertHeldAtTheLimit(tilted, MaximumLikelihood.maximize(tilted, new double[] {1, 1}), "theta → 0");
  }

  @Test
  void maximize_holdsAParameterWhoseLikelihoodRisesAsItGoesToInfinity_andReportsTheBoundary() {
    Tilted tilted = new Tilted(draw(500, 8), 2, -1);
    assertHeldAtTheLimit(tilted, MaximumLikelihood.maximize(tilted, new double[] {10, 0.5}), "theta → ∞");
  }

  @Test
  void sumPatterns_givesTheSameBitsOnEveryCallWhateverTheThreads() {
    Poisson poisson = draw(20 * MaximumLikelihood.CHUNK + 17, 5);
    double first = poisson.evaluate(new double[] {4.5}, null);
    for (int call = 0; call < 5; call++) {
      assertThat(poisson.evaluate(new double[] {4.5}, null)).isEqualTo(first);
    }
    double sequential = 0;
    for (int i = 0; i < poisson.patterns(); i++) {
      sequential += poisson.weights()[i] * (poisson.counts()[i] * Math.log(4.5) - 4.5);
    }
    assertThat(first).isCloseTo(sequential, within(1e-9 * Math.abs(sequential)));
  }
}
