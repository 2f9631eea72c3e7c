package dev.holdfast.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Every formula of docs/metrics.md on its worked example. */
class FormulasTest {
  @Test
  void churnRate_200AtTheStartOfJune180AtTheEndNoneNew_is10Percent() {
    CustomerCounts june = CustomerCounts.of(200, 180, 0, 20);
    assertThat(june.churnRate()).isEqualTo(10.0);
    assertThat(june.retentionRate()).isEqualTo(90.0);
  }

  @Test
  void churnRate_1000AtStart50Lost_is5Percent() {
    assertThat(CustomerCounts.of(1000, 950, 0, 50).churnRate()).isEqualTo(5.0);
  }

  @Test
  void retentionRate_500AtStart100New520AtEnd_is84Percent() {
    assertThat(CustomerCounts.of(500, 520, 100, 80).retentionRate()).isEqualTo(84.0);
  }

  @Test
  void retentionRate_countsReactivatedCustomersAsJoinedNotRetained() {
    // 100 at the start, 10 lost, 5 new and 3 back after a churn, all still there: E = 98
    CustomerCounts counts = new CustomerCounts(100, 98, 5, 3, 0, 10, 0, 0, 0);
    assertThat(counts.retentionRate()).isEqualTo(90.0);
    assertThat(counts.churnRate()).isEqualTo(10.0);
  }

  @Test
  void rates_areUndefinedWithoutCustomersAtTheStart() {
    assertThat(CustomerCounts.of(0, 10, 10, 0).churnRate()).isNaN();
    assertThat(CustomerCounts.of(0, 10, 10, 0).retentionRate()).isNaN();
  }

  @Test
  void customerCounts_rejectMoreLostThanActive() {
    assertThatThrownBy(() -> CustomerCounts.of(10, 0, 0, 11))
        .hasMessage("more customers lost than were active at the start: lost=11, S=10");
  }

  @Test
  void mrrMovements_workedExample() {
    // start 10,000; new 1,000; expansion 500; contraction 200; churned 800; reactivation 100 → end 10,600
    MrrMovements mrr = new MrrMovements(10_000, 10_600, 1_000, 500, 200, 800, 100, 0, 106);
    assertThat(mrr.net()).isEqualTo(mrr.end() - mrr.start());
    assertThat(mrr.grossRevenueChurn()).isEqualTo(10.0);
    assertThat(mrr.netRevenueRetention()).isEqualTo(96.0);
    assertThat(mrr.arpa()).isEqualTo(100.0);
  }

  @Test
  void mrrMovements_aLongerBillingPeriodIsNotAContraction() {
    // one customer moves from 100 a month to 1,080 a year (MRR 90): the −10 is a billing change
    MrrMovements mrr = new MrrMovements(100, 90, 0, 0, 0, 0, 0, -10, 1);
    assertThat(mrr.grossRevenueChurn()).isEqualTo(0.0);
    assertThat(mrr.net()).isEqualTo(-10.0);
  }

  @Test
  void purchases_repeatRate200Of800Is25Percent_frequency1000OrdersBy250CustomersIs4() {
    assertThat(new Purchases(800, 1200, 60_000, 200).repeatRate()).isEqualTo(25.0);
    Purchases purchases = new Purchases(250, 1000, 50_000, 120);
    assertThat(purchases.purchaseFrequency()).isEqualTo(4.0);
    assertThat(purchases.averageOrderValue()).isEqualTo(50.0);
    assertThat(purchases.revenuePerCustomer()).isEqualTo(200.0);
  }

  @Test
  void simpleClv_isAverageOrderValueTimesFrequencyTimesLifespan() {
    // AOV 50, 4 purchases a year, churn 25 % a year → lifespan 4 years → CLV 800
    assertThat(LifetimeValue.lifespan(25)).isEqualTo(4.0);
    assertThat(LifetimeValue.simple(50, 4, LifetimeValue.lifespan(25))).isEqualTo(800.0);
  }

