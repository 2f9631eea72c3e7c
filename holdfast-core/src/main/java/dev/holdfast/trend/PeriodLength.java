package dev.holdfast.trend;

import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;

/**
 * How long one period of a metric series is; periods follow each other without gaps and are named by their
 * first day.
 *
 * <p>Seasons are the calendar month of a monthly series, the calendar quarter of a quarterly series and the day
 * of the week (ISO, Monday = 1) of a daily series; weekly and yearly series have no seasons here.
 */
public enum PeriodLength {
  DAY,
  WEEK,
  MONTH,
  QUARTER,
  YEAR;

  /** The first day of the period {@code index} periods after the one that starts on {@code first}. */
  LocalDate start(LocalDate first, int index) {
    return switch (this) {
      case DAY -> first.plusDays(index);
      case WEEK -> first.plusWeeks(index);
      case MONTH -> first.plusMonths(index);
      case QUARTER -> first.plusMonths(3L * index);
      case YEAR -> first.plusYears(index);
    };
  }

  /** How many seasons one cycle has (12 months, 4 quarters, 7 days of the week); 0 where none is assessed. */
  int seasonsPerCycle() {
    return switch (this) {
      case DAY -> 7;
      case MONTH -> 12;
      case QUARTER -> 4;
      case WEEK, YEAR -> 0;
    };
  }

  /** The season (1-based) of the period starting on {@code start}. */
  int season(LocalDate start) {
    return switch (this) {
      case DAY -> start.getDayOfWeek().getValue();
      case MONTH -> start.getMonthValue();
      case QUARTER -> (start.getMonthValue() - 1) / 3 + 1;
      case WEEK, YEAR -> throw new IllegalStateException(this + " periods have no seasons");
    };
  }

  /** Why {@code first} cannot start a period of this length, or null when it can. */
  String misalignment(LocalDate first) {
    String name = name().toLowerCase(Locale.ROOT);
    return switch (this) {
      case DAY, WEEK -> null;
      case MONTH -> first.getDayOfMonth() == 1 ? null
          : "a " + name + " starts on its first day, not on " + first + "; give " + first.withDayOfMonth(1);
      case QUARTER -> first.getDayOfMonth() == 1 && (first.getMonthValue() - 1) % 3 == 0 ? null
          : "a " + name + " starts on 1 January, April, July or October, not on " + first + "; give "
              + LocalDate.of(first.getYear(), Month.of((first.getMonthValue() - 1) / 3 * 3 + 1), 1);
      case YEAR -> first.getDayOfYear() == 1 ? null
          : "a " + name + " starts on 1 January, not on " + first + "; give " + first.withDayOfYear(1);
    };
  }
}
