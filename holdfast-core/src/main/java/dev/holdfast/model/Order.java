package dev.holdfast.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A purchase (or, with a negative amount, a refund) by a customer. */
public record Order(
    String id, String customerId, Instant orderedAt, BigDecimal amount, String currency, OrderStatus status) {
  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(status, "status");
  }
}
