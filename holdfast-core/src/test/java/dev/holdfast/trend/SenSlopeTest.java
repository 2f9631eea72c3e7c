package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reference values from src/test/resources/trend/reference.R: Sen's slope, the Gilbert (1987) interval with the
 * ranks of {@code trend::sens.slope} and the median-residual intercept, computed by their formulas in base R.
 */
class SenSlopeTest {
  @Test
  void estimate_matchesR_onSeriesWithTiesAndAGap() {
    SenSlope sen = SenSlope.estimate(ReferenceSeries.SMALL, 0.95);

    assertThat(sen.slope()).isCloseTo(0.1, within(1e-12));
    assertThat(sen.lower()).isCloseTo(0.0800000000000001, within(1e-12));
    assertThat(sen.upper()).isCloseTo(0.125, within(1e-12));
    assertThat(sen.intercept()).isCloseTo(4.1, within(1e-12));
  }

  @Test
  void estimate_matchesR_onTheNile() {
    SenSlope sen = SenSlope.estimate(ReferenceSeries.NILE, 0.95);

    assertThat(sen.slope()).isCloseTo(-2.6, within(1e-12));
    assertThat(sen.lower()).isCloseTo(-3.62790697674419, within(1e-12));
    assertThat(sen.upper()).isCloseTo(-1.42857142857143, within(1e-12));
    assertThat(sen.intercept()).isCloseTo(1025.7, within(1e-9));
  }

  @Test
  void estimate_usesTheTimeBetweenValues_acrossAGap() {
    // slopes: (3−1)/2 = 1, (5−1)/4 = 1, (5−3)/2 = 1
    SenSlope sen = SenSlope.estimate(new double[] {1, Double.NaN, 3, Double.NaN, 5}, 0.95);

    assertThat(sen.slope()).isEqualTo(1.0);
    assertThat(sen.at(4)).isEqualTo(5.0);
  }

  @Test
  void estimate_intervalIsUndefined_whenTheSeriesIsTooShortForIt() {
    SenSlope sen = SenSlope.estimate(new double[] {1, 2, 3, 4}, 0.95);

    assertThat(sen.slope()).isEqualTo(1.0);
    assertThat(sen.lower()).isNaN();
  }

  @Test
  void estimate_intervalAlwaysHoldsTheSlope_onRandomSeries() {
    SplittableRandom random = new SplittableRandom(20250301);
    for (int trial = 0; trial < 200; trial++) {
      double[] values = new double[5 + random.nextInt(60)];
      double slope = random.nextDouble(-1, 1);
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(4) == 0 ? Math.rint(slope * i) : slope * i + random.nextDouble(-3, 3);
      }
      SenSlope sen = SenSlope.estimate(values, 0.9);

      assertThat(sen.lower()).as("trial %d", trial).isLessThanOrEqualTo(sen.slope());
      assertThat(sen.upper()).as("trial %d", trial).isGreaterThanOrEqualTo(sen.slope());
    }
  }

  @Test
  void estimate_rejectsASeriesWithFewerThanTwoValues() {
    assertThatThrownBy(() -> SenSlope.estimate(new double[] {Double.NaN, 3}, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Sen's slope needs at least two values present, got 1");
  }
}
