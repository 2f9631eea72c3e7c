package dev.holdfast.web;

import dev.holdfast.retention.Period;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one API request, read and checked: every problem with them (an unknown name, a
 * value that does not parse or is out of range) is collected, and {@link #check()} reports them all at once
 * as a 400 problem naming each field.
 */
final class Params {
  private final Map<String, List<String>> values;
  private final WebText text;
  private final Locale language;
  private final List<ApiProblem.FieldError> errors = new ArrayList<>();

  private Params(Map<String, List<String>> values, Locale language) {
    this.values = values;
    this.language = language;
    this.text = WebText.of(language);
  }

  /**
   * Reads {@code values} for a route that accepts the parameters {@code known} (and {@code lang}, which every
   * route accepts); {@code fallback} is the language when the request names none.
   */
  static Params read(Map<String, List<String>> values, Set<String> known, Locale fallback) {
    List<String> lang = values.getOrDefault("lang", List.of());
    Locale language = lang.isEmpty() ? fallback : WebText.language(lang.get(0).strip());
    Params params = new Params(values, language == null ? fallback : language);
    if (language == null) {
      params.errors.add(new ApiProblem.FieldError("lang", params.text.get("error.lang", lang.get(0), String.join(", ", WebText.LANGUAGES))));
    }
    Set<String> allowed = new TreeSet<>(known);
    allowed.add("lang");
    for (String name : new TreeSet<>(values.keySet())) {
      if (!allowed.contains(name)) {
        params.errors.add(new ApiProblem.FieldError(name, params.text.get("error.unknown_parameter", name, String.join(", ", allowed))));
      }
    }
    return params;
  }

  Locale language() {
    return language;
  }

  WebText text() {
    return text;
  }

  /** The single value of {@code name}, stripped, or null when absent or empty. */
  String string(String name) {
    List<String> given = values.getOrDefault(name, List.of());
    if (given.size() > 1) {
      errors.add(new ApiProblem.FieldError(name, text.get("error.repeated", name)));
    }
    if (given.isEmpty() || given.get(0).isBlank()) {
      return null;
    }
    return given.get(0).strip();
  }

  /** Every value of a parameter that may be repeated, each also split at commas when {@code commas}. */
  List<String> strings(String name, boolean commas) {
    List<String> all = new ArrayList<>();
    for (String value : values.getOrDefault(name, List.of())) {
      for (String part : commas ? value.split(",") : new String[] {value}) {
        if (!part.isBlank()) {
          all.add(part.strip());
        }
      }
    }
    return all;
  }

  String required(String name) {
    String value = string(name);
    if (value == null) {
      errors.add(new ApiProblem.FieldError(name, text.get("error.required", name)));
    }
    return value;
  }

  LocalDate date(String name) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new ApiProblem.FieldError(name, text.get("error.date", value)));
      return null;
    }
  }

  Period period() {
    String value = string("period");
    if (value == null) {
      return Period.MONTH;
    }
    try {
      return Period.parse(value);
    } catch (IllegalArgumentException e) {
      errors.add(new ApiProblem.FieldError("period", text.get("error.period", value, Period.codes())));
      return Period.MONTH;
    }
  }

  /** A period named by its label (2025-03-14, 2025-W11, 2025-03, 2025-Q1, 2025): its length and first day. */
  record Labelled(Period period, LocalDate start, String label) {}

  /** The period labelled by the value of {@code name}, or null when absent or not a label (then an error is noted). */
  Labelled label(String name) {
    String value = string(name);
    if (value == null) {
      errors.add(new ApiProblem.FieldError(name, text.get("error.required", name)));
      return null;
    }
    Labelled labelled = parseLabel(value);
    if (labelled == null) {
      errors.add(new ApiProblem.FieldError(name, text.get("error.label", value)));
    }
    return labelled;
  }

  static Labelled parseLabel(String label) {
    try {
      Period period;
      LocalDate start;
      if (label.matches("\\d{4}")) {
        period = Period.YEAR;
        start = LocalDate.of(Integer.parseInt(label), 1, 1);
      } else if (label.matches("\\d{4}-Q[1-4]")) {
        period = Period.QUARTER;
        start = LocalDate.of(Integer.parseInt(label.substring(0, 4)), (label.charAt(6) - '1') * 3 + 1, 1);
      } else if (label.matches("\\d{4}-W\\d{2}")) {
        period = Period.WEEK;
        start = LocalDate.of(Integer.parseInt(label.substring(0, 4)), 1, 4)
            .with(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(label.substring(6)))
            .with(java.time.DayOfWeek.MONDAY);
      } else if (label.matches("\\d{4}-\\d{2}")) {
        period = Period.MONTH;
        start = LocalDate.of(Integer.parseInt(label.substring(0, 4)), Integer.parseInt(label.substring(5)), 1);
      } else if (label.matches("\\d{4}-\\d{2}-\\d{2}")) {
        period = Period.DAY;
        start = LocalDate.parse(label);
      } else {
        return null;
      }
      // 2025-W60 or 2025-13 do not name a period: the label of the day found must be the label given
      return period.label(start).equals(label) ? new Labelled(period, start, label) : null;
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The {@code segment} filters, each {@code attribute=value}. */
  List<RetentionMetrics.Segment> segments() {
    List<RetentionMetrics.Segment> segments = new ArrayList<>();
    for (String value : strings("segment", false)) {
      int equals = value.indexOf('=');
      if (equals <= 0 || equals == value.length() - 1) {
        errors.add(new ApiProblem.FieldError("segment", text.get("error.segment", value)));
      } else {
        segments.add(new RetentionMetrics.Segment(value.substring(0, equals).strip(), value.substring(equals + 1).strip()));
      }
    }
    return segments;
  }

  int integer(String name, int fallback, int min, int max) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > max) {
        errors.add(new ApiProblem.FieldError(name, text.get("error.range_int", value, min, max)));
        return fallback;
      }
      return number;
    } catch (NumberFormatException e) {
      // a whole number too large for the range is out of the range, not "not a whole number"
      errors.add(new ApiProblem.FieldError(name, value.strip().matches("[+-]?\\d+")
          ? text.get("error.range_int", value, min, max) : text.get("error.integer", value)));
      return fallback;
    }
  }

  /** Numbers separated by commas (or the parameter repeated), each above {@code min} and at most {@code max}. */
  double[] numbersAbove(String name, double[] fallback, double min, double max) {
    List<String> given = strings(name, true);
    if (given.isEmpty()) {
      return fallback;
    }
    double[] numbers = new double[given.size()];
    for (int i = 0; i < numbers.length; i++) {
      try {
        numbers[i] = Double.parseDouble(given.get(i));
        if (!(numbers[i] > min && numbers[i] <= max)) {
          errors.add(new ApiProblem.FieldError(name, text.get("error.range_number_above", given.get(i), min, max)));
          return fallback;
        }
      } catch (NumberFormatException e) {
        errors.add(new ApiProblem.FieldError(name, text.get("error.number", given.get(i))));
        return fallback;
      }
    }
    return numbers;
  }

  /** One of {@code choices}, or {@code fallback} when absent. */
  String choice(String name, List<String> choices, String fallback) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    if (!choices.contains(value)) {
      errors.add(new ApiProblem.FieldError(name, text.get("error.choice", value, String.join(", ", choices))));
      return fallback;
    }
    return value;
  }

  void reject(String field, String message) {
    errors.add(new ApiProblem.FieldError(field, message));
  }

  /** Throws the 400 problem listing every bad parameter, if there is any. */
  void check() {
    if (!errors.isEmpty()) {
      throw ApiProblem.badRequest(text.get("error.title"), errors);
    }
  }
}
