package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The 2F1 series against closed forms and against mpmath at 40 digits ({@code bgnbd_gammagamma_reference.out} in
 * {@code src/test/resources/clv}, lines "hyp2f1" and "excess").
 */
class HypergeometricTest {

  private static Offset<Double> relative(double expected, double tolerance) {
    return within(Math.abs(expected) * tolerance);
  }

  @Test
  void hyp2f1_sumsToTwoLnTwoAtOneOneTwoOneHalf() {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z (A&S 15.1.3)
    assertThat(Hypergeometric.hyp2f1(1, 1, 2, 0.5)).isCloseTo(2 * Math.log(2), relative(2 * Math.log(2), 1e-15));
  }

  @Test
  void hyp2f1_matchesClosedFormsAcrossTheArgumentRange() {
    for (double z : new double[] {-50, -3, -0.999, -0.2, 0, 1e-8, 0.3, 0.9, 0.99, 0.9999}) {
      double log = z == 0 ? 1 : -Math.log1p(-z) / z;
      assertThat(Hypergeometric.hyp2f1(1, 1, 2, z)).as("2F1(1,1;2;%s)", z).isCloseTo(log, relative(log, 1e-13));
      double power = Math.pow(1 - z, -0.7);
      assertThat(Hypergeometric.hyp2f1(0.7, 2.3, 2.3, z)).as("2F1(0.7,b;b;%s)", z)
          .isCloseTo(power, relative(power, 1e-13));
    }
    for (double z : new double[] {0.01, 0.5, 0.99, 0.99999}) {
      // 2F1(1/2, 1/2; 3/2; z^2) = arcsin(z) / z (A&S 15.1.4)
      double arcsin = Math.asin(Math.sqrt(z)) / Math.sqrt(z);
      assertThat(Hypergeometric.hyp2f1(0.5, 0.5, 1.5, z)).as("arcsin at %s", z)
          .isCloseTo(arcsin, relative(arcsin, 1e-12));
    }
  }

  @Test
  void hyp2f1_matchesMpmath() {
    double[][] cases = {
        {1, 1, 2, 0.5, 1.3862943611198906},
        {1, 1, 2, -3, 0.46209812037329687},
        {0.7, 2.3, 2.3, 0.9, 5.0118723362727231},
        {-3, 2, 5, 0.4, 0.60868571428571427},
        {0.5, 0.5, 1.5, 0.99, 1.4780376623747748},
        {2.243, 4.426, 4.219, 0.4698, 4.4890045878227904},
        {50.243, 52.426, 52.219, 0.5, 1531932625413011.6},
        {0.2425929, 2.4257521, 2.2186380, 0.95, 2.4429382315652784},
        {3.5, -1.25, 0.4, -0.7, 10.254159756567223},
        {1.5, 2.5, -0.5, 0.3, -23.695494295842203},
        // b and c of a BG/NBD fit near the limit a, b → ∞: the series converges at once but n never reaches b + c
        {0.610740381740789, 1.1580324543425154E12, 1.632161389971572E12, 0.7202070572874879, 1.5479176870792213},
    };
    for (double[] c : cases) {
      assertThat(Hypergeometric.hyp2f1(c[0], c[1], c[2], c[3]))
          .as("2F1(%s, %s; %s; %s)", c[0], c[1], c[2], c[3]).isCloseTo(c[4], relative(c[4], 1e-13));
    }
  }

  @Test
  void hyp2f1_isAPolynomialWhenAParameterIsANegativeInteger() {
    // 2F1(-3, 2; 5; z) = 1 - 6/5 z + 3/5 z^2 - 4/35 z^3
    double z = 0.4;
    double polynomial = 1 - 6.0 / 5 * z + 3.0 / 5 * z * z - 4.0 / 35 * z * z * z;
    assertThat(Hypergeometric.hyp2f1(-3, 2, 5, z)).isCloseTo(polynomial, within(1e-15));
    double atMinusForty = 1 + 48 + 960 + 7314.285714285714;
    assertThat(Hypergeometric.hyp2f1(-3, 2, 5, -40)).isCloseTo(atMinusForty, relative(atMinusForty, 1e-13));
  }

