package dev.holdfast.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Money spent on one acquisition channel over a period [periodStart, periodEnd). */
public record AcquisitionSpend(
    LocalDate periodStart, LocalDate periodEnd, String channel, BigDecimal amount, String currency) {
  public AcquisitionSpend {
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(periodEnd, "periodEnd");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(amount, "amount");
    if (!periodEnd.isAfter(periodStart)) {
      throw new IllegalArgumentException("periodEnd " + periodEnd + " must be after periodStart " + periodStart);
    }
  }
}
