package dev.holdfast.model;

import java.time.Instant;
import java.util.Objects;

/** One product-usage event (a login, a report run, a failed payment …) with an optional numeric value. */
public record UsageEvent(
    long id, String customerId, String userId, Instant occurredAt, String type, double value, String properties) {
  public UsageEvent {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(type, "type");
  }
}
