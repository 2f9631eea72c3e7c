package dev.holdfast.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One subscription period of a customer: a plan at a monthly recurring revenue from {@code started}
 * (inclusive) to {@code ended} (exclusive; null while it runs).
 */
public record Subscription(
    String id,
    String customerId,
    String plan,
    BigDecimal mrr,
    String currency,
    BillingPeriod billingPeriod,
    LocalDate started,
    LocalDate ended,
    String cancelReason,
    ChurnType churnType) {
  public Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(mrr, "mrr");
    Objects.requireNonNull(started, "started");
    if (mrr.signum() < 0) {
      throw new IllegalArgumentException("mrr cannot be negative: " + mrr);
    }
    if (ended != null && ended.isBefore(started)) {
      throw new IllegalArgumentException("ended " + ended + " is before started " + started);
    }
  }
}
