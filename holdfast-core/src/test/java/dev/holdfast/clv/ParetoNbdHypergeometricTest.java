package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code ln 2F1(a, b; a + 1; z)} and its derivatives against 40-digit mpmath values (pareto_nbd_sbg_reference.py)
 * and against the power series summed in BigDecimal, at the points where the three evaluations meet their limits.
 */
class ParetoNbdHypergeometricTest {
  private static final List<double[]> REFERENCE = ParetoNbdReference.table("## 2F1");

  private static double[] evaluate(double a, double b, double z, double oneMinusZ) {
    double[] out = new double[ParetoNbdHypergeometric.OUTPUTS];
    ParetoNbdHypergeometric.evaluate(a, b, z, oneMinusZ, out);
    return out;
  }

  private static double[] evaluate(double a, double b, double z) {
    return evaluate(a, b, z, 1 - z);
  }

  @Test
  void logValue_matchesMpmathToAbout1e14_overShapesFrom002To1e6AndOneMinusZDownTo1e200() {
    assertThat(REFERENCE).hasSizeGreaterThan(140);
    for (double[] row : REFERENCE) {
      double expected = row[4];
      double actual = evaluate(row[0], row[1], row[2], row[3])[ParetoNbdHypergeometric.LOG];
      assertThat(actual).as("ln 2F1(%s, %s; a+1; 1 - %s)", row[0], row[1], row[3])
          .isCloseTo(expected, within(5e-14 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void derivatives_matchMpmathToAbout1e11Relative() {
    for (double[] row : REFERENCE) {
      double[] actual = evaluate(row[0], row[1], row[2], row[3]);
      for (int j = 1; j <= 3; j++) {
        double expected = row[4 + j];
        assertThat(actual[j]).as("derivative %d of ln 2F1(%s, %s; a+1; 1 - %s)", j, row[0], row[1], row[3])
            .isCloseTo(expected, within(1e-11 * Math.max(1e-3, Math.abs(expected))));
      }
    }
  }

  @Test
  void zZero_givesOne_withTheFirstTermsDerivativeInZ() {
    double[] out = evaluate(3.16, 1.61, 0, 1);
    assertThat(out).startsWith(0, 0, 0, 3.16 * 1.61 / 4.16, 0, 0);
    assertThat(out[ParetoNbdHypergeometric.REDUCED_D_Z]).isCloseTo(3.16 * 1.61 / 4.16 - 0.61, within(1e-15));
  }

  @Test
  void reducedLogarithm_isTheLogarithmWithoutItsPowerOfOneMinusZ() {
    // R = ln F - (1 - b) ln(1 - z), dR/db = d ln F/db + ln(1 - z), dR/dz = d ln F/dz - (b - 1)/(1 - z)
    for (double[] row : REFERENCE) {
      double b = row[1];
      double logOneMinusZ = Math.log(row[3]);
      double[] out = evaluate(row[0], b, row[2], row[3]);
      double power = (1 - b) * logOneMinusZ;
      String point = String.format("a=%s b=%s 1-z=%s", row[0], b, row[3]);
      assertThat(out[ParetoNbdHypergeometric.REDUCED]).as(point)
          .isCloseTo(row[4] - power, within(1e-13 * Math.max(1, Math.abs(row[4]) + Math.abs(power))));
      assertThat(out[ParetoNbdHypergeometric.REDUCED_D_B]).as(point)
          .isCloseTo(row[6] + logOneMinusZ, within(1e-10 * Math.max(1, Math.abs(row[6]) + Math.abs(logOneMinusZ))));
      double pole = (b - 1) / row[3];
      assertThat(out[ParetoNbdHypergeometric.REDUCED_D_Z]).as(point)
          .isCloseTo(row[7] - pole, within(1e-10 * Math.max(1, Math.abs(row[7]) + Math.abs(pole))));
    }
  }

  @Test
  void directSeriesBelowOne_matchesBigDecimalSummation() {
    // b <= 1: the series as it stands, up to the switch to the integral at z = 0.975
    double[][] points = {{0.4, 0.7, 0.5}, {1.16, 0.55, 0.9}, {30.61, 0.05, 0.97}, {3, 1, 0.3}, {1e-3, 1e-3, 0.9}};
    for (double[] p : points) {
      double expected = ParetoNbdReference.logSeries(p[0], p[1], p[2]);
      assertThat(ParetoNbdHypergeometric.log(p[0], p[1], p[2], 1 - p[2])).as("%s", p)
          .isCloseTo(expected, within(2e-15 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void eulerTransformedSeries_matchesBigDecimalSummationOfTheOriginalSeries() {
    // b > 1: the original series first grows for about b z / (1 - z) terms; Euler's form shrinks from the start
    double[][] points = {{2.5, 1.61, 0.3}, {30.61, 1.6, 0.95}, {3.16, 28.55, 0.9}, {1.2, 3.7, 0.974},
        {1e4, 250.5, 0.6}};
    for (double[] p : points) {
      double expected = ParetoNbdReference.logSeries(p[0], p[1], p[2]);
      assertThat(ParetoNbdHypergeometric.log(p[0], p[1], p[2], 1 - p[2])).as("%s", p)
          .isCloseTo(expected, within(2e-15 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void growingSeries_whereEulersFormWouldAlternate_matchesBigDecimalSummation() {
    // b > a + 1 never occurs in the likelihood, but the function still covers it
    double[][] points = {{0.5, 5, 0.2}, {0.05, 40, 0.5}, {2, 300, 0.9}};
    for (double[] p : points) {
      double expected = ParetoNbdReference.logSeries(p[0], p[1], p[2]);
      assertThat(ParetoNbdHypergeometric.log(p[0], p[1], p[2], 1 - p[2])).as("%s", p)
          .isCloseTo(expected, within(1e-14 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void integralNearOne_matchesBigDecimalSummationOfTheSlowSeries() {
    // 0.999 takes the BigDecimal series about 60,000 terms
    double[][] points = {{1.16, 1.61, 0.99}, {1.16, 0.55, 0.999}, {30.61, 1.6, 0.999}, {0.7, 12.5, 0.98}};
    for (double[] p : points) {
      double expected = ParetoNbdReference.logSeries(p[0], p[1], p[2]);
      assertThat(ParetoNbdHypergeometric.log(p[0], p[1], p[2], 1 - p[2])).as("%s", p)
          .isCloseTo(expected, within(1e-14 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void switchFromSeriesToIntegral_isContinuous() {
    double below = Math.nextDown(ParetoNbdHypergeometric.SERIES_LIMIT);
    double above = Math.nextUp(ParetoNbdHypergeometric.SERIES_LIMIT);
    for (double[] shapes : new double[][] {{1.16, 0.55}, {1.16, 1.61}, {200, 3.5}, {0.05, 0.3}, {5, 5}}) {
      double[] left = evaluate(shapes[0], shapes[1], below);
      double[] right = evaluate(shapes[0], shapes[1], above);
      for (int j = 0; j < 4; j++) {
        assertThat(right[j]).as("component %d at %s", j, shapes)
            .isCloseTo(left[j], within(1e-12 * Math.max(1, Math.abs(left[j]))));
      }
    }
  }

  @Test
  void bAtAnInteger_isSmooth_whereTheOneMinusZConnectionFormulaIsZeroOverZero() {
    for (double z : new double[] {0.5, 0.97, 0.999, 1 - 1e-9}) {
      for (double b : new double[] {1, 2, 3}) {
        double[] at = evaluate(2.2, b, z);
        double[] up = evaluate(2.2, b + 1e-7, z);
        double[] down = evaluate(2.2, b - 1e-7, z);
        assertThat((up[0] - down[0]) / 2e-7).as("slope in b at b=%s, z=%s", b, z)
            .isCloseTo(at[ParetoNbdHypergeometric.D_B], within(1e-6 * Math.abs(at[ParetoNbdHypergeometric.D_B])));
        assertThat(up[0] + down[0] - 2 * at[0]).isLessThan(1e-9);
      }
    }
  }

  @Test
  void complementBelowTheDoubleEpsilon_isUsed_whereZItselfRoundsToOne() {
    // alpha = 1e-200 beta at t = 0: z = (beta - alpha)/beta rounds to 1, and only 1 - z = 1e-200 is exact
    for (double[] row : REFERENCE) {
      if (row[3] == 1e-200) {
        assertThat(row[2]).isEqualTo(1.0);
        double[] out = evaluate(row[0], row[1], row[2], row[3]);
        assertThat(out[0]).isCloseTo(row[4], within(1e-13 * row[4]));
        assertThat(out[3]).isCloseTo(row[7], within(1e-11 * row[7]));
      }
    }
  }

  @Test
  void derivatives_matchRichardsonExtrapolatedDifferences_onRandomPointsOfAllThreeEvaluations() {
    SplittableRandom random = new SplittableRandom(20_241_106);
    for (int i = 0; i < 300; i++) {
      double a = Math.exp(random.nextDouble(Math.log(0.05), Math.log(1e4)));
      double b = Math.exp(random.nextDouble(Math.log(0.05), Math.log(1e3)));
      double oneMinusZ = Math.exp(random.nextDouble(Math.log(1e-9), 0));
      double z = 1 - oneMinusZ;
      double[] at = evaluate(a, b, z, oneMinusZ);
      double slopeA = richardson(h -> evaluate(a + h, b, z, oneMinusZ)[0], 1e-3 * a);
      double slopeB = richardson(h -> evaluate(a, b + h, z, oneMinusZ)[0], 1e-3 * b);
      // a whole number of ulps of z, so that z + step and 1 - z - step are both exact
      double step = Math.ulp(z) * Math.max(1, Math.rint(1e-2 * Math.min(z, oneMinusZ) / Math.ulp(z)));
      double slopeZ = richardson(h -> evaluate(a, b, z + h, oneMinusZ - h)[0], step);
      String point = String.format("a=%s b=%s 1-z=%s", a, b, oneMinusZ);
      // the differences cannot resolve slopes finer than the values' own error, about 1e-15 max(1, |ln F|)
      double noise = 4e-15 * Math.max(1, Math.abs(at[0]));
      assertThat(slopeA).as("d/da at %s", point)
          .isCloseTo(at[1], within(1e-7 * Math.abs(at[1]) + noise / (1e-3 * a)));
      assertThat(slopeB).as("d/db at %s", point)
          .isCloseTo(at[2], within(1e-7 * Math.abs(at[2]) + noise / (1e-3 * b)));
      assertThat(slopeZ).as("d/dz at %s", point).isCloseTo(at[3], within(1e-6 * Math.abs(at[3]) + noise / step));
    }
  }

  /** {@code (4 D(h) − D(2h)) / 3} with central differences {@code D}: error of order {@code h^4}. */
  private static double richardson(DoubleUnaryOperator f, double h) {
    double narrow = (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
    double wide = (f.applyAsDouble(2 * h) - f.applyAsDouble(-2 * h)) / (4 * h);
    return (4 * narrow - wide) / 3;
  }

  @Test
  void bothFormsOfTheNote_agree_whenTheOtherFormsArgumentIsNegative() {
    // I(t) = (M + t)^(-a) / a * 2F1(a, b; a+1; |alpha - beta| / (M + t)); the note picks M = max(alpha, beta) so that
    // z >= 0, but where |z| < 1 the other choice, with a negative z, must give the same integral
    double r = 0.55;
    double s = 0.61;
    double x = 2;
    double a = r + s + x;
    double[][] rates = {{10.58, 11.67, 0}, {10.58, 11.67, 38.86}, {30, 5, 30}, {5, 30, 30}, {1, 1.9, 0.5}};
    for (double[] rate : rates) {
      double alpha = rate[0];
      double beta = rate[1];
      double t = rate[2];
      double larger = Math.max(alpha, beta);
      double smaller = Math.min(alpha, beta);
      double chosenB = alpha >= beta ? s + 1 : r + x;
      double otherB = alpha >= beta ? r + x : s + 1;
      double chosen = -a * Math.log(larger + t) + ParetoNbdHypergeometric.log(a, chosenB, (larger - smaller)
          / (larger + t), (smaller + t) / (larger + t));
      double other = -a * Math.log(smaller + t) + ParetoNbdReference.logSeries(a, otherB, (smaller - larger)
          / (smaller + t));
      assertThat(chosen).as("alpha=%s beta=%s t=%s", alpha, beta, t)
          .isCloseTo(other, within(2e-15 * Math.abs(other)));
    }
  }

  @Test
  void invalidArguments_areRejectedWithTheValues() {
    assertThatThrownBy(() -> ParetoNbdHypergeometric.log(0, 1, 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a = 0.0");
    assertThatThrownBy(() -> ParetoNbdHypergeometric.log(1, Double.NaN, 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b = NaN");
    assertThatThrownBy(() -> ParetoNbdHypergeometric.log(1, 1, -0.5, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z = -0.5");
    assertThatThrownBy(() -> ParetoNbdHypergeometric.log(1, 1, 0.5, 0.4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 - z = 0.4");
    assertThatThrownBy(() -> ParetoNbdHypergeometric.log(1, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 - z = 0.0");
  }
}
