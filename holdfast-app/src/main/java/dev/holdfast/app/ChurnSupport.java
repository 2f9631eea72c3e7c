package dev.holdfast.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.ml.CalibrationMethod;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.LogisticParameters;
import dev.holdfast.ml.ModelParameters;
import dev.holdfast.ml.XgboostParameters;
import dev.holdfast.store.features.FeatureTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the churn commands share: the model matrix from feature rows, trainers, and reasons phrased for people. */
final class ChurnSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  private ChurnSupport() {}

  /**
   * The model matrix of a feature table. For training, columns with no information (every value the same or missing)
   * are left out; for scoring every column is kept and the model picks its own by name. Groups are the observation
   * dates as epoch days, for time-ordered validation.
   */
  static FeatureMatrix matrix(FeatureTable table, boolean training) {
    FeatureMatrix.Builder builder = FeatureMatrix.builder();
    for (FeatureTable.Column column : table.columns()) {
      if (training && constant(column)) {
        continue;
      }
      if (column.categorical()) {
        builder.categorical(column.name(), column.categories());
      } else {
        builder.numeric(column.name(), column.numbers());
      }
    }
    if (training) {
      int[] labels = new int[table.rows()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (int) table.labels()[i];
      }
      builder.labels(labels);
    }
    int[] groups = new int[table.rows()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = (int) table.dates()[i].toEpochDay();
    }
    builder.groups(groups);
    builder.ids(table.customerIds());
    return builder.build();
  }

  private static boolean constant(FeatureTable.Column column) {
    if (column.categorical()) {
      String first = null;
      for (String value : column.categories()) {
        if (value != null) {
          if (first == null) {
            first = value;
          } else if (!first.equals(value)) {
            return false;
          }
        }
      }
      return true;
    }
    double first = Double.NaN;
    for (double value : column.numbers()) {
      if (!Double.isNaN(value)) {
        if (Double.isNaN(first)) {
          first = value;
        } else if (first != value) {
          return false;
        }
      }
    }
    return true;
  }

  static ModelParameters parameters(String kind) {
    return switch (kind) {
      case "xgboost" -> XgboostParameters.defaults();
      case "logistic" -> LogisticParameters.defaults();
      default -> throw new IllegalArgumentException("unknown model kind " + kind);
    };
  }

  static ChurnTrainer trainer(String kind, long seed, Clock clock) {
    return new ChurnTrainer(parameters(kind), CalibrationMethod.PLATT, seed, clock);
  }

  /** The numeric columns of a table by name, for the health score. */
  static Map<String, double[]> numbers(FeatureTable table) {
    Map<String, double[]> numbers = new HashMap<>();
    for (FeatureTable.Column column : table.columns()) {
      if (!column.categorical()) {
        numbers.put(column.name(), column.numbers());
      }
    }
    return numbers;
  }

  /** The columns of the last table asked about, by name, and each column's signal (scoring asks row after row). */
  private static FeatureTable indexed;
  private static Map<String, FeatureTable.Column> byName = Map.of();

  private static synchronized Map<String, FeatureTable.Column> columns(FeatureTable table) {
    if (table != indexed) {
      Map<String, FeatureTable.Column> index = new HashMap<>();
      table.columns().forEach(column -> index.put(column.name(), column));
      byName = index;
      indexed = table;
    }
    return byName;
  }

  /** A feature's value on a row: its number, or its category (null when missing). */
  private static Object valueOf(FeatureTable table, String feature, int row) {
    FeatureTable.Column column = columns(table).get(feature);
    if (column == null) {
      return null;
    }
    return column.categorical() ? column.categories()[row] : (Object) column.numbers()[row];
  }

  private static double number(FeatureTable table, String feature, int row) {
    Object value = valueOf(table, feature, row);
    return value instanceof Double d ? d : Double.NaN;
  }

  /**
   * The reasons of one row as stored: the signals whose features raised the risk most, strongest first, each with a
   * message key of the messages bundle and the customer's own values as its arguments.
   */
  static ArrayNode reasons(FeatureTable table, int row, List<String> features, double[] contributions, boolean exact, int limit,
      int windowDays) {
    Map<String, Double> bySignal = new LinkedHashMap<>();
    Map<String, FeatureTable.Column> index = columns(table);
    for (int f = 0; f < features.size(); f++) {
      FeatureTable.Column column = index.get(features.get(f));
      String signal = column == null ? features.get(f) : column.signal();
      bySignal.merge(signal, contributions[f], Double::sum);
    }
    List<Map.Entry<String, Double>> raising = new ArrayList<>(bySignal.entrySet().stream().filter(e -> e.getValue() > 0).toList());
    raising.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    ArrayNode reasons = JSON.createArrayNode();
    for (Map.Entry<String, Double> entry : raising.subList(0, Math.min(limit, raising.size()))) {
      ObjectNode reason = reasons.addObject();
      reason.put("signal", entry.getKey());
      reason.put("contribution", Math.round(entry.getValue() * 10000) / 10000.0);
      reason.put("exact", exact);
      Phrase phrase = phrase(table, row, entry.getKey(), windowDays);
      reason.put("message", phrase.key());
      ArrayNode args = reason.putArray("args");
      for (Object arg : phrase.args()) {
        if (arg instanceof Number number) {
          args.add(number.doubleValue());
        } else {
          args.add(String.valueOf(arg));
        }
      }
    }
    return reasons;
  }

  record Phrase(String key, Object... args) {}

  /** How a signal reads for people, with the customer's values (docs/features.md lists the phrases). */
  static Phrase phrase(FeatureTable table, int row, String signal, int windowDays) {
    int longWindow = 3 * windowDays;
    if (signal.startsWith("event:")) {
      String type = signal.substring("event:".length());
      String name = featureName(table, type);
      double count = number(table, name + "_count", row);
      double trend = number(table, name + "_trend", row);
      if (count == 0) {
        return new Phrase("reason.event_none", type, windowDays);
      }
      if (trend <= -0.2) {
        return new Phrase("reason.event_down", type, Math.round(-trend * 100), windowDays / 7.0);
      }
      if (trend >= 0.2) {
        return new Phrase("reason.event_up", type, Math.round(trend * 100), windowDays / 7.0);
      }
      return new Phrase("reason.event_count", type, count, windowDays);
    }
    return switch (signal) {
      case "activity" -> {
        double since = number(table, "days_since_active", row);
        double days = number(table, "active_days", row);
        double trend = number(table, "active_days_trend", row);
        if (Double.isNaN(since)) {
          yield new Phrase("reason.never_active");
        }
        if (since >= 7) {
          yield new Phrase("reason.inactive", since);
        }
        if (trend <= -0.2) {
          yield new Phrase("reason.active_days_down", days, windowDays, Math.round(-trend * 100));
        }
        yield new Phrase("reason.active_days", days, windowDays);
      }
      case "open_tickets" -> {
        double open = number(table, "open_tickets", row);
        yield open > 0 ? new Phrase("reason.open_tickets", open, number(table, "oldest_open_ticket_days", row)) : new Phrase("reason.no_open_tickets");
      }
      case "ticket_satisfaction" -> {
        double poor = number(table, "poor_tickets", row);
        double mean = number(table, "ticket_satisfaction", row);
        if (poor > 0) {
          yield new Phrase("reason.poor_tickets", poor, longWindow);
        }
        yield Double.isNaN(mean) ? new Phrase("reason.no_ratings", longWindow) : new Phrase("reason.ticket_satisfaction", Math.round(mean * 10) / 10.0);
      }
      case "tickets" -> new Phrase("reason.tickets", number(table, "tickets", row), longWindow);
      case "nps" -> {
        double nps = number(table, "nps", row);
        if (Double.isNaN(nps)) {
          yield new Phrase("reason.nps_none");
        }
        yield new Phrase(nps <= 6 ? "reason.nps_detractor" : nps <= 8 ? "reason.nps_passive" : "reason.nps_promoter", nps,
            number(table, "nps_days", row));
      }
      case "csat" -> Double.isNaN(number(table, "csat", row)) ? new Phrase("reason.csat_none") : new Phrase("reason.csat", number(table, "csat", row));
      case "ces" -> Double.isNaN(number(table, "ces", row)) ? new Phrase("reason.ces_none") : new Phrase("reason.ces", number(table, "ces", row));
      case "mrr_change" -> {
        double change = number(table, "mrr_change", row);
        if (Double.isNaN(change) || change == 0) {
          yield new Phrase("reason.mrr_same", number(table, "mrr", row), longWindow);
        }
        yield new Phrase(change < 0 ? "reason.mrr_down" : "reason.mrr_up", Math.abs(change), longWindow);
      }
      case "mrr" -> new Phrase("reason.mrr", number(table, "mrr", row));
      case "plan" -> new Phrase("reason.plan", String.valueOf(valueOf(table, "plan", row)), String.valueOf(valueOf(table, "billing_period", row)));
      case "tenure" -> new Phrase("reason.tenure", number(table, "tenure_days", row));
      case "orders" -> {
        double orders = number(table, "orders", row);
        double since = number(table, "days_since_order", row);
        yield orders == 0 ? (Double.isNaN(since) ? new Phrase("reason.no_orders_ever") : new Phrase("reason.no_orders", longWindow, since))
            : new Phrase("reason.orders", orders, longWindow);
      }
      case "order_average" -> {
        double trend = number(table, "order_average_trend", row);
        yield trend <= -0.2 ? new Phrase("reason.order_average_down", Math.round(-trend * 100))
            : new Phrase("reason.order_average", number(table, "order_average", row));
      }
      case "country", "channel" -> new Phrase("reason.attribute", signal, String.valueOf(valueOf(table, signal, row)));
      default -> {
        if (signal.startsWith("attribute:")) {
          String key = signal.substring("attribute:".length());
          yield new Phrase("reason.attribute", key, String.valueOf(valueOf(table, "attr_" + attributeName(key), row)));
        }
        yield new Phrase("reason.feature", signal);
      }
    };
  }

  private static String featureName(FeatureTable table, String type) {
    for (var eventType : table.schema().eventTypes()) {
      if (eventType.type().equals(type)) {
        return eventType.name();
      }
    }
    return type;
  }

  private static String attributeName(String key) {
    String name = key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return name.isEmpty() ? "event" : name;
  }

  /** A stored reason as people read it, in the messages' language. */
  static String text(Messages messages, com.fasterxml.jackson.databind.JsonNode reason) {
    String key = reason.path("message").asText();
    List<Object> args = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode arg : reason.path("args")) {
      args.add(arg.isNumber() ? (Object) arg.asDouble() : arg.asText());
    }
    return messages.has(key) ? messages.get(key, args.toArray()) : reason.path("signal").asText() + " " + args;
  }

  /** The health parts of one row as stored. */
  static ArrayNode healthParts(dev.holdfast.health.HealthScore.Result result) {
    ArrayNode parts = JSON.createArrayNode();
    for (dev.holdfast.health.HealthScore.Part part : result.parts()) {
      ObjectNode node = parts.addObject();
      node.put("signal", part.feature());
      if (Double.isNaN(part.value())) {
        node.putNull("value");
        node.putNull("points");
      } else {
        node.put("value", Math.round(part.value() * 1000) / 1000.0);
        node.put("points", Math.round(part.points() * 100) / 100.0);
      }
      node.put("max_points", part.maxPoints());
    }
    return parts;
  }

  static HoldfastConfig.Churn churn(HoldfastConfig config) {
    return config.churn();
  }
}
