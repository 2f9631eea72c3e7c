package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.retention.Period;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Option;

/** A {@link RangeCommand} over periods of the length {@code --period} chooses (metrics, cohorts, trends, reasons, retention-forecast). */
abstract class PeriodCommand extends RangeCommand {
  @Option(names = "--period", paramLabel = "day|week|month|quarter|year", defaultValue = "month", descriptionKey = "option.period")
  String period;

  PeriodCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  Period unit() {
    try {
      return Period.parse(period);
    } catch (IllegalArgumentException e) {
      throw new InputException(messages.get("cli.bad_period", period, Period.codes()));
    }
  }
}
