package dev.holdfast.app;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.ml.CalibrationMethod;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.LogisticParameters;
import dev.holdfast.ml.ModelParameters;
import dev.holdfast.ml.XgboostParameters;
import dev.holdfast.store.churn.ScoreText;
import dev.holdfast.store.features.FeatureTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** What the churn commands share: the model matrix from feature rows, trainers, and reasons phrased for people. */
final class ChurnSupport {
  /** Numbers written with the shortest round-trip digits (Schubfach): scoring writes dozens per customer. */
  static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

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

  /**
   * The reasons of the rows of one feature table as stored: for a row, the signals whose features raised the risk most,
   * strongest first, each with a message key of the messages bundle and the customer's own values as its arguments.
   * Written as JSON text directly (a scoring run writes one document per active customer), see ScoreText.
   */
  static final class Reasons {
    private final FeatureTable table;
    private final Map<String, FeatureTable.Column> columns = new HashMap<>();
    private final int windowDays;
    private final int[] signalOf;
    private final String[] signals;
    private final String[] quotedSignals;
    private final List<IntFunction<Phrase>> phrasers;

    /** For contributions to {@code features}, in that order, of the rows of {@code table}. */
    Reasons(FeatureTable table, List<String> features, int windowDays) {
      this.table = table;
      this.windowDays = windowDays;
      table.columns().forEach(column -> columns.put(column.name(), column));
      Map<String, Integer> index = new LinkedHashMap<>();
      signalOf = new int[features.size()];
      for (int f = 0; f < features.size(); f++) {
        FeatureTable.Column column = columns.get(features.get(f));
        String signal = column == null ? features.get(f) : column.signal();
        signalOf[f] = index.computeIfAbsent(signal, key -> index.size());
      }
      signals = index.keySet().toArray(String[]::new);
      quotedSignals = Arrays.stream(signals).map(ScoreText::quoted).toArray(String[]::new);
      phrasers = Arrays.stream(signals).map(this::phraser).toList();
    }

    /**
     * The reasons of {@code row} from its contributions (one per feature), at most {@code limit}, as the stored JSON
     * text (the compact form of {@link ScoreText}).
     */
    String json(int row, double[] contributions, int limit) {
      double[] bySignal = new double[signals.length];
      for (int f = 0; f < contributions.length; f++) {
        bySignal[signalOf[f]] += contributions[f];
      }
      StringBuilder text = new StringBuilder(64 * limit);
      text.append('[');
      for (int n = 0; n < limit; n++) {
        int strongest = -1;
        for (int k = 0; k < bySignal.length; k++) {
          if (bySignal[k] > 0 && (strongest < 0 || bySignal[k] > bySignal[strongest])) {
            strongest = k;
          }
        }
        if (strongest < 0) {
          break;
        }
        Phrase phrase = phrasers.get(strongest).apply(row);
        ScoreText.reason(n == 0 ? text : text.append(','), quotedSignals[strongest], bySignal[strongest], phrase.key(), phrase.args());
        bySignal[strongest] = 0;
      }
      return text.append(']').toString();
    }

    /** A feature's column of numbers, or null when the table has no such numeric feature (then every row is missing). */
    private double[] numbers(String feature) {
      FeatureTable.Column column = columns.get(feature);
      return column == null || column.categorical() ? null : column.numbers();
    }

    /** A categorical feature's values, or null when the table has none by that name. */
    private String[] categories(String feature) {
      FeatureTable.Column column = columns.get(feature);
      return column == null || !column.categorical() ? null : column.categories();
    }

    private static double at(double[] column, int row) {
      return column == null ? Double.NaN : column[row];
    }

    private static String at(String[] column, int row) {
      return String.valueOf(column == null ? null : column[row]);
    }

