package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Customer value on the CDNOW sample with the published BG/NBD, Pareto/NBD and Gamma-Gamma parameters: every
 * customer's prediction equals the definition computed directly, month by month, from the models' conditional
 * expectations; and the properties the valuation must keep.
 */
class CustomerValueTest {
  private static final CdnowSummary CDNOW = CdnowSummary.load();
  private static final double WEEKS_PER_MONTH = 365.25 / 12 / 7;
  private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);

  @Test
  void everyCustomer_matchesTheDefinition_forBothPurchaseModels() {
    for (PurchaseModel purchases : new PurchaseModel[] {new BgNbdModel(0.243, 4.414, 0.793, 2.426), new ParetoNbdModel(0.553, 10.58, 0.606, 11.67)}) {
      CustomerValue.Prediction[] predictions = new CustomerValue(purchases, SPEND, 0, 12, WEEKS_PER_MONTH, 0.1)
          .predict(CDNOW.frequency(), CDNOW.recency(), CDNOW.age(), CDNOW.meanSpend());
      assertThat(predictions).hasSize(2357);
      for (int i = 0; i < predictions.length; i++) {
        double x = CDNOW.frequency()[i];
        double tx = CDNOW.recency()[i];
        double t = CDNOW.age()[i];
        // CLV = Σ_{m=1..12} (E[Y(m·w) | x, t_x, T] − E[Y((m−1)·w) | …]) · E[M | x, m_x] / 1.1^(m/12)
        double value = SPEND.conditionalExpectedTransactionValue(x, x > 0 ? CDNOW.meanSpend()[i] : 0);
        double clv = 0;
        double before = 0;
        for (int month = 1; month <= 12; month++) {
          double upTo = purchases.conditionalExpectedPurchases(month * WEEKS_PER_MONTH, x, tx, t);
          clv += (upTo - before) / Math.pow(1.1, month / 12.0);
          before = upTo;
        }
        CustomerValue.Prediction p = predictions[i];
        assertThat(p.probabilityAlive()).as("customer %d", i).isCloseTo(purchases.probabilityAlive(x, tx, t), within(1e-12)).isBetween(0.0, 1.0);
        assertThat(p.expectedPurchases()).as("customer %d", i).isCloseTo(before, within(1e-9 * Math.max(1, before)));
        assertThat(p.expectedValue()).isCloseTo(value, within(1e-9 * value));
        assertThat(p.value()).as("customer %d", i).isCloseTo(clv * value, within(1e-9 * Math.max(1, clv * value))).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void longerHorizons_andLowerDiscounts_neverLowerTheValue() {
    PurchaseModel purchases = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    CustomerValue.Prediction[] year = new CustomerValue(purchases, SPEND, 0, 12, WEEKS_PER_MONTH, 0.1)
        .predict(CDNOW.frequency(), CDNOW.recency(), CDNOW.age(), CDNOW.meanSpend());
    CustomerValue.Prediction[] twoYears = new CustomerValue(purchases, SPEND, 0, 24, WEEKS_PER_MONTH, 0.1)
        .predict(CDNOW.frequency(), CDNOW.recency(), CDNOW.age(), CDNOW.meanSpend());
    CustomerValue.Prediction[] undiscounted = new CustomerValue(purchases, SPEND, 0, 12, WEEKS_PER_MONTH, 0)
        .predict(CDNOW.frequency(), CDNOW.recency(), CDNOW.age(), CDNOW.meanSpend());
    for (int i = 0; i < year.length; i++) {
      assertThat(twoYears[i].value()).isGreaterThanOrEqualTo(year[i].value());
      assertThat(twoYears[i].expectedPurchases()).isGreaterThanOrEqualTo(year[i].expectedPurchases());
      assertThat(undiscounted[i].value()).isGreaterThanOrEqualTo(year[i].value());
      // without a discount the value is the expected purchases times the expected value of one
      assertThat(undiscounted[i].value()).isCloseTo(undiscounted[i].expectedPurchases() * undiscounted[i].expectedValue(),
          within(1e-9 * Math.max(1, undiscounted[i].value())));
    }
  }

  /**
   * A hand-computed case: a customer alive with probability 1/2 who, if alive, buys at a steady 1/4 a week, with
   * 4 weeks to the month and every purchase worth 20, buys 1 a month if alive. The value of month m is 1/2 · 20 /
   * 1.1^{m/12}; over a year Σ v^m = v (1 − v^12) / (1 − v) = v / (11 (1 − v)) with v = 1.1^{−1/12}, which is
   * 11.40048782933069 (mpmath, 30 digits), so the value is 10 times that.
   */
  @Test
  void steadyBuyer_isWorthTheDiscountedSumOfItsMonths_byHand() {
    PurchaseModel steady = new PurchaseModel() {
      @Override
      public double probabilityAlive(double frequency, double recency, double age) {
        return 0.5;
      }

      @Override
      public double conditionalExpectedPurchases(double duration, double frequency, double recency, double age) {
        return 0.5 * duration / 4;
      }

      @Override
      public double expectedPurchasesIfAlive(double duration, double frequency, double age) {
        return duration / 4;
      }
    };
    CustomerValue.Prediction p = new CustomerValue(steady, null, 20, 12, 4, 0.1)
        .predict(new double[] {3}, new double[] {10}, new double[] {20}, new double[] {50})[0];
    assertThat(p.probabilityAlive()).isEqualTo(0.5);
    assertThat(p.expectedPurchases()).isCloseTo(6.0, within(1e-12));
    assertThat(p.expectedValue()).isEqualTo(20.0);
    assertThat(p.value()).isCloseTo(114.004878293306901, within(1e-9));
  }

  /**
   * Four CDNOW customers (rows 3, 2, 1 and 6 of the summary) against a computation independent of the code: a Python
   * script with mpmath at 30 digits evaluates the BG/NBD's eq. 10 in the paper's form, {@code (a+b+x−1)/(a−1) · [1 −
   * ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive)} with mpmath's {@code hyp2f1} (the code uses
   * Euler's transformation and its own series), checked against quadrature of the model's definition {@code ∫ (1/p)
   * (1 − ((α+T)/(α+T+p t))^{r+x}) Beta(p; a, b+x) dp · P(alive)} (equal to 15 digits); Gamma-Gamma's {@code E[M] =
   * p(γ + x m_x)/(p x + q − 1)}, {@code p γ/(q − 1)} for x = 0; then docs/clv.md's CLV with w = 365.25/12/7 weeks a
   * month and the yearly 10 % discounted per month as 1.1^{m/12}.
   */
  @Test
  void cdnowCustomers_matchAnIndependentComputationOfTheDefinition() {
    CustomerValue.Prediction[] p = new CustomerValue(new BgNbdModel(0.243, 4.414, 0.793, 2.426), SPEND, 0, 12,
        WEEKS_PER_MONTH, 0.1).predict(new double[] {0, 1, 2, 7}, new double[] {0, 1.71, 30.43, 29.43},
        new double[] {38.86, 38.86, 38.86, 38.86}, new double[] {0, 11.77, 22.35, 73.74});
    double[][] expected = {
        // P(alive), E[Y(12 w)], E[M], CLV
        {1.0, 0.252833872134581, 35.2189781021898, 8.47801440508162},
        {0.212100985377379, 0.260572743112434, 18.916852057842, 4.69666389876892},
        {0.726578570080673, 1.56309965229163, 24.6637139107612, 36.7491543812065},
        {0.641756345946107, 4.21009944881269, 71.4696708969671, 287.059137033214}};
    for (int i = 0; i < expected.length; i++) {
      assertThat(p[i].probabilityAlive()).as("customer %d", i).isCloseTo(expected[i][0], within(1e-12));
      assertThat(p[i].expectedPurchases()).as("customer %d", i).isCloseTo(expected[i][1], within(1e-10));
      assertThat(p[i].expectedValue()).as("customer %d", i).isCloseTo(expected[i][2], within(1e-10));
      assertThat(p[i].value()).as("customer %d", i).isCloseTo(expected[i][3], within(1e-9));
    }
  }
}
