package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The {@code ln Γ} and {@code ψ} differences against their sums over whole steps, {@code Σ_{k<x} ln(1 + k/c)} and
 * {@code Σ_{k<x} 1/(c+k)}, up to shapes of {@code 1e14} where {@code ln Γ} itself keeps no digit of them.
 */
class GammaDifferencesTest {
  private static final double[] SHAPES = {1e-9, 0.3, 9.999999, GammaDifferences.LARGE, 37.5, 1e3, 1e8, 1e14};
  private static final int[] STEPS = {1, 2, 7, 50, 65, 300};

  @Test
  void logRising_equalsTheSumOfTheLogarithmsOfItsFactors() {
    for (double c : SHAPES) {
      for (int x : STEPS) {
        double relative = 0;
        for (int k = 1; k < x; k++) {
          relative += LogExp.log1p(k / c);
        }
        double expected = x * Math.log(c) + relative;
        // below LARGE, from ln Γ: rounding relative to ln Γ(c+x) and x ln c, which it cancels
        double scale = c < GammaDifferences.LARGE
            ? Math.abs(Gamma.logGamma(c + x)) + Math.abs(x * Math.log(c)) : Math.abs(relative);
        assertThat(GammaDifferences.logRisingRelative(c, x)).as("c=%s x=%s", c, x)
            .isCloseTo(relative, within(1e-13 * scale + 1e-15 * x));
        assertThat(GammaDifferences.logRising(c, x)).as("c=%s x=%s", c, x)
            .isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
      }
    }
  }

  @Test
  void logRising_ofFractionalSteps_agreesWithLogGammaWhereThatIsAccurate() {
    for (double c : new double[] {0.5, 9.9, 10, 10.1, 42, 300}) {
      for (double x : new double[] {0.25, 1.5, 17.3, 240.75}) {
        double expected = Gamma.logGamma(c + x) - Gamma.logGamma(c);
        assertThat(GammaDifferences.logRising(c, x)).as("c=%s x=%s", c, x)
            .isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(Gamma.logGamma(c + x)))));
      }
    }
  }

  @Test
  void digammaRising_equalsTheSumOfReciprocals() {
    for (double c : SHAPES) {
      for (int x : STEPS) {
        double expected = 0;
        for (int k = x - 1; k >= 0; k--) {
          expected += 1 / (c + k);
        }
        assertThat(GammaDifferences.digammaRising(c, x)).as("c=%s x=%s", c, x)
            .isCloseTo(expected, within(1e-13 * expected));
      }
    }
    assertThat(GammaDifferences.digammaRising(3, 2.5)).isCloseTo(Digamma.of(5.5) - Digamma.of(3), within(1e-14));
    assertThat(GammaDifferences.logRising(4, 0)).isZero();
    assertThat(GammaDifferences.digammaRising(4, 0)).isZero();
  }
}
