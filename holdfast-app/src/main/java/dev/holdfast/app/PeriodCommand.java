package dev.holdfast.app;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * A command over periods and customers of a store (metrics, cohorts, survival, trends, reasons): it loads
 * the configuration, checks its options, opens the store, resolves the period options into a query and
 * runs with them.
 */
abstract class PeriodCommand extends DataCommand {
  @Mixin PeriodOptions periodOptions = new PeriodOptions();

  /** Set for {@link #run()}. */
  HoldfastConfig config;
  Messages messages;
  OutputFormat output;
  PrintWriter out;
  DuckDbStore store;
  RetentionMetrics metrics;
  RetentionMetrics.Query query;

  PeriodCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  /** How many periods the default range reaches back from the as-of date; 0 for all history. */
  abstract int defaultPeriods();

  /** Rejects bad options before the store is opened. */
  void check() {}

  abstract int run();

  @Override
  public final Integer call() {
    config = storeOptions.load(environment);
    messages = Messages.of(config.locale());
    output = Formats.parse(format);
    out = spec.commandLine().getOut();
    check();
    try (DuckDbStore opened = DuckDbStore.open(config)) {
      store = opened;
      metrics = new RetentionMetrics(opened, config, messages, clock);
      query = periodOptions.query(metrics, config, messages, defaultPeriods());
      return run();
    }
  }
}
