package dev.holdfast.app;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code holdfast evaluate}: the validation of {@code holdfast train}, for both model kinds (or one), without storing a model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false)
final class EvaluateCommand extends ChurnModelCommand {
  EvaluateCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  boolean stores() {
    return false;
  }
}
