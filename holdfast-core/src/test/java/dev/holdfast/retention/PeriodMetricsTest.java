package dev.holdfast.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.i18n.Messages;
import dev.holdfast.trend.MetricUnit;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeriodMetricsTest {
  private static final PeriodMetrics PERIOD = new PeriodMetrics(Period.MONTH, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1), false, "all",
      new CustomerCounts(100, 98, 5, 3, 0, 10, 0, 0, 0), new MrrMovements(10_000, 10_600, 1_000, 500, 200, 800, 100, 0, 106),
      new Purchases(250, 1000, 50_000, 120), new Feedback(100, 50, 20, 200, 160, 5, 20, 90), 3_000, 0.8);

  @Test
  void everyMeasuringField_hasAUnitAndANameInBothLanguages() {
    Messages english = Messages.of(Locale.ENGLISH);
    Messages russian = Messages.of(Locale.forLanguageTag("ru"));
    for (String field : PERIOD.fields().keySet()) {
      if (PeriodMetrics.DESCRIPTIVE.contains(field)) {
        assertThatThrownBy(() -> PeriodMetrics.metric(field, field)).isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      assertThat(PeriodMetrics.metric(field, field).unit()).as(field).isNotNull();
      assertThat(english.has("metrics.name." + field)).as("English name of " + field).isTrue();
      assertThat(russian.has("metrics.name." + field)).as("Russian name of " + field).isTrue();
    }
  }

  @Test
  void aPartialPeriod_compoundsItsChurnOverTheDaysObserved() {
    CustomerCounts counts = CustomerCounts.of(8, 7, 0, 1);
    MrrMovements mrr = new MrrMovements(800, 700, 0, 0, 0, 100, 0, 0, 0);
    double month = 365.25 / 12;
    // a quarter seen up to April's last day (end = as-of + 1): 30 days, about April alone, not a third of it a month
    PeriodMetrics april = new PeriodMetrics(Period.QUARTER, LocalDate.of(2025, 4, 1), LocalDate.of(2025, 5, 1), true, "all", counts, mrr,
        new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    assertThat(april.monthsObserved()).isCloseTo(30 / month, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(april.monthlyChurnRate()).isCloseTo(100 * (1 - Math.pow(0.875, month / 30)), org.assertj.core.data.Offset.offset(1e-9));
    // a year seen for 130 days
    PeriodMetrics year = new PeriodMetrics(Period.YEAR, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 5, 11), true, "all", counts, mrr,
        new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    assertThat(year.monthsObserved()).isCloseTo(130 / month, org.assertj.core.data.Offset.offset(1e-12));
    // the same rule for a month seen for 3 days and a week seen for 3 days: their churn is compounded alike
    PeriodMetrics days = new PeriodMetrics(Period.MONTH, LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 4), true, "all", counts, mrr,
        new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    PeriodMetrics week = new PeriodMetrics(Period.WEEK, LocalDate.of(2025, 4, 7), LocalDate.of(2025, 4, 10), true, "all", counts, mrr,
        new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    assertThat(days.monthlyChurnRate()).isEqualTo(week.monthlyChurnRate());
    assertThat(week.monthsObserved()).isCloseTo(3 / month, org.assertj.core.data.Offset.offset(1e-12));
    // a whole quarter: three months
    PeriodMetrics quarter = new PeriodMetrics(Period.QUARTER, LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 1), false, "all", counts, mrr,
        new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    assertThat(quarter.monthlyChurnRate()).isCloseTo(100 * (1 - Math.pow(0.875, 1 / 3.0)), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void givesNoValue_forOrderFiguresOfABusinessWithoutOrders_andForMrrWithoutSubscriptions() {
    PeriodMetrics noOrders = new PeriodMetrics(Period.MONTH, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1), false, "all",
        CustomerCounts.of(8, 7, 0, 1), new MrrMovements(800, 700, 0, 0, 0, 100, 0, 0, 0), new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    java.util.List<PeriodMetrics> series = java.util.List.of(noOrders, noOrders);
    assertThat(PeriodMetrics.givesNoValue("revenue", series)).isTrue();
    assertThat(PeriodMetrics.givesNoValue("orders", series)).isTrue();
    assertThat(PeriodMetrics.givesNoValue("churn_rate", series)).isFalse();
    assertThat(PeriodMetrics.givesNoValue("mrr_end", series)).isFalse();
    // one period with orders is enough for the others' zeros to be data
    assertThat(PeriodMetrics.givesNoValue("revenue", java.util.List.of(noOrders, PERIOD))).isFalse();
  }

  @Test
  void metric_readsRatesAsPercentMoneyAsAmountsAndScoresOnTheirOwnScale() {
    assertThat(PeriodMetrics.metric("churn_rate", "churn").unit()).isEqualTo(MetricUnit.PERCENT);
    assertThat(PeriodMetrics.metric("csat", "CSAT").unit()).isEqualTo(MetricUnit.PERCENT);
    for (String money : Set.of("mrr_churned", "revenue_per_customer", "acquisition_spend")) {
      assertThat(PeriodMetrics.metric(money, money).unit()).as(money).isEqualTo(MetricUnit.AMOUNT);
    }
    for (String count : Set.of("lost_voluntary", "repeat_buyers", "nps_responses")) {
      assertThat(PeriodMetrics.metric(count, count).unit()).as(count).isEqualTo(MetricUnit.COUNT);
    }
    assertThat(PeriodMetrics.metric("nps", "NPS")).satisfies(nps -> {
      assertThat(nps.unit()).isEqualTo(MetricUnit.SCORE);
      assertThat(nps.decimals()).isEqualTo(1);
    });
    assertThat(PeriodMetrics.metric("ces", "CES").decimals()).isEqualTo(2);
    assertThat(PeriodMetrics.metric("ltv_to_cac", "LTV to CAC").unit()).isEqualTo(MetricUnit.SCORE);
    assertThatThrownBy(() -> PeriodMetrics.metric("mrr", "MRR")).hasMessageContaining("mrr");
  }
}
