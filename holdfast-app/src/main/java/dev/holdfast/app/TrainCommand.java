package dev.holdfast.app;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast train}: builds the training set at observation dates, validates the model on held-out dates (or
 * folds for a single snapshot), backtests the health score on the same rows, trains on every row and stores the
 * model with its provenance and evaluation, as the model in use unless {@code --keep-current} keeps the one in use.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false)
final class TrainCommand extends ChurnModelCommand {
  @Option(names = "--keep-current", descriptionKey = "churn.keep_current")
  boolean keepCurrent;

  TrainCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  boolean stores() {
    return true;
  }

  @Override
  boolean keepCurrent() {
    return keepCurrent;
  }
}
