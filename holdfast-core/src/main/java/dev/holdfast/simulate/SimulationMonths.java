package dev.holdfast.simulate;

import java.time.LocalDate;

/**
 * The calendar of a simulation: the months of the window [start, start + months) in UTC, precomputed as
 * epoch days and epoch seconds so that the hot loops never build java.time objects.
 */
final class SimulationMonths {
  static final long SECONDS_PER_DAY = 86_400;

  private final int count;
  private final long[] startDay;
  private final LocalDate[] startDate;
  private final int[] monthOfYear;

  SimulationMonths(LocalDate start, int months) {
    this.count = months;
    this.startDay = new long[months + 1];
    this.startDate = new LocalDate[months + 1];
    this.monthOfYear = new int[months + 1];
    for (int month = 0; month <= months; month++) {
      LocalDate date = start.plusMonths(month);
      startDate[month] = date;
      startDay[month] = date.toEpochDay();
      monthOfYear[month] = date.getMonthValue() - 1;
    }
  }

  int count() {
    return count;
  }

  long startDay(int month) {
    return startDay[month];
  }

  long startSecond(int month) {
    return startDay[month] * SECONDS_PER_DAY;
  }

  LocalDate startDate(int month) {
    return startDate[month];
  }

  int days(int month) {
    return (int) (startDay[month + 1] - startDay[month]);
  }

  /** Zero-based month of year (0 = January) of the given simulated month. */
  int monthOfYear(int month) {
    return monthOfYear[month];
  }

  long endDay() {
    return startDay[count];
  }

  long endSecond() {
    return startDay[count] * SECONDS_PER_DAY;
  }

  LocalDate end() {
    return startDate[count];
  }

  /** The simulated month holding the given epoch day, or {@link #count()} when it lies at or past the end. */
  int monthOf(long epochDay) {
    if (epochDay >= startDay[count]) {
      return count;
    }
    int low = 0;
    int high = count - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (startDay[middle] <= epochDay) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }
}
