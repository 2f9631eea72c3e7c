package dev.holdfast.store.churn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.HoldfastException.StoreException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The text of a score's reasons and health parts in {@code churn_scores}, written and read in one place.
 *
 * <p>Since schema version 5 a scoring run writes the compact form, a third of the size of the earlier one (the write
 * is priced per byte, see docs/benchmarks.md):
 * <ul>
 *   <li>{@code reasons}: {@code [["signal", contribution, "message key", [args…]], …]}, strongest first; whether they
 *       are exact is the row's {@code reasons_exact}.</li>
 *   <li>{@code health_components}: {@code {"signal": [value, points, max_points], …}} in the scorecard's order;
 *       {@code null} value and points for a missing signal.</li>
 * </ul>
 * Rows written before keep the earlier form ({@code [{"signal", "contribution", "exact", "message", "args"}]} and
 * {@code [{"signal", "value", "points", "max_points"}]}); {@link #reasons} and {@link #healthParts} give either as the
 * earlier form, which is what the readers and the exports show.
 */
public final class ScoreText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
  private static final double EXACT_LIMIT = 1e15;

  private ScoreText() {}

  // ---- writing ----------------------------------------------------------------------------------------------------

  /** The health parts of one row in the compact form, writing each signal's name once per scoring run. */
  public static final class HealthWriter {
    private final String[] prefixes;
    private final double[] maxPoints;

    /** For the scorecard's signals with their maximum points, in its order. */
    public HealthWriter(List<String> signals, double[] maxPoints) {
      if (signals.size() != maxPoints.length) {
        throw new IllegalArgumentException(signals.size() + " signals and " + maxPoints.length + " maximum points");
      }
      prefixes = new String[signals.size()];
      for (int i = 0; i < prefixes.length; i++) {
        StringBuilder prefix = new StringBuilder(i == 0 ? "{" : ",");
        string(prefix, signals.get(i));
        prefixes[i] = prefix.append(":[").toString();
      }
      this.maxPoints = maxPoints.clone();
    }

    /** One row: the value and points of each signal (NaN when missing), in the scorecard's order. */
    public String write(double[] values, double[] points) {
      StringBuilder text = new StringBuilder(24 * prefixes.length + 16);
      for (int i = 0; i < prefixes.length; i++) {
        text.append(prefixes[i]);
        if (Double.isNaN(values[i])) {
          text.append("null,null,");
        } else {
          number(text, values[i], 3).append(',');
          number(text, points[i], 2).append(',');
        }
        number(text, maxPoints[i], 2).append(']');
      }
      return text.append(prefixes.length == 0 ? "{}" : "}").toString();
    }
  }

  /**
   * Appends one reason in the compact form: {@code ["signal", contribution, "key", [args]]}, with {@code signal}
   * already quoted by {@link #quoted}. Arguments are numbers or texts (anything else is written as its text).
   */
  public static void reason(StringBuilder text, String quotedSignal, double contribution, String key, Object... args) {
    text.append('[').append(quotedSignal).append(',');
    number(text, contribution, 4).append(',');
    string(text, key).append(",[");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      if (args[i] instanceof Number n) {
        number(text, n.doubleValue());
      } else if (args[i] == null) {
        text.append("null");
      } else {
        string(text, String.valueOf(args[i]));
      }
    }
    text.append("]]");
  }

  /** A text as a JSON string literal. */
  public static String quoted(String value) {
    return string(new StringBuilder(value.length() + 2), value).toString();
  }

  /** Appends a text as a JSON string literal (quotes, backslashes and control characters escaped). */
  public static StringBuilder string(StringBuilder text, String value) {
    text.append('"');
    int from = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        text.append(value, from, i);
        switch (c) {
          case '"' -> text.append("\\\"");
          case '\\' -> text.append("\\\\");
          case '\n' -> text.append("\\n");
          case '\r' -> text.append("\\r");
          case '\t' -> text.append("\\t");
          default -> text.append(String.format("\\u%04x", (int) c));
        }
        from = i + 1;
      }
    }
    return text.append(value, from, value.length()).append('"');
  }

  /**
   * Appends a number rounded half up to {@code decimals} places (at most 6), without trailing zeros: 12, 0.045,
   * -3.5; {@code null} when not finite. The same value as {@code Math.round(value * 10^decimals) / 10^decimals}.
   */
  public static StringBuilder number(StringBuilder text, double value, int decimals) {
    if (!Double.isFinite(value)) {
      return text.append("null");
    }
    long scale = POWERS[decimals];
    if (Math.abs(value) * scale >= EXACT_LIMIT) {
      return number(text, Math.round(value * scale) / (double) scale);
    }
    long units = Math.round(value * scale);
    if (units < 0) {
      text.append('-');
      units = -units;
    }
    text.append(units / scale);
    long fraction = units % scale;
    if (fraction != 0) {
      int digits = decimals;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      String shown = Long.toString(fraction);
      text.append('.');
      for (int pad = digits - shown.length(); pad > 0; pad--) {
        text.append('0');
      }
      text.append(shown);
    }
    return text;
  }

  /** Appends a number as it is (whole numbers without a fraction); {@code null} when not finite. */
  public static StringBuilder number(StringBuilder text, double value) {
    if (!Double.isFinite(value)) {
      return text.append("null");
    }
    if (value == Math.rint(value) && Math.abs(value) < EXACT_LIMIT) {
      return text.append((long) value);
    }
    return text.append(value);
  }

  // ---- reading ----------------------------------------------------------------------------------------------------

  /**
   * Stored reasons (either form) as the earlier form: a JSON array of {@code {"signal", "contribution", "exact",
   * "message", "args"}}; {@code exact} is the row's {@code reasons_exact}, used for the compact form.
   */
  public static String reasons(String stored, boolean exact) {
    if (stored == null || stored.isBlank()) {
      return "[]";
    }
    JsonNode node = parse("reasons", stored);
    if (!node.isArray() || node.isEmpty() || !node.get(0).isArray()) {
      return node.isArray() ? stored : "[]";
    }
    ArrayNode reasons = JSON.createArrayNode();
    for (JsonNode reason : node) {
      ObjectNode expanded = reasons.addObject();
      expanded.put("signal", reason.path(0).asText());
      expanded.set("contribution", reason.path(1));
      expanded.put("exact", exact);
      expanded.put("message", reason.path(2).asText());
      ArrayNode args = expanded.putArray("args");
      for (JsonNode arg : reason.path(3)) {
        if (arg.isNumber()) {
          args.add(arg.doubleValue());
        } else {
          args.add(arg);
        }
      }
    }
    return reasons.toString();
  }

  /** Stored health parts (either form) as the earlier form: a JSON array of {@code {"signal", "value", "points", "max_points"}}. */
  public static String healthParts(String stored) {
    if (stored == null || stored.isBlank()) {
      return "[]";
    }
    JsonNode node = parse("health_components", stored);
    if (!node.isObject()) {
      return node.isArray() ? stored : "[]";
    }
    ArrayNode parts = JSON.createArrayNode();
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      ObjectNode part = parts.addObject();
      part.put("signal", field.getKey());
      part.set("value", decimal(field.getValue().path(0)));
      part.set("points", decimal(field.getValue().path(1)));
      part.set("max_points", decimal(field.getValue().path(2)));
    }
    return parts.toString();
  }

  private static JsonNode decimal(JsonNode number) {
    return number.isNumber() ? JSON.getNodeFactory().numberNode(number.doubleValue()) : JSON.getNodeFactory().nullNode();
  }

  private static JsonNode parse(String column, String stored) {
    try {
      return JSON.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new StoreException("churn_scores." + column + " is not JSON: " + stored, e);
    }
  }
}
