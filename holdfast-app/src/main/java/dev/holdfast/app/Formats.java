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
      throw new InputException(dev.holdfast.i18n.Messages.of(Locale.getDefault()).get("cli.bad_format", text));
    }
  }
}
