package dev.holdfast.trend;

import java.time.LocalDate;
import java.util.Objects;

/** What the trend test found over the latest periods of a series, or why it could not run. */
public sealed interface Trend {
  /**
   * The Mann–Kendall test and Sen's slope over the periods {@code from} … {@code to}; {@code startLevel} and
   * {@code endLevel} are Sen's line at the first and last of them. When {@code seasonallyAdjusted}, the values
   * had their typical seasonal deviation taken off first, and the levels are seasonally adjusted too.
   */
  record Tested(
      LocalDate from,
      LocalDate to,
      int periods,
      MannKendall test,
      SenSlope slope,
      double startLevel,
      double endLevel,
      boolean seasonallyAdjusted,
      boolean significant)
      implements Trend {
    public Tested {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(slope, "slope");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("to " + to + " is before from " + from);
      }
    }
  }

  /** Too few values present in the latest periods to test a trend. */
  record NotEnoughHistory(int valuesPresent, int valuesNeeded) implements Trend {
    public NotEnoughHistory {
      if (valuesPresent >= valuesNeeded) {
        throw new IllegalArgumentException("valuesPresent " + valuesPresent + " is enough for " + valuesNeeded);
      }
    }
  }
}
