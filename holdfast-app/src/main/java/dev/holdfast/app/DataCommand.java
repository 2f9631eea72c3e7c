package dev.holdfast.app;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that reads a store and prints data: the store options, {@code --format}, the environment and clock. */
abstract class DataCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin Main.StoreOptions storeOptions = new Main.StoreOptions();

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", descriptionKey = "option.format")
  String format;

  final Map<String, String> environment;
  final Clock clock;

  DataCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }
}