  @Test
  void subscriptionLtv_isArpaTimesMarginOverMonthlyChurn() {
    // ARPA 100, churn 5 % a month, margin 80 % → LTV 1,600; CAC 400 → LTV:CAC 4, payback 5 months
    double ltv = LifetimeValue.subscription(100, 5, 0.8);
    assertThat(ltv).isCloseTo(1600.0, within(1e-9));
    double cac = LifetimeValue.cac(40_000, 100);
    assertThat(cac).isEqualTo(400.0);
    assertThat(LifetimeValue.ltvToCac(ltv, cac)).isCloseTo(4.0, within(1e-12));
    assertThat(LifetimeValue.cacPaybackMonths(cac, 100, 0.8)).isCloseTo(5.0, within(1e-12));
  }

  @Test
  void monthlyChurn_fromAQuarterlyRate_compounds() {
    // 27.1 % a quarter is 10 % a month: 1 − 0.9³ = 0.271
    assertThat(LifetimeValue.monthlyChurnRate(27.1, 3)).isCloseTo(10.0, within(1e-9));
    assertThat(LifetimeValue.monthlyChurnRate(5, 1)).isCloseTo(5.0, within(1e-12));
  }

  @Test
  void nps_promotersMinusDetractors_withMarginOfError() {
    // 100 answers: 50 promoters, 30 passives, 20 detractors → NPS 30
    Feedback feedback = new Feedback(100, 50, 20, 0, 0, 0, 0, 0);
    assertThat(feedback.nps()).isEqualTo(30.0);
    // variance of the +1/0/−1 score: 0.5 + 0.2 − 0.3² = 0.61; 1.96 × √(0.61 / 100) × 100 = 15.31
    assertThat(feedback.npsMarginOfError()).isCloseTo(15.308, within(0.001));
  }

  @Test
  void csatAndCes_workedExamples() {
    // CSAT: 160 of 200 answers are 4 or 5 → 80 %, margin 1.96 × √(0.8 × 0.2 / 200) × 100 = 5.54
    Feedback csat = new Feedback(0, 0, 0, 200, 160, 0, 0, 0);
    assertThat(csat.csat()).isEqualTo(80.0);
    assertThat(csat.csatMarginOfError()).isCloseTo(5.544, within(0.001));
    // CES answers 2, 3, 4, 5, 6: mean 4, sample sd √2.5 → margin 1.96 × 1.5811 / √5 = 1.386
    Feedback ces = new Feedback(0, 0, 0, 0, 0, 5, 20, 4 + 9 + 16 + 25 + 36);
    assertThat(ces.ces()).isEqualTo(4.0);
    assertThat(ces.cesMarginOfError()).isCloseTo(1.386, within(0.001));
    assertThat(Feedback.none().nps()).isNaN();
  }

  @Test
  void periods_startLabelAndStepInTheBusinessCalendar() {
    LocalDate day = LocalDate.of(2025, 3, 14);
    assertThat(Period.WEEK.start(day)).isEqualTo(LocalDate.of(2025, 3, 10));
    assertThat(Period.WEEK.label(Period.WEEK.start(day))).isEqualTo("2025-W11");
    assertThat(Period.QUARTER.start(day)).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(Period.QUARTER.label(LocalDate.of(2025, 1, 1))).isEqualTo("2025-Q1");
    assertThat(Period.MONTH.starts(LocalDate.of(2024, 11, 20), LocalDate.of(2025, 2, 1)))
        .containsExactly(LocalDate.of(2024, 11, 1), LocalDate.of(2024, 12, 1), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 2, 1));
    assertThat(Period.WEEK.label(LocalDate.of(2024, 12, 30))).isEqualTo("2025-W01");
    assertThatThrownBy(() -> Period.parse("fortnight")).hasMessage("unknown period \"fortnight\": use one of day, week, month, quarter, year");
  }
}
