package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import java.util.Locale;

/** Parses the {@code --format} flag with a message that lists the choices. */
final class Formats {
  private Formats() {}

  static OutputFormat parse(String text) {
    try {
      return OutputFormat.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InputException("--format \"" + text + "\" is not table, csv or json");
    }
  }
}
