package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from R {@code kruskal.test}, see src/test/resources/trend/reference.R. */
class KruskalWallisTest {
  @Test
  void test_matchesThePublishedExample_HollanderAndWolfe() {
    // ?kruskal.test: Hollander & Wolfe (1973), p. 116, "Kruskal-Wallis chi-squared = 0.77143, df = 2, p-value = 0.68"
    KruskalWallis.Result result = KruskalWallis.test(new double[][] {
      {2.9, 3.0, 2.5, 2.6, 3.2}, {3.8, 2.7, 4.0, 2.4}, {2.8, 3.4, 3.7, 2.2, 2.0}
    });

    assertThat(result.statistic()).isCloseTo(0.771428571428572, within(1e-12));
    assertThat(result.degreesOfFreedom()).isEqualTo(2);
    assertThat(result.pValue()).isCloseTo(0.679964773578894, within(1e-12));
  }

  @Test
  void test_matchesR_withTies() {
    KruskalWallis.Result result = KruskalWallis.test(new double[][] {{1, 2, 2, 3}, {2, 3, 3, 4, 5}, {5, 5, 6}});

    assertThat(result.statistic()).isCloseTo(7.57822384428224, within(1e-12));
    assertThat(result.pValue()).isCloseTo(0.0226156774178477, within(1e-12));
  }

  @Test
  void test_findsNothing_whenAllValuesAreTied() {
    KruskalWallis.Result result = KruskalWallis.test(new double[][] {{1, 1}, {1, 1, 1}});

    assertThat(result.statistic()).isZero();
    assertThat(result.pValue()).isEqualTo(1.0);
  }
}
