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
 * <p>A scoring run writes compact forms (writing a day's scores is priced per byte of text, see docs/benchmarks.md):
 * <ul>
 *   <li>{@code reasons} (since schema version 5): {@code [["signal", contribution, "message key", [args…]], …]},
 *       strongest first; whether they are exact is the row's {@code reasons_exact}.</li>
 *   <li>{@code health_components} (since schema version 8): {@code [value, points, value, points, …]} in the
 *       scorecard's order, {@code null} value and points for a missing signal; the scorecard itself (each signal with
 *       its maximum points, {@link HealthWriter#signals}) is kept once per scoring day in
 *       {@code churn_score_days.health_signals}.</li>
 * </ul>
 * Rows written before keep their earlier forms: reasons as {@code [{"signal", "contribution", "exact", "message",
 * "args"}]} (before version 5), health parts as {@code {"signal": [value, points, max_points], …}} (versions 5 to 7)
 * or {@code [{"signal", "value", "points", "max_points"}]} (before version 5). {@link #reasons} and
 * {@link #healthParts} give any of them as the earliest, named form, which is what the readers and the exports show.
 */
public final class ScoreText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
  private static final double EXACT_LIMIT = 1e15;

  private ScoreText() {}

  // ---- writing ----------------------------------------------------------------------------------------------------

  /** The health parts of rows in the compact form: the values and points only, the signals once per scoring day. */
  public static final class HealthWriter {
    private final List<String> names;
    private final double[] maxPoints;
    private final String signals;
    /** Each thread's text of a row (rows are written on several). */
    private final ThreadLocal<StringBuilder> text = ThreadLocal.withInitial(() -> new StringBuilder(128));

    /** For the scorecard's signals with their maximum points, in its order. */
    public HealthWriter(List<String> signals, double[] maxPoints) {
      if (signals.size() != maxPoints.length) {
        throw new IllegalArgumentException(signals.size() + " signals and " + maxPoints.length + " maximum points");
      }
      this.names = List.copyOf(signals);
      this.maxPoints = maxPoints.clone();
      StringBuilder header = new StringBuilder("[");
      for (int i = 0; i < maxPoints.length; i++) {
        string(header.append(i == 0 ? "[" : ",["), signals.get(i)).append(',');
        number(header, maxPoints[i], 2).append(']');
      }
      this.signals = header.append(']').toString();
    }

    /** The scorecard as {@code churn_score_days.health_signals} keeps it: {@code [["signal", max_points], …]}. */
    public String signals() {
      return signals;
    }

    /**
     * SQL that gives a row's health parts, written by this writer, in the named form of versions 5 to 7 ({@code
     * {"signal": [value, points, max_points], …}}), from {@code parts}: the texts of the row's numbers, {@code
     * json_extract_string(health_components, '$[*]')}. One {@code concat} of literals and list elements: on a day of
     * 640,000 scores a lambda over the day's scorecard took seconds more.
     */
    public String namedSql(String parts) {
      StringBuilder sql = new StringBuilder("concat('{'");
      for (int i = 0; i < names.size(); i++) {
        StringBuilder prefix = string(new StringBuilder(i == 0 ? "" : ","), names.get(i)).append(":[");
        sql.append(", '").append(prefix.toString().replace("'", "''")).append("', coalesce(").append(parts).append('[').append(2 * i + 1)
            .append("], 'null'), ',', coalesce(").append(parts).append('[').append(2 * i + 2).append("], 'null'), ',");
        number(sql, maxPoints[i], 2).append("]'");
      }
      return sql.append(", '}')").toString();
    }

    /** One row: the value and points of each signal (NaN when missing), in the scorecard's order. */
    public String write(double[] values, double[] points) {
      StringBuilder text = this.text.get();
      text.setLength(0);
      text.append('[');
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          text.append(',');
        }
        if (Double.isNaN(values[i])) {
          text.append("null,null");
        } else {
          number(text, values[i], 3).append(',');
          number(text, points[i], 2);
        }
      }
      return text.append(']').toString();
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
      text.append('.');
      // leading zeros of the fraction, then its digits (no string made for them: a score run writes millions)
      for (; digits > 1 && fraction < POWERS[digits - 1]; digits--) {
        text.append('0');
      }
      text.append(fraction);
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
    JsonNode node = parse("churn_scores.reasons", stored);
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

  /**
   * Stored health parts (any form) as the earliest form: a JSON array of {@code {"signal", "value", "points",
   * "max_points"}}. {@code signals} is the day's {@code churn_score_days.health_signals}, which the positional form of
   * version 8 needs (null for a day scored before).
   */
  public static String healthParts(String stored, String signals) {
    if (stored == null || stored.isBlank()) {
      return "[]";
    }
    JsonNode node = parse("churn_scores.health_components", stored);
    ArrayNode parts = JSON.createArrayNode();
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        part(parts, field.getKey(), field.getValue().path(0), field.getValue().path(1), field.getValue().path(2));
      }
      return parts.toString();
    }
    if (!node.isArray() || node.isEmpty() || node.get(0).isObject()) {
      return node.isArray() ? stored : "[]";
    }
    if (signals == null) {
      throw new StoreException("churn_scores.health_components holds values without the signals of their day (churn_score_days): " + stored, null);
    }
    JsonNode scorecard = parse("churn_score_days.health_signals", signals);
    if (node.size() != 2 * scorecard.size()) {
      throw new StoreException("churn_scores.health_components holds " + node.size() + " numbers for the " + scorecard.size()
          + " signals of its day " + signals + ": " + stored, null);
    }
    for (int i = 0; i < scorecard.size(); i++) {
      part(parts, scorecard.get(i).path(0).asText(), node.get(2 * i), node.get(2 * i + 1), scorecard.get(i).path(1));
    }
    return parts.toString();
  }

  private static void part(ArrayNode parts, String signal, JsonNode value, JsonNode points, JsonNode maxPoints) {
    ObjectNode part = parts.addObject();
    part.put("signal", signal);
    part.set("value", decimal(value));
    part.set("points", decimal(points));
    part.set("max_points", decimal(maxPoints));
  }

  private static JsonNode decimal(JsonNode number) {
    return number.isNumber() ? JSON.getNodeFactory().numberNode(number.doubleValue()) : JSON.getNodeFactory().nullNode();
  }

  private static JsonNode parse(String column, String stored) {
    try {
      return JSON.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new StoreException(column + " is not JSON: " + stored, e);
    }
  }
}
