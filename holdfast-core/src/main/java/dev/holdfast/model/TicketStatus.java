package dev.holdfast.model;

import java.util.Locale;

/** The state of a support ticket. */
public enum TicketStatus {
  OPEN,
  PENDING,
  CLOSED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
