package dev.holdfast.store.ingest;

/**
 * One thing wrong with one source line: where it is (file, line, column), the value, why it is wrong
 * and how to fix it.
 *
 * @param line the 1-based line of the source file (for Parquet: the row number); 0 for the whole file
 */
public record Problem(String file, long line, String column, String value, String reason, String hint) {

  /** The one-line form printed to users, e.g. {@code orders.csv line 3, column "amount": "12,5O" is not a number}. */
  public String describe() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(" line ").append(line);
    }
    if (column != null) {
      text.append(", column \"").append(column).append('"');
    }
    text.append(": ");
    if (value != null) {
      text.append('"').append(value.length() > 60 ? value.substring(0, 57) + "..." : value).append("\" ");
    }
    text.append(reason);
    if (hint != null && !hint.isEmpty()) {
      text.append(" (").append(hint).append(')');
    }
    return text.toString();
  }
}
