package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose the range of days and the customers, shared by the {@link RangeCommand}s. */
final class RangeOptions {
  @Option(names = "--from", paramLabel = "YYYY-MM-DD", descriptionKey = "option.from")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", descriptionKey = "option.to")
  LocalDate to;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", descriptionKey = "option.as_of")
  LocalDate asOf;

  @Option(names = "--segment", paramLabel = "ATTRIBUTE=VALUE", descriptionKey = "option.segment")
  List<String> segments = new ArrayList<>();

  @Option(names = "--by", paramLabel = "ATTRIBUTE", descriptionKey = "option.by")
  String by;

  @Option(names = "--currency", paramLabel = "CODE", descriptionKey = "option.currency")
  String currency;

  /**
   * The query these options describe, in periods of {@code unit}: by default the last {@code defaultPeriods} periods up to the as-of
   * date (but not before the period of the first data), which defaults to the last day with data; with
   * {@code defaultPeriods} 0, from the beginning.
   */
  RetentionMetrics.Query query(RetentionMetrics metrics, HoldfastConfig config, Messages messages, int defaultPeriods, Period unit) {
    requireCurrency(currency, messages);
    LocalDate firstData = metrics.firstDataDay();
    requireKnownDay(asOf, firstData, metrics, messages);
    LocalDate asOfDay = asOf != null ? asOf : metrics.lastDataDay();
    LocalDate last = to != null ? to : asOfDay;
    LocalDate first = from;
    if (first == null && defaultPeriods <= 0) {
      first = LocalDate.of(1900, 1, 1);
    }
    if (first == null) {
      first = unit.start(last.isAfter(asOfDay) ? asOfDay : last);
      for (int i = 1; i < defaultPeriods; i++) {
        first = unit.start(first.minusDays(1));
      }
      // no empty periods before the data begin
      if (firstData != null && unit.start(firstData).isAfter(first) && !unit.start(firstData).isAfter(last)) {
        first = unit.start(firstData);
      }
    }
    List<RetentionMetrics.Segment> filters = segments.stream().map(text -> RetentionMetrics.Segment.parse(text, messages)).toList();
    return new RetentionMetrics.Query(unit, first, last, asOfDay, filters, by, currency != null ? currency : config.currency());
  }

  /**
   * Refuses an --as-of date before the first day with data ({@code firstData}, null in an empty store), when nothing
   * was known yet and every figure would be an empty zero, or after today, when every figure would be the last day's
   * carried on; null (the default) passes.
   */
  static void requireKnownDay(LocalDate asOf, LocalDate firstData, RetentionMetrics metrics, Messages messages) {
    if (asOf != null && firstData != null && asOf.isBefore(firstData)) {
      throw new InputException(messages.get("cli.as_of_before_data", asOf, firstData));
    }
    if (asOf != null && asOf.isAfter(metrics.today())) {
      throw new InputException(messages.get("cli.as_of_future", asOf, metrics.today()));
    }
  }

  /** A --currency option is an ISO 4217 code, as the configuration's currency is: "usd" would match no money at all. */
  static void requireCurrency(String currency, Messages messages) {
    if (currency != null && !dev.holdfast.config.ConfigLoader.isCurrency(currency)) {
      throw new InputException(messages.get("cli.bad_currency", currency));
    }
  }
}
