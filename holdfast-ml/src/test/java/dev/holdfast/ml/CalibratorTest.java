package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibratorTest {

  @Test
  void isotonic_poolsAdjacentViolators_onAHandExample() {
    // Labels along the margin: 1 0 0 | 1 0 | 1. The first three pool to 1/3, the next two to 1/2, the last stays 1.
    double[] margins = {1, 2, 3, 4, 5, 6};
    int[] labels = {1, 0, 0, 1, 0, 1};
    var isotonic = (Calibrator.Isotonic) Calibrator.fit(CalibrationMethod.ISOTONIC, margins, labels);
    assertThat(isotonic.thresholds()).containsExactly(1, 3, 4, 5, 6);
    assertThat(isotonic.values()).containsExactly(1.0 / 3, 1.0 / 3, 0.5, 0.5, 1.0);
    assertThat(isotonic.probability(2)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(isotonic.probability(3.5)).isCloseTo(5.0 / 12, within(1e-15));
    assertThat(isotonic.probability(5.5)).isCloseTo(0.75, within(1e-15));
    assertThat(isotonic.probability(-10)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(isotonic.probability(99)).isEqualTo(1.0);
  }

  @Test
  void isotonic_poolsEqualMarginsBeforeFitting() {
    double[] margins = {0, 0, 0, 1, 1};
    int[] labels = {1, 0, 0, 1, 1};
    var isotonic = (Calibrator.Isotonic) Calibrator.fit(CalibrationMethod.ISOTONIC, margins, labels);
    assertThat(isotonic.probability(0)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(isotonic.probability(1)).isEqualTo(1.0);
  }

  @Test
  void isotonic_isNonDecreasingAndBeatsAnyShiftOfItself_onRandomData() {
    var random = new SplittableRandom(5);
    for (int round = 0; round < 50; round++) {
      int n = 1 + random.nextInt(60);
      double[] margins = new double[n];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        margins[i] = random.nextInt(20) / 4.0;
        labels[i] = random.nextDouble() < LogOdds.sigmoid(margins[i] - 2) ? 1 : 0;
      }
      Calibrator isotonic = Calibrator.fit(CalibrationMethod.ISOTONIC, margins, labels);
      double previous = -1;
      for (double margin = -1; margin <= 6; margin += 0.125) {
        double p = isotonic.probability(margin);
        assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
        previous = p;
      }
      // The fitted values are means of labels within blocks: the overall mean is preserved.
      double fitted = 0;
      double observed = 0;
      for (int i = 0; i < n; i++) {
        fitted += isotonic.probability(margins[i]);
        observed += labels[i];
      }
      assertThat(fitted).as("round %d", round).isCloseTo(observed, within(1e-9));
    }
  }

  @Test
  void platt_recoversTheSlopeAndInterceptThatGeneratedTheLabels() {
    var random = new SplittableRandom(3);
    int n = 40_000;
    double[] margins = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      margins[i] = -3 + 6 * random.nextDouble();
      labels[i] = random.nextDouble() < LogOdds.sigmoid(2 * margins[i] - 1) ? 1 : 0;
    }
    var platt = (Calibrator.Platt) Calibrator.fit(CalibrationMethod.PLATT, margins, labels);
    // Standard errors at this size are about 0.025 (slope) and 0.02 (intercept).
    assertThat(platt.slope()).isCloseTo(2.0, within(0.1));
    assertThat(platt.intercept()).isCloseTo(-1.0, within(0.08));
  }

  @Test
  void platt_staysFiniteWhenTheScoresSeparateTheClasses() {
    var platt = (Calibrator.Platt) Calibrator.fit(CalibrationMethod.PLATT, new double[] {-2, -1, 1, 2},
        new int[] {0, 0, 1, 1});
    // Platt's smoothed targets: churners aim at (2 + 1)/(2 + 2) = 3/4, the others at 1/(2 + 2) = 1/4. Scores and
    // targets are symmetric about 0, so the intercept is 0 and the slope a solves the score equation
    // Σ (σ(a·m) − t)·m = 0, i.e. 2σ(2a) + σ(a) = 9/4. Solved with mpmath (findroot, 30 digits):
    // a = 0.673996393983923, σ(2a) = 0.793801279856199; scipy's BFGS on the full two-parameter loss agrees.
    assertThat(platt.slope()).isCloseTo(0.673996393983923, within(1e-6));
    assertThat(platt.intercept()).isCloseTo(0.0, within(1e-6));
    assertThat(platt.probability(2)).isCloseTo(0.793801279856199, within(1e-6));
    assertThat(platt.probability(-2)).isCloseTo(0.206198720143801, within(1e-6));
  }

  @Test
  void none_isTheLogisticFunctionOfTheMargin() {
    Calibrator none = Calibrator.fit(CalibrationMethod.NONE, new double[] {0}, new int[] {1});
    assertThat(none.probability(0)).isEqualTo(0.5);
    assertThat(none.probability(Math.log(3))).isCloseTo(0.75, within(1e-15));
    assertThat(none.probability(-800)).isEqualTo(0.0);
  }

  @Test
  void calibrators_surviveTheirJsonForm() {
    Calibrator isotonic = Calibrator.fit(CalibrationMethod.ISOTONIC, new double[] {1, 2, 3, 4}, new int[] {0, 1, 0, 1});
    assertThat(CalibratorJson.read(CalibratorJson.write(isotonic))).isEqualTo(isotonic);
    Calibrator platt = new Calibrator.Platt(1.25, -0.1);
    assertThat(CalibratorJson.read(CalibratorJson.write(platt))).isEqualTo(platt);
    assertThat(CalibratorJson.read(CalibratorJson.write(new Calibrator.Identity())))
        .isEqualTo(new Calibrator.Identity());
  }
}
