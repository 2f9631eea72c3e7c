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
}