    /**
     * How a signal reads for people, with the customer's values (docs/features.md lists the phrases): the signal's
     * columns are found once, and the phrase of a row only reads them.
     */
    IntFunction<Phrase> phraser(String signal) {
      int longWindow = 3 * windowDays;
      if (signal.startsWith("event:")) {
        String type = signal.substring("event:".length());
        double[] counts = numbers(featureName(type) + "_count");
        double[] trends = numbers(featureName(type) + "_trend");
        return row -> {
          double count = at(counts, row);
          double trend = at(trends, row);
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
        };
      }
      return switch (signal) {
        case "activity" -> {
          double[] sinceActive = numbers("days_since_active");
          double[] activeDays = numbers("active_days");
          double[] activeTrend = numbers("active_days_trend");
          yield row -> {
            double since = at(sinceActive, row);
            double days = at(activeDays, row);
            double trend = at(activeTrend, row);
            if (Double.isNaN(since)) {
              return new Phrase("reason.never_active");
            }
            if (since >= 7) {
              return new Phrase("reason.inactive", since);
            }
            if (trend <= -0.2) {
              return new Phrase("reason.active_days_down", days, windowDays, Math.round(-trend * 100));
            }
            return new Phrase("reason.active_days", days, windowDays);
          };
        }
        case "open_tickets" -> {
          double[] openTickets = numbers("open_tickets");
          double[] oldest = numbers("oldest_open_ticket_days");
          yield row -> {
            double open = at(openTickets, row);
            return open > 0 ? new Phrase("reason.open_tickets", open, at(oldest, row)) : new Phrase("reason.no_open_tickets");
          };
        }
        case "ticket_satisfaction" -> {
          double[] poorTickets = numbers("poor_tickets");
          double[] satisfaction = numbers("ticket_satisfaction");
          yield row -> {
            double poor = at(poorTickets, row);
            double mean = at(satisfaction, row);
            if (poor > 0) {
              return new Phrase("reason.poor_tickets", poor, longWindow);
            }
            return Double.isNaN(mean) ? new Phrase("reason.no_ratings", longWindow) : new Phrase("reason.ticket_satisfaction", Math.round(mean * 10) / 10.0);
          };
        }
        case "tickets" -> {
          double[] tickets = numbers("tickets");
          yield row -> new Phrase("reason.tickets", at(tickets, row), longWindow);
        }
        case "nps" -> {
          double[] scores = numbers("nps");
          double[] days = numbers("nps_days");
          yield row -> {
            double nps = at(scores, row);
            if (Double.isNaN(nps)) {
              return new Phrase("reason.nps_none");
            }
            return new Phrase(nps <= 6 ? "reason.nps_detractor" : nps <= 8 ? "reason.nps_passive" : "reason.nps_promoter", nps, at(days, row));
          };
        }
        case "csat", "ces" -> {
          double[] scores = numbers(signal);
          String none = "reason." + signal + "_none";
          String some = "reason." + signal;
          yield row -> Double.isNaN(at(scores, row)) ? new Phrase(none) : new Phrase(some, at(scores, row));
        }
        case "mrr_change" -> {
          double[] changes = numbers("mrr_change");
          double[] mrr = numbers("mrr");
          yield row -> {
            double change = at(changes, row);
            if (Double.isNaN(change) || change == 0) {
              return new Phrase("reason.mrr_same", at(mrr, row), longWindow);
            }
            return new Phrase(change < 0 ? "reason.mrr_down" : "reason.mrr_up", Math.abs(change), longWindow);
          };
        }
        case "mrr" -> {
          double[] mrr = numbers("mrr");
          yield row -> new Phrase("reason.mrr", at(mrr, row));
        }
        case "plan" -> {
          String[] plans = categories("plan");
          String[] periods = categories("billing_period");
          yield row -> new Phrase("reason.plan", at(plans, row), at(periods, row));
        }
        case "tenure" -> {
          double[] tenure = numbers("tenure_days");
          yield row -> new Phrase("reason.tenure", at(tenure, row));
        }
        case "orders" -> {
          double[] orderCounts = numbers("orders");
          double[] sinceOrder = numbers("days_since_order");
          yield row -> {
            double orders = at(orderCounts, row);
            double since = at(sinceOrder, row);
            return orders == 0 ? (Double.isNaN(since) ? new Phrase("reason.no_orders_ever") : new Phrase("reason.no_orders", longWindow, since))
                : new Phrase("reason.orders", orders, longWindow);
          };
        }
        case "order_average" -> {
          double[] trends = numbers("order_average_trend");
          double[] averages = numbers("order_average");
          yield row -> {
            double trend = at(trends, row);
            return trend <= -0.2 ? new Phrase("reason.order_average_down", Math.round(-trend * 100))
                : new Phrase("reason.order_average", at(averages, row));
          };
        }
        case "country", "channel" -> {
          String[] values = categories(signal);
          yield row -> new Phrase("reason.attribute", signal, at(values, row));
        }
        default -> {
          if (signal.startsWith("attribute:")) {
            String key = signal.substring("attribute:".length());
            String feature = "attr_" + attributeName(key);
            String[] values = categories(feature);
            double[] numbers = numbers(feature);
            yield row -> new Phrase("reason.attribute", key, values != null ? at(values, row) : String.valueOf(numbers == null ? null : numbers[row]));
          }
          yield row -> new Phrase("reason.feature", signal);
        }
      };
    }

    private String featureName(String type) {
      for (var eventType : table.schema().eventTypes()) {
        if (eventType.type().equals(type)) {
          return eventType.name();
        }
      }
      return type;
    }
  }

  record Phrase(String key, Object... args) {}

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

  static HoldfastConfig.Churn churn(HoldfastConfig config) {
    return config.churn();
  }
}
