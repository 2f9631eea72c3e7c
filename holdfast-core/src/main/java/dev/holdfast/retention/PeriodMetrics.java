package dev.holdfast.retention;

import dev.holdfast.trend.Metric;
import dev.holdfast.trend.MetricUnit;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every metric of one period for one segment, as documented in docs/metrics.md; {@link #fields()} names
 * them in snake_case for JSON, CSV and the API.
 *
 * @param end the first day after the period, or the day after the as-of date for a period still running
 * @param spend acquisition spend attributed to the segment in the period, or NaN where it cannot be
 *     attributed (segments other than channels)
 */
public record PeriodMetrics(
    Period unit,
    LocalDate start,
    LocalDate end,
    boolean partial,
    String segment,
    CustomerCounts customers,
    MrrMovements mrr,
    Purchases purchases,
    Feedback feedback,
    double spend,
    double grossMargin) {

  /** The fields that describe the period and its segment rather than measure it. */
  public static final Set<String> DESCRIPTIVE = Set.of("period", "period_start", "period_end", "partial", "segment");

  /**
   * Whether {@code series} gives no value of {@code field} to analyse: every value is missing, or the field is an MRR
   * movement and no subscription ran in any of the periods (MRR at both ends and churned MRR 0 throughout, so every
   * movement is 0 by construction, not by the data), or the field is one of orders and no order was made in any of them.
   */
  public static boolean givesNoValue(String field, java.util.List<PeriodMetrics> series) {
    boolean missing = series.stream().noneMatch(period -> period.fields().get(field) instanceof Number number && !Double.isNaN(number.doubleValue()));
    boolean noMrr = field.startsWith("mrr_") && series.stream().allMatch(period -> zero(period.fields().get("mrr_start"))
        && zero(period.fields().get("mrr_end")) && zero(period.fields().get("mrr_churned")));
    boolean noOrders = ORDER_FIELDS.contains(field) && series.stream().allMatch(period -> period.purchases().orders() == 0);
    return missing || noMrr || noOrders;
  }

  /** The fields measured from orders, which a business without orders (subscriptions only) cannot give. */
  private static final Set<String> ORDER_FIELDS = Set.of("buyers", "orders", "revenue", "repeat_buyers", "repeat_customer_rate",
      "purchase_frequency", "average_order_value", "revenue_per_customer", "clv_simple");

  private static boolean zero(Object value) {
    return value instanceof Number number && number.doubleValue() == 0;
  }
  private static final Set<String> AMOUNTS = Set.of("mrr_start", "mrr_end", "mrr_new", "mrr_expansion", "mrr_contraction",
      "mrr_churned", "mrr_reactivation", "mrr_billing_change", "arpa", "ltv", "acquisition_spend", "cac", "revenue",
      "average_order_value", "revenue_per_customer", "clv_simple");
  private static final Set<String> COUNTS = Set.of("customers_at_start", "customers_at_end", "new", "reactivated",
      "reactivated_after_window", "lost", "lost_voluntary", "lost_involuntary", "gone_same_period", "buyers", "orders",
      "repeat_buyers", "nps_responses", "csat_responses", "ces_responses");
  private static final Set<String> PERCENTS = Set.of("churn_rate", "retention_rate", "monthly_churn_rate",
      "gross_revenue_churn", "net_revenue_retention", "repeat_customer_rate", "csat", "csat_margin");
  /** Values on their own scale (NPS −100 to 100, CES 1 to 7, ratios, months), with the decimals they are read with. */
  private static final Map<String, Integer> SCORES = Map.of("nps", 1, "nps_margin", 1, "ces", 2, "ces_margin", 2,
      "ltv_to_cac", 2, "cac_payback_months", 1, "purchase_frequency", 2);

  /**
   * A measuring field of {@link #fields()} as trend sentences and charts read it: a rate in percent (changes in
   * percentage points), an amount of money, a count, or a score on its own scale such as NPS.
   *
   * @throws IllegalArgumentException for a descriptive field or a name that is no field
   */
  public static Metric metric(String field, String name) {
    if (AMOUNTS.contains(field)) {
      return new Metric(name, MetricUnit.AMOUNT);
    } else if (COUNTS.contains(field)) {
      return new Metric(name, MetricUnit.COUNT);
    } else if (PERCENTS.contains(field)) {
      return new Metric(name, MetricUnit.PERCENT);
    } else if (SCORES.containsKey(field)) {
      return new Metric(name, MetricUnit.SCORE, SCORES.get(field));
    }
    throw new IllegalArgumentException("not a measuring field of the period metrics: " + field);
  }

  public String label() {
    return unit.label(start);
  }

  /**
   * Monthly churn rate: the period's churn rate compounded to a month over the months observed — the period's length,
   * or for a partial period the days elapsed up to the as-of date, in months of 30.44 days, whatever the period's
   * length. A quarter seen for one month lost what that month lost, not a third of it a month.
   */
  public double monthlyChurnRate() {
    return LifetimeValue.monthlyChurnRate(customers.churnRate(), monthsObserved());
  }

  /** The months the period's figures cover: its length, or the part observed of a partial period. */
  double monthsObserved() {
    if (!partial) {
      return unit.months(start);
    }
    return Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(start, end)) / (365.25 / 12);
  }

  public double ltv() {
    return LifetimeValue.subscription(mrr.arpa(), monthlyChurnRate(), grossMargin);
  }

  public double cac() {
    return Double.isNaN(spend) ? Double.NaN : LifetimeValue.cac(spend, customers.added());
  }

  /** Simple CLV = average order value × purchases per buyer per period × lifespan in periods. */
  public double clvSimple() {
    return LifetimeValue.simple(purchases.averageOrderValue(), purchases.purchaseFrequency(), LifetimeValue.lifespan(customers.churnRate()));
  }

  /** The metrics by their documented names; undefined values (a rate over zero customers) are null. */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("period", label());
    fields.put("period_start", start.toString());
    fields.put("period_end", end.toString());
    fields.put("partial", partial);
    fields.put("segment", segment);
    fields.put("customers_at_start", customers.atStart());
    fields.put("customers_at_end", customers.atEnd());
    fields.put("new", customers.added());
    fields.put("reactivated", customers.reactivated());
    fields.put("reactivated_after_window", customers.reactivatedAfterWindow());
    fields.put("lost", customers.lost());
    fields.put("lost_voluntary", customers.lostVoluntary());
    fields.put("lost_involuntary", customers.lostInvoluntary());
    fields.put("gone_same_period", customers.goneSamePeriod());
    fields.put("churn_rate", number(customers.churnRate()));
    fields.put("retention_rate", number(customers.retentionRate()));
    fields.put("monthly_churn_rate", number(monthlyChurnRate()));
    fields.put("mrr_start", money(mrr.start()));
    fields.put("mrr_end", money(mrr.end()));
    fields.put("mrr_new", money(mrr.added()));
    fields.put("mrr_expansion", money(mrr.expansion()));
    fields.put("mrr_contraction", money(mrr.contraction()));
    fields.put("mrr_churned", money(mrr.churned()));
    fields.put("mrr_reactivation", money(mrr.reactivation()));
    fields.put("mrr_billing_change", money(mrr.billingChange()));
    fields.put("gross_revenue_churn", number(mrr.grossRevenueChurn()));
    fields.put("net_revenue_retention", number(mrr.netRevenueRetention()));
    fields.put("arpa", money(mrr.arpa()));
    fields.put("ltv", money(ltv()));
    fields.put("acquisition_spend", money(spend));
    fields.put("cac", money(cac()));
    fields.put("ltv_to_cac", number(LifetimeValue.ltvToCac(ltv(), cac())));
    fields.put("cac_payback_months", number(LifetimeValue.cacPaybackMonths(cac(), mrr.arpa(), grossMargin)));
    fields.put("buyers", purchases.buyers());
    fields.put("orders", purchases.orders());
    fields.put("revenue", money(purchases.revenue()));
    fields.put("repeat_buyers", purchases.repeatBuyers());
    fields.put("repeat_customer_rate", number(purchases.repeatRate()));
    fields.put("purchase_frequency", number(purchases.purchaseFrequency()));
    fields.put("average_order_value", money(purchases.averageOrderValue()));
    fields.put("revenue_per_customer", money(purchases.revenuePerCustomer()));
    fields.put("clv_simple", money(clvSimple()));
    fields.put("nps", number(feedback.nps()));
    fields.put("nps_margin", number(feedback.npsMarginOfError()));
    fields.put("nps_responses", feedback.npsAnswers());
    fields.put("csat", number(feedback.csat()));
    fields.put("csat_margin", number(feedback.csatMarginOfError()));
    fields.put("csat_responses", feedback.csatAnswers());
    fields.put("ces", number(feedback.ces()));
    fields.put("ces_margin", number(feedback.cesMarginOfError()));
    fields.put("ces_responses", feedback.cesAnswers());
    return fields;
  }

  /** A rate or ratio rounded to 4 decimals, or null when undefined. */
  static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 10_000) / 10_000.0;
  }

  static Double money(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 100) / 100.0;
  }
}
