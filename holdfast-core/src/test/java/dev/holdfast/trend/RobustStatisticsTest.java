package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from R {@code mad} (constant 1.4826), see src/test/resources/trend/reference.R. */
class RobustStatisticsTest {
  @Test
  void mad_matchesR_andIgnoresOneWildValue() {
    assertThat(RobustStatistics.mad(new double[] {1, 2, 3, 4, 100})).isCloseTo(1.4826, within(1e-12));
    assertThat(RobustStatistics.mad(new double[] {2.5, 1.0, 7.25, 3.0, 3.5, 10.0})).isCloseTo(2.2239, within(1e-12));
  }

  @Test
  void median_averagesTheMiddlePair_ofAnEvenCount() {
    assertThat(RobustStatistics.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(RobustStatistics.median(new double[] {5, 1, 3})).isEqualTo(3.0);
  }
}
