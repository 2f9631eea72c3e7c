package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values from src/test/resources/trend/reference.R: the Mann–Kendall formulas in base R, and
 * {@code cor.test(time, x, method = "kendall", exact = FALSE, continuity = TRUE)} for Z, p and τ_b (the two agree
 * to 15 digits).
 */
class MannKendallTest {
  @Test
  void test_matchesR_onSeriesWithTiesAndAGap() {
    MannKendall test = MannKendall.test(ReferenceSeries.SMALL);

    assertThat(test.n()).isEqualTo(11);
    assertThat(test.s()).isEqualTo(43);
    assertThat(test.varianceS()).isCloseTo(160.333333333333, within(1e-9));
    assertThat(test.z()).isCloseTo(3.31693819690374, within(1e-12));
    assertThat(test.pValue()).isCloseTo(9.10097460873475e-04, within(1e-15));
    assertThat(test.tau()).isCloseTo(0.811899030453063, within(1e-12));
  }

  @Test
  void test_matchesR_onTheNile() {
    MannKendall test = MannKendall.test(ReferenceSeries.NILE);

    assertThat(test.n()).isEqualTo(100);
    assertThat(test.s()).isEqualTo(-1387);
    assertThat(test.varianceS()).isCloseTo(112728.333333333, within(1e-6));
    assertThat(test.z()).isCloseTo(-4.12806652284410, within(1e-12));
    assertThat(test.pValue()).isCloseTo(3.65826292166433e-05, within(1e-15));
    assertThat(test.tau()).isCloseTo(-0.280741334724613, within(1e-12));
  }

  @Test
  void test_byHand_countsSignsAndCorrectsTiesAndContinuity() {
    // pairs of {1, 3, 2, 3}: +1 +1 +1 −1 0 +1 → S = 3; ties: one pair of 3s → var = (4·3·13 − 2·1·9) / 18 = 7.666…
    MannKendall test = MannKendall.test(new double[] {1, 3, 2, 3});

    assertThat(test.s()).isEqualTo(3);
    assertThat(test.varianceS()).isCloseTo(138.0 / 18, within(1e-12));
    assertThat(test.z()).isCloseTo(2 / Math.sqrt(138.0 / 18), within(1e-12));
    assertThat(test.tau()).isCloseTo(3 / Math.sqrt(5 * 6.0), within(1e-12));
  }

  @Test
  void test_skipsMissingValues_asIfTheyWereNotThere() {
    MannKendall withGaps = MannKendall.test(new double[] {Double.NaN, 2, 1, Double.NaN, 4, 3, Double.NaN});
    MannKendall without = MannKendall.test(new double[] {2, 1, 4, 3});

    assertThat(withGaps).isEqualTo(without);
  }

  @Test
  void test_givesNoEvidence_whenAllValuesAreTied() {
    MannKendall test = MannKendall.test(new double[] {5, 5, 5, 5, 5});

    assertThat(test.s()).isZero();
    assertThat(test.varianceS()).isZero();
    assertThat(test.z()).isZero();
    assertThat(test.pValue()).isEqualTo(1.0);
  }
}
