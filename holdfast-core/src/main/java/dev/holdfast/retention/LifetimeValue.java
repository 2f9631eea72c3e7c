package dev.holdfast.retention;

/**
 * The simple lifetime-value formulas of DESIGN.md and the acquisition figures built on them.
 *
 * <p>Simple CLV = average order value × purchase frequency × average lifespan (frequency per period,
 * lifespan in periods). Subscription LTV = ARPA × gross margin ÷ monthly churn rate. CAC = acquisition
 * spend ÷ new customers; LTV:CAC = LTV ÷ CAC; CAC payback = CAC ÷ (ARPA × gross margin) months.
 * Each returns NaN where a divisor is zero or a figure is unknown.
 */
public final class LifetimeValue {
  private LifetimeValue() {}

  public static double simple(double averageOrderValue, double purchaseFrequency, double lifespan) {
    return averageOrderValue * purchaseFrequency * lifespan;
  }

  /** The average lifespan implied by a churn rate: 1 ÷ (churn rate ÷ 100) periods; NaN without churn. */
  public static double lifespan(double churnRatePercent) {
    return churnRatePercent > 0 ? 100.0 / churnRatePercent : Double.NaN;
  }

  /** ARPA × gross margin ÷ (monthly churn rate ÷ 100). */
  public static double subscription(double arpa, double monthlyChurnRatePercent, double grossMargin) {
    checkMargin(grossMargin);
    return monthlyChurnRatePercent > 0 ? arpa * grossMargin * 100.0 / monthlyChurnRatePercent : Double.NaN;
  }

  /** A churn rate per period of {@code months} months expressed per month: 1 − (1 − c)^(1/months). */
  public static double monthlyChurnRate(double churnRatePercent, double months) {
    if (Double.isNaN(churnRatePercent) || months <= 0) {
      return Double.NaN;
    }
    return 100.0 * (1 - Math.pow(1 - churnRatePercent / 100.0, 1.0 / months));
  }

  public static double cac(double spend, long newCustomers) {
    return newCustomers == 0 ? Double.NaN : spend / newCustomers;
  }

  public static double ltvToCac(double ltv, double cac) {
    return cac > 0 ? ltv / cac : Double.NaN;
  }

  public static double cacPaybackMonths(double cac, double arpa, double grossMargin) {
    checkMargin(grossMargin);
    return arpa > 0 ? cac / (arpa * grossMargin) : Double.NaN;
  }

  private static void checkMargin(double grossMargin) {
    if (!(grossMargin > 0 && grossMargin <= 1)) {
      throw new IllegalArgumentException("gross margin must be in (0, 1]: " + grossMargin);
    }
  }
}
