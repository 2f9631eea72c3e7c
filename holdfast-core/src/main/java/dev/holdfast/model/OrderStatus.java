package dev.holdfast.model;

import java.util.Locale;

/** The state of an order; a refund carries a negative amount. */
public enum OrderStatus {
  COMPLETED,
  REFUND,
  CANCELLED,
  PENDING;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
