package dev.holdfast.store.ingest;

/**
 * One thing wrong with one source line: where it is (file, line, column), the value, why it is wrong
 * and how to fix it.
 *
 * @param line the 1-based line of the source file (for Parquet: the row number); 0 for the whole file
 */
public record Problem(String file, long line, String column, String value, String reason, String hint) {

  /** The one-line form printed to users, in English: {@code orders.csv line 3, column "amount": "12,5O" is not a number}. */
  public String describe() {
    return describe(dev.holdfast.i18n.Messages.of(java.util.Locale.ENGLISH));
  }

  /** {@code value} with its control characters written as Java escapes (\\u0001): "A\\u0001" is not the customer "A" it would print as. */
  static String visible(String value) {
    StringBuilder shown = new StringBuilder(value.length());
    value.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0x200B || c == 0xFEFF) {
        shown.append(String.format(java.util.Locale.ROOT, "\\u%04X", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.toString();
  }

  /** The one-line form printed to users, in the messages' language. */
  public String describe(dev.holdfast.i18n.Messages messages) {
    StringBuilder text = new StringBuilder(line > 0 ? messages.get("problem.line", file, line) : file);
    if (column != null) {
      text.append(messages.get("problem.column", column));
    }
    text.append(": ");
    if (value != null) {
      text.append('"').append(visible(value.length() > 60 ? value.substring(0, 57) + "..." : value)).append("\" ");
    }
    text.append(reason);
    if (hint != null && !hint.isEmpty()) {
      text.append(" (").append(hint).append(')');
    }
    return text.toString();
  }
}
