package dev.holdfast.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How often a subscription is invoiced; MRR is always the monthly equivalent whatever the period. */
public enum BillingPeriod {
  MONTH(1),
  QUARTER(3),
  HALF_YEAR(6),
  YEAR(12),
  TWO_YEARS(24);

  private final int months;

  BillingPeriod(int months) {
    this.months = months;
  }

  public int months() {
    return months;
  }

  /** The code stored and accepted in files: {@code month}, {@code quarter}, {@code half_year} … */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static String codes() {
    return Arrays.stream(values()).map(BillingPeriod::code).collect(Collectors.joining(", "));
  }
}
