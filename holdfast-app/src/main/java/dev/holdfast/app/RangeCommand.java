package dev.holdfast.app;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * A command over a range of days and the customers of a store (survival, and through {@link PeriodCommand} metrics,
 * cohorts, trends, reasons and retention-forecast): it loads the configuration, checks its options, opens the store,
 * resolves the range options into a query and runs with them.
 */
abstract class RangeCommand extends DataCommand {
  @Mixin RangeOptions rangeOptions = new RangeOptions();

  /** Set for {@link #run()}. */
  HoldfastConfig config;
  Messages messages;
  OutputFormat output;
  PrintWriter out;
  DuckDbStore store;
  RetentionMetrics metrics;
  RetentionMetrics.Query query;

  RangeCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  /** How many periods the default range reaches back from the as-of date; 0 for all history. */
  abstract int defaultPeriods();

  /** The length of the query's periods: months for a command without {@code --period} (survival measures lifetimes in months). */
  Period unit() {
    return Period.MONTH;
  }

  /** Whether the command shows money, so that the currency notes concern it (survival counts lifetimes only). */
  boolean showsMoney() {
    return true;
  }

  /** Rejects bad options before the store is opened. */
  void check() {}

  /** Whether the command writes to the store (otherwise it is opened read-only, beside other readers). */
  boolean writes() {
    return false;
  }

  abstract int run();

  /**
   * A segment as output names it: with {@code --segment} filters and no {@code --by}, the one segment of the
   * filtered customers is named by its filters ("plan=pro, country=DE") instead of "all", so that a CSV or JSON file
   * says whom it describes; a table names the unfiltered one "all customers" in the reader's language.
   */
  String segment(String segment) {
    if (output == OutputFormat.TABLE && query.by() != null && (segment == null || segment.isBlank())) {
      // customers without the attribute: a blank cell reads as a mistake
      return messages.get("cli.segment.none");
    }
    if (!"all".equals(segment) || query.by() != null) {
      return segment;
    }
    if (query.filters().isEmpty()) {
      // a table is read by people, in their language; CSV and JSON keep the value
      return output == OutputFormat.TABLE ? messages.get("cli.metrics.all_customers") : segment;
    }
    return RetentionMetrics.Segment.describe(query.filters());
  }

  @Override
  public final Integer call() {
    config = storeOptions.load(environment);
    messages = Messages.of(config.locale());
    output = Formats.parse(format);
    out = spec.commandLine().getOut();
    Period period = unit();
    // every command of a range says so the same way, before it opens the store (cohorts would show nothing, survival
    // and the forecast would blame the data)
    if (rangeOptions.from != null && rangeOptions.to != null && rangeOptions.to.isBefore(rangeOptions.from)) {
      throw new dev.holdfast.HoldfastException.InputException(messages.get("metrics.range", rangeOptions.from, rangeOptions.to));
    }
    check();
    try (DuckDbStore opened = writes() ? DuckDbStore.open(config) : DuckDbStore.openToRead(config)) {
      store = opened;
      metrics = new RetentionMetrics(opened, config, messages, clock);
      query = rangeOptions.query(metrics, config, messages, defaultPeriods(), period);
      // money in a currency the store holds none of reads as zeros: say which ones it holds
      java.util.List<String> currencies = showsMoney() ? metrics.moneyCurrencies() : java.util.List.of();
      if (!currencies.isEmpty() && !currencies.contains(query.currency())) {
        spec.commandLine().getErr().println(messages.get("cli.other_currency", query.currency(), String.join(", ", currencies), currencies.get(0)));
      } else if (currencies.size() > 1) {
        // and the money in the others is left out of the figures: said, so that totals are not read as the whole business
        java.util.List<String> others = currencies.stream().filter(currency -> !currency.equals(query.currency())).toList();
        spec.commandLine().getErr().println(messages.get("cli.other_currencies_left_out", query.currency(), String.join(", ", others), others.get(0)));
      }
      int code = run();
      // a later as-of date is allowed (customers go on being subscribed, or lapse for want of orders), but said; the
      // last day with data is looked up only then (it scans every table)
      if (code == 0 && rangeOptions.asOf != null) {
        java.time.LocalDate lastData = metrics.lastDataDay();
        if (rangeOptions.asOf.isAfter(lastData)) {
          spec.commandLine().getErr().println(messages.get("cli.as_of_after_data", rangeOptions.asOf, lastData));
        }
      }
      return code;
    }
  }
}
