package dev.holdfast.model;

import java.time.Instant;
import java.util.Objects;

/** A support ticket; {@code satisfaction} is the customer's 1–5 rating when given. */
public record Ticket(
    String id,
    String customerId,
    Instant opened,
    Instant closed,
    TicketStatus status,
    String priority,
    String category,
    Integer satisfaction) {
  public Ticket {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(opened, "opened");
    Objects.requireNonNull(status, "status");
    if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
      throw new IllegalArgumentException("satisfaction must be 1..5: " + satisfaction);
    }
  }
}
