package dev.holdfast.trend;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A period whose value stands out from the periods around it: {@code deviation} = {@code value} −
 * {@code expected}, in the metric's unit, and {@code robustZ} the deviation in robust standard deviations.
 */
public record Spike(LocalDate period, double value, double expected, double deviation, double robustZ) {
  public Spike {
    Objects.requireNonNull(period, "period");
    if (!Double.isFinite(value) || !Double.isFinite(deviation) || !Double.isFinite(robustZ)) {
      throw new IllegalArgumentException("spike at " + period + " needs finite numbers: value=" + value
          + ", deviation=" + deviation + ", robustZ=" + robustZ);
    }
  }
}
