package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reference values from R {@code wilcox.test}, see src/test/resources/trend/reference.R. */
class RankSumTest {
  @Test
  void test_matchesR_exactDistribution_forSmallSamplesWithoutTies() {
    RankSum.Result result = RankSum.test(new double[] {5.1, 6.3, 7.7}, new double[] {1.2, 2.2, 3.1, 4.4, 5.0, 6.1, 0.4, 2.7});

    assertThat(result.w()).isEqualTo(23);
    assertThat(result.pValue()).isCloseTo(0.0242424242424242, within(1e-12));
  }

  @Test
  void test_matchesR_normalApproximation_withTies() {
    RankSum.Result result = RankSum.test(new double[] {1, 2, 2, 3, 9}, new double[] {2, 3, 3, 4, 5, 5, 6});

    assertThat(result.pValue()).isCloseTo(0.248042385435506, within(1e-12));
  }

  @Test
  void test_matchesR_normalApproximation_from50ValuesOn() {
    double[] sample = IntStream.range(0, 60).mapToDouble(i -> i + 0.5).toArray();
    double[] rest = IntStream.rangeClosed(1, 55).asDoubleStream().toArray();

    assertThat(RankSum.test(sample, rest).pValue()).isCloseTo(0.539821923412244, within(1e-12));
  }

  @Test
  void test_isSymmetric_inWhichSampleComesFirst() {
    double[] low = {1.1, 2.3, 0.7, 1.9};
    double[] high = {3.3, 2.8, 4.1, 5.2, 3.9, 2.2};

    assertThat(RankSum.test(low, high).pValue()).isCloseTo(RankSum.test(high, low).pValue(), within(1e-15));
  }
}
