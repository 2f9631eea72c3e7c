package dev.holdfast.retention;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A length of reporting period in the business calendar: days, ISO weeks (Monday to Sunday), calendar
 * months, quarters and years. Periods are half-open, from their first day up to the next period's first day.
 */
public enum Period {
  DAY,
  WEEK,
  MONTH,
  QUARTER,
  YEAR;

  /** The first day of the period that contains {@code day}. */
  public LocalDate start(LocalDate day) {
    return switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
      case QUARTER -> day.withDayOfMonth(1).withMonth((day.getMonthValue() - 1) / 3 * 3 + 1);
      case YEAR -> day.withDayOfYear(1);
    };
  }

  /** The first day of the period after the one starting on {@code start}. */
  public LocalDate next(LocalDate start) {
    return switch (this) {
      case DAY -> start.plusDays(1);
      case WEEK -> start.plusWeeks(1);
      case MONTH -> start.plusMonths(1);
      case QUARTER -> start.plusMonths(3);
      case YEAR -> start.plusYears(1);
    };
  }

  /** How the period starting on {@code start} is named: 2025-03-14, 2025-W11, 2025-03, 2025-Q1, 2025. */
  public String label(LocalDate start) {
    return switch (this) {
      case DAY -> start.toString();
      case WEEK -> String.format(Locale.ROOT, "%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTH -> String.format(Locale.ROOT, "%d-%02d", start.getYear(), start.getMonthValue());
      case QUARTER -> String.format(Locale.ROOT, "%d-Q%d", start.getYear(), (start.getMonthValue() - 1) / 3 + 1);
      case YEAR -> Integer.toString(start.getYear());
    };
  }

  /** The period's length in months, for turning per-period rates into monthly ones (a month is 365.25 / 12 days). */
  public double months(LocalDate start) {
    return switch (this) {
      case MONTH -> 1;
      case QUARTER -> 3;
      case YEAR -> 12;
      case DAY, WEEK -> ChronoUnit.DAYS.between(start, next(start)) / (365.25 / 12);
    };
  }

  /** The periods that contain any day from {@code from} to {@code to}, both included. */
  public List<LocalDate> starts(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the period range ends before it starts: " + from + " to " + to);
    }
    List<LocalDate> starts = new ArrayList<>();
    for (LocalDate start = start(from); !start.isAfter(to); start = next(start)) {
      starts.add(start);
    }
    return starts;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code day}, {@code week}, {@code month}, {@code quarter} or {@code year}. */
  public static Period parse(String text) {
    for (Period period : values()) {
      if (period.code().equalsIgnoreCase(text.strip())) {
        return period;
      }
    }
    throw new IllegalArgumentException("unknown period \"" + text + "\": use one of " + codes());
  }

  public static String codes() {
    return Arrays.stream(values()).map(Period::code).collect(Collectors.joining(", "));
  }
}