  @Test
  void hyp2f1_isOneAtZero() {
    assertThat(Hypergeometric.hyp2f1(3.1, -7.2, 0.4, 0)).isEqualTo(1);
  }

  @Test
  void hyp2f1_rejectsArgumentsOutsideItsDomain() {
    assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("2F1 series needs z < 1: 1.0");
    assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, -2, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2F1 is undefined for c = -2.0: c must not be zero or a negative integer");
    assertThatThrownBy(() -> Hypergeometric.hyp2f1(Double.NaN, 1, 2, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2F1 arguments must be finite numbers: a = NaN, b = 1.0, c = 2.0, z = 0.5");
  }

  @Test
  void hyp2f1_throwsWhenZIsTooCloseToOneToConverge() {
    assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, 1 - 1e-9))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("did not converge in 10000000 terms: z is too close to 1");
  }

  @Test
  void excess_isCTimesTheDerivativeInBAtBZero() {
    // c d/db 2F1(1, b; 1; z) at b = 0 is -ln(1 - z)
    for (double z : new double[] {0, 0.1, 0.5, 0.9, 0.999}) {
      double log = -Math.log1p(-z);
      assertThat(Hypergeometric.excess(1, 0, 1, z)).as("z = %s", z).isCloseTo(log, within(1e-15 + log * 1e-13));
    }
  }

  @Test
  void excess_isTheSeriesWithoutItsLeadingOneTimesCOverB() {
    double[][] cases = {{0.45, -0.2, 1.9, 0.6}, {2.5, 3.0, 4.5, 0.7}, {-1.3, 0.4, 0.8, 0.95}};
    for (double[] c : cases) {
      double expected = c[2] * (Hypergeometric.hyp2f1(c[0], c[1], c[2], c[3]) - 1) / c[1];
      assertThat(Hypergeometric.excess(c[0], c[1], c[2], c[3])).isCloseTo(expected, relative(expected, 1e-12));
    }
  }

  @Test
  void excess_matchesMpmath() {
    double[][] cases = {
        {1, 0, 1, 0.5, 0.69314718055994531},
        {0.45, -0.2, 1.9, 0.6, 0.31312638940399783},
        {-0.0325929, 0, 2.219, 0.3, -0.010265996284467057},
        {1.2, 0.3, -0.5, 0.8, 39.622129122186077},
    };
    for (double[] c : cases) {
      assertThat(Hypergeometric.excess(c[0], c[1], c[2], c[3]))
          .as("excess(%s, %s, %s, %s)", c[0], c[1], c[2], c[3]).isCloseTo(c[4], relative(c[4], 1e-13));
    }
  }

  @Test
  void excess_isContinuousThroughBAndCEqualToZero() {
    double atZero = Hypergeometric.excess(0.8, 0, 1.5, 0.6);
    assertThat(Hypergeometric.excess(0.8, 1e-10, 1.5, 0.6)).isCloseTo(atZero, relative(atZero, 1e-9));
    assertThat(Hypergeometric.excess(0.8, -1e-10, 1.5, 0.6)).isCloseTo(atZero, relative(atZero, 1e-9));
    double cZero = Hypergeometric.excess(0.8, 0.3, 0, 0.6);
    assertThat(Hypergeometric.excess(0.8, 0.3, 1e-10, 0.6)).isCloseTo(cZero, relative(cZero, 1e-9));
    assertThat(Hypergeometric.excess(0.8, 0.3, -1e-10, 0.6)).isCloseTo(cZero, relative(cZero, 1e-9));
  }

  @Test
  void excess_rejectsNegativeZAndCAtOrBelowMinusOne() {
    assertThatThrownBy(() -> Hypergeometric.excess(1, 1, 2, -0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("excess needs 0 <= z < 1: -0.5");
    assertThatThrownBy(() -> Hypergeometric.excess(1, 1, -1, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("excess needs c > -1: -1.0");
  }
}
