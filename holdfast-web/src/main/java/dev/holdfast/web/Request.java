package dev.holdfast.web;

import dev.holdfast.retention.Period;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a page, an API call or the report asks about, with every default resolved: periods of {@code period}
 * from {@code from} to {@code to} as known on {@code asOf}, the customers matching every segment filter, split
 * by {@code by} (null: not split), money in {@code currency}, text in {@code language}.
 */
record Request(Period period, LocalDate from, LocalDate to, LocalDate asOf, List<RetentionMetrics.Segment> segments, String by, String currency,
    Locale language) {
  Request {
    segments = List.copyOf(segments);
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the range ends before it starts: " + from + " to " + to);
    }
  }

  /**
   * What was asked before defaults are applied: any of the dates may be null, and so may {@code by} and
   * {@code currency}.
   */
  record Input(Period period, LocalDate from, LocalDate to, LocalDate asOf, List<RetentionMetrics.Segment> segments, String by, String currency,
      Locale language) {
    Input {
      segments = List.copyOf(segments);
    }

    static Input of(Params params, boolean split) {
      return new Input(params.period(), params.date("from"), params.date("to"), params.date("as_of"), params.segments(),
          split ? params.string("by") : null, params.string("currency"), params.language());
    }
  }

  RetentionMetrics.Query query() {
    return new RetentionMetrics.Query(period, from, to, asOf, segments, by, currency);
  }

  /** The same request not split by any attribute. */
  Request whole() {
    return by == null ? this : new Request(period, from, to, asOf, segments, null, currency, language);
  }

  Request splitBy(String attribute) {
    return new Request(period, from, to, asOf, segments, attribute, currency, language);
  }

  /** The periods of the range, up to the as-of date. */
  List<LocalDate> starts() {
    LocalDate last = to.isAfter(asOf) ? asOf : to;
    return last.isBefore(from) ? List.of() : period.starts(from, last);
  }

  /** Identifies the numbers (not the language) for caching. */
  String key() {
    return String.join("|", period.code(), from.toString(), to.toString(), asOf.toString(), segments.toString(), String.valueOf(by), currency);
  }

  /**
   * A segment as the API names it: the one segment of filtered customers, not split, is named by its filters
   * ("plan=pro, country=DE", as the command line names it) instead of "all", so that an answer says whom it describes.
   */
  String segmentName(String segment) {
    if (by != null || segments.isEmpty() || !"all".equals(segment)) {
      return segment;
    }
    return RetentionMetrics.Segment.describe(segments);
  }

  /** The request as the API echoes it. */
  Map<String, Object> describe() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("period", period.code());
    query.put("from", from.toString());
    query.put("to", to.toString());
    query.put("as_of", asOf.toString());
    query.put("segments", segments.stream().map(segment -> segment.attribute() + "=" + segment.value()).toList());
    query.put("by", by);
    query.put("currency", currency);
    query.put("lang", language.getLanguage());
    return query;
  }
}
