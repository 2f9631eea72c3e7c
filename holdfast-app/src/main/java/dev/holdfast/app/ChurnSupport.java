package dev.holdfast.app;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.health.HealthScore;
import dev.holdfast.i18n.Messages;
import dev.holdfast.i18n.ReasonWords;
import dev.holdfast.ml.CalibrationMethod;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.LogisticParameters;
import dev.holdfast.ml.ModelParameters;
import dev.holdfast.ml.XgboostParameters;
import dev.holdfast.store.churn.ScoreText;
import dev.holdfast.store.features.FeatureTable;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

  /**
   * The numeric columns of a table by name, for the health score. One value reads differently there than in the
   * model: a customer with no active day in either window has an {@code active_days_trend} of 0 (nothing changed),
   * which a scorecard would take for steady activity; for the health score it is −1, all activity gone.
   */
  static Map<String, double[]> numbers(FeatureTable table) {
    Map<String, double[]> numbers = new HashMap<>();
    for (FeatureTable.Column column : table.columns()) {
      if (!column.categorical()) {
        numbers.put(column.name(), column.numbers());
      }
    }
    if (none(numbers, "open_tickets", "tickets") && allMissing(numbers, "oldest_open_ticket_days", "ticket_satisfaction")) {
      // no customer has a ticket open or opened in the windows, nor a rating: the data holds no support tickets (a
      // snapshot such as Telco), so "no open ticket" is unknown rather than good news
      double[] unknown = unknown(table.rows());
      for (String support : List.of("open_tickets", "poor_tickets", "tickets", "ticket_satisfaction", "oldest_open_ticket_days")) {
        numbers.replace(support, unknown);
      }
    }
    double[] since = numbers.get("days_since_active");
    if (since != null && Arrays.stream(since).allMatch(Double::isNaN)) {
      // no customer has any event, before the windows or in them: the data has no usage (a snapshot such as Telco),
      // so activity is unknown rather than none, and a missing signal neither helps nor hurts the score
      double[] unknown = unknown(table.rows());
      for (String activity : List.of("active_days", "active_days_trend", "days_since_active")) {
        numbers.replace(activity, unknown);
      }
      return numbers;
    }
    double[] active = numbers.get("active_days");
    double[] trend = numbers.get("active_days_trend");
    if (active != null && trend != null) {
      double[] health = trend.clone();
      for (int row = 0; row < health.length; row++) {
        if (active[row] == 0 && health[row] == 0) {
          health[row] = -1;
        }
      }
      numbers.put("active_days_trend", health);
    }
    return numbers;
  }

  /** A column of missing values. */
  private static double[] unknown(int rows) {
    double[] unknown = new double[rows];
    Arrays.fill(unknown, Double.NaN);
    return unknown;
  }

  /** The features that count days to the observation date. */
  private static final List<String> DAY_COUNTS = List.of("tenure_days", "customer_days", "days_since_active", "days_since_order",
      "oldest_open_ticket_days", "nps_days", "csat_days", "ces_days");

  /** Whether every row of these columns (those present) is 0, and at least one is present. */
  private static boolean none(Map<String, double[]> numbers, String... features) {
    boolean present = false;
    for (String feature : features) {
      double[] column = numbers.get(feature);
      if (column != null) {
        present = true;
        if (!Arrays.stream(column).allMatch(value -> value == 0)) {
          return false;
        }
      }
    }
    return present;
  }

  /** Whether every row of these columns (those present) is missing. */
  private static boolean allMissing(Map<String, double[]> numbers, String... features) {
    return Arrays.stream(features).map(numbers::get).filter(java.util.Objects::nonNull)
        .allMatch(column -> Arrays.stream(column).allMatch(Double::isNaN));
  }

  /**
   * The health score's inputs: {@link #numbers} of the table, once every feature the configured components name is
   * known to be one of its signals (a misspelt feature would leave every score without a value).
   */
  static Map<String, double[]> healthInputs(FeatureTable table, HealthScore health, Messages messages) {
    Map<String, double[]> numbers = numbers(table);
    // the features count days to the observation date, the day after the as-of date; people (and the reasons) count
    // them to the as-of date: the scorecard's thresholds and the parts it shows are in those days. Only the scorecard's
    // own are counted again (each is a new column of every row)
    Set<String> used = health.components().stream().map(HoldfastConfig.HealthComponent::feature).collect(Collectors.toSet());
    for (String days : DAY_COUNTS) {
      double[] column = numbers.get(days);
      if (column != null && used.contains(days)) {
        numbers.put(days, Arrays.stream(column).map(Reasons::daysBeforeAsOf).toArray());
      }
    }
    for (HoldfastConfig.HealthComponent component : health.components()) {
      if (!numbers.containsKey(component.feature())) {
        throw new InputException(messages.get("churn.unknown_health_feature", component.feature(),
            String.join(", ", new java.util.TreeSet<>(numbers.keySet()))));
      }
    }
    return numbers;
  }

  /**
   * The day the churn commands work as of: {@code asOf}, or the last day with data. A later day is refused: nothing after
   * the last day is in the store, so every outcome there would read as "stayed" and every customer as inactive.
   */
  static LocalDate day(RetentionMetrics metrics, LocalDate asOf, Messages messages) {
    LocalDate last = metrics.lastDataDay();
    if (asOf == null) {
      return last;
    }
    if (asOf.isAfter(last)) {
      throw new InputException(messages.get("churn.as_of_after_data", asOf, last));
    }
    return asOf;
  }

  /**
   * The reasons of the rows of one feature table as stored: for a row, the signals whose features raised the risk most,
   * strongest first, each with a message key of the messages bundle and the customer's own values as its arguments.
   * Written as JSON text directly (a scoring run writes one document per active customer), see ScoreText.
   *
   * <p>A signal's phrase follows the feature that carried most of its contribution (for an event type: its count in the
   * last window, its trend or its value), so that the text says why the risk went up, and never states anything the
   * data does not show; a signal whose value is good news (an NPS promoter, MRR up …, docs/features.md) is not listed.
   * Features are measured on the day after the as-of date, so a count of days since something is one more than the
   * days before the as-of date, which is what the phrases say.
   */
  static final class Reasons {
    private final FeatureTable table;
    private final Map<String, FeatureTable.Column> columns = new HashMap<>();
    private final List<String> features;
    private final int windowDays;
    private final int[] signalOf;
    private final String[] signals;
    private final String[] quotedSignals;
    private final List<Phraser> phrasers;
    /**
     * Per signal, whether the risk rises (1) or falls (-1) with a count signal's count (events of a type, tickets), as
     * the model weighs it across the rows being explained (see {@link #learnDirections}); 0 while unknown.
     */
    private final int[] direction;
    /** Each thread's buffers for {@link #json}: the contributions by signal and the text (rows are phrased on several). */
    private final ThreadLocal<double[]> signalSums;
    private final ThreadLocal<StringBuilder> text = ThreadLocal.withInitial(() -> new StringBuilder(256));

    /** For contributions to {@code features}, in that order, of the rows of {@code table}. */
    Reasons(FeatureTable table, List<String> features, int windowDays) {
      this.table = table;
      this.features = List.copyOf(features);
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
      direction = new int[signals.length];
      signalSums = ThreadLocal.withInitial(() -> new double[signals.length]);
      phrasers = Arrays.stream(signals).map(this::phraser).toList();
    }

    /**
     * Learns, for each count signal, which way the model's risk goes with the count: the mean contribution of the signal
     * to the rows with none against the rows with some. Where none is the safer side (payment failures, tickets in a
     * business where tickets mean trouble), "none", "stopped" and "down" are good news and not listed as reasons; where
     * some is the safer side (logins), "up" is. Saabas and SHAP values can credit a feature against its overall direction
     * through interactions with others, which would otherwise read as "no payment failures" raising the risk.
     */
    void learnDirections(int rows, ContributionOf contributions) {
      for (int k = 0; k < signals.length; k++) {
        String count = countFeature(signals[k]);
        double[] counts = count == null ? null : numbers(count);
        if (counts == null) {
          continue;
        }
        int signal = k;
        int[] own = java.util.stream.IntStream.range(0, signalOf.length).filter(f -> signalOf[f] == signal).toArray();
        double noneSum = 0;
        double someSum = 0;
        long none = 0;
        long some = 0;
        for (int row = 0; row < rows; row++) {
          double value = counts[row];
          if (Double.isNaN(value)) {
            continue;
          }
          double contribution = 0;
          for (int f : own) {
            contribution += contributions.value(row, f);
          }
          if (value == 0) {
            noneSum += contribution;
            none++;
          } else {
            someSum += contribution;
            some++;
          }
        }
        if (none > 0 && some > 0) {
          double difference = someSum / some - noneSum / none;
          direction[k] = difference > 0 ? 1 : difference < 0 ? -1 : 0;
        }
      }
    }

    /** One row's contribution of one feature (in the order of the features given to the constructor). */
    @FunctionalInterface
    interface ContributionOf {
      double value(int row, int feature);
    }

    /** The count feature of a count signal (an event type's count in the last window, tickets), else null. */
    private String countFeature(String signal) {
      if (signal.startsWith("event:")) {
        return featureName(signal.substring("event:".length())) + "_count";
      }
      return signal.equals("tickets") ? "tickets" : null;
    }

    /**
     * The reasons of {@code row} from its contributions (one per feature), at most {@code limit}, as the stored JSON
     * text (the compact form of {@link ScoreText}).
     */
    String json(int row, double[] contributions, int limit) {
      // (the loops are methods of their own: a loop in this method had it compiled anew, at length, for each new
      // phrase met while it ran)
      double[] bySignal = bySignal(contributions);
      StringBuilder text = this.text.get();
      text.setLength(0);
      text.append('[');
      Phrase[] written = new Phrase[limit];
      int count = 0;
      while (count < limit) {
        int strongest = strongest(bySignal);
        if (strongest < 0) {
          break;
        }
        double contribution = bySignal[strongest];
        bySignal[strongest] = 0;
        Phrase phrase = phrasers.get(strongest).phrase(row, driver(strongest, contributions));
        if (phrase != null && !said(phrase, written, count)) {
          ScoreText.reason(count == 0 ? text : text.append(','), quotedSignals[strongest], contribution, phrase.key(), phrase.args());
          written[count++] = phrase;
        }
      }
      return text.append(']').toString();
    }

    /** The contributions summed by signal, in this thread's buffer. */
    private double[] bySignal(double[] contributions) {
      double[] bySignal = signalSums.get();
      Arrays.fill(bySignal, 0);
      for (int f = 0; f < signalOf.length; f++) {
        bySignal[signalOf[f]] += contributions[f];
      }
      return bySignal;
    }

    /** The signal with the largest positive contribution; -1 when none is positive. */
    private static int strongest(double[] bySignal) {
      int strongest = -1;
      for (int k = 0; k < bySignal.length; k++) {
        if (bySignal[k] > 0 && (strongest < 0 || bySignal[k] > bySignal[strongest])) {
          strongest = k;
        }
      }
      return strongest;
    }

    /** Phrases that all say the customer bought nothing in the window (the orders and the average order). */
    private static final Set<String> NO_ORDERS = Set.of("reason.no_orders", "reason.no_orders_ever", "reason.order_average_none");

    /**
     * Whether one of the first {@code count} phrases says the same (MRR and its change both say "no subscription"; the
     * orders and the average order both say "no orders").
     */
    private static boolean said(Phrase phrase, Phrase[] written, int count) {
      for (int i = 0; i < count; i++) {
        if (written[i].key().equals(phrase.key()) && Arrays.equals(written[i].args(), phrase.args())
            || NO_ORDERS.contains(written[i].key()) && NO_ORDERS.contains(phrase.key())) {
          return true;
        }
      }
      return false;
    }

    /** The feature of {@code signal} with the largest contribution to the row. */
    private String driver(int signal, double[] contributions) {
      int largest = -1;
      for (int f = 0; f < contributions.length; f++) {
        if (signalOf[f] == signal && (largest < 0 || contributions[f] > contributions[largest])) {
          largest = f;
        }
      }
      return features.get(largest);
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
      return column == null ? null : column[row];
    }

    /** Days before the as-of date from a count of days before the observation date, the day after it. */
    static double daysBeforeAsOf(double days) {
      return days - 1;
    }

    /**
     * How a signal reads for people, with the customer's values and the feature that drove the signal's contribution
     * (docs/features.md lists the phrases): the signal's columns are found once, and the phrase of a row only reads them.
     */
    Phraser phraser(String signal) {
      int longWindow = 3 * windowDays;
      if (signal.startsWith("event:")) {
        return eventPhraser(signal, signal.substring("event:".length()));
      }
      return switch (signal) {
        case "activity" -> {
          double[] sinceActive = numbers("days_since_active");
          double[] activeDays = numbers("active_days");
          double[] activeTrend = numbers("active_days_trend");
          yield (row, driver) -> {
            double since = at(sinceActive, row);
            double days = at(activeDays, row);
            double trend = at(activeTrend, row);
            if (Double.isNaN(since)) {
              return new Phrase("reason.never_active");
            }
            if ((driver.equals("days_since_active") || days == 0) && daysBeforeAsOf(since) >= 1) {
              return new Phrase("reason.inactive", daysBeforeAsOf(since));
            }
            if (driver.equals("active_days_trend") && !Double.isNaN(trend)) {
              long fewer = Math.round(-trend * 100);
              if (fewer < 0) {
                return null;
              }
              if (fewer > 0) {
                return new Phrase("reason.active_days_down", days, windowDays, fewer);
              }
            }
            return new Phrase("reason.active_days", days, windowDays);
          };
        }
        case "open_tickets" -> {
          double[] openTickets = numbers("open_tickets");
          double[] oldest = numbers("oldest_open_ticket_days");
          yield (row, driver) -> {
            double open = at(openTickets, row);
            // no open ticket is good news, not a reason for risk
            return open > 0 ? new Phrase("reason.open_tickets", open, daysBeforeAsOf(at(oldest, row))) : null;
          };
        }
        case "ticket_satisfaction" -> {
          double[] poorTickets = numbers("poor_tickets");
          double[] satisfaction = numbers("ticket_satisfaction");
          yield (row, driver) -> {
            double poor = at(poorTickets, row);
            double mean = at(satisfaction, row);
            if (poor > 0) {
              return new Phrase("reason.poor_tickets", poor, longWindow);
            }
            if (Double.isNaN(mean)) {
              return new Phrase("reason.no_ratings", longWindow);
            }
            return mean >= 4 ? null : new Phrase("reason.ticket_satisfaction", Math.round(mean * 10) / 10.0);
          };
        }
        case "tickets" -> {
          double[] tickets = numbers("tickets");
          int k = Arrays.asList(signals).indexOf(signal);
          yield (row, driver) -> at(tickets, row) == 0 && direction[k] > 0 ? null : new Phrase("reason.tickets", at(tickets, row), longWindow);
        }
        case "nps" -> {
          double[] scores = numbers("nps");
          double[] days = numbers("nps_days");
          yield (row, driver) -> {
            double nps = at(scores, row);
            if (Double.isNaN(nps)) {
              return new Phrase("reason.nps_none");
            }
            if (nps >= 9) {
              return null;
            }
            return new Phrase(nps <= 6 ? "reason.nps_detractor" : "reason.nps_passive", nps, daysBeforeAsOf(at(days, row)));
          };
        }
        case "csat", "ces" -> {
          double[] scores = numbers(signal);
          String none = "reason." + signal + "_none";
          String some = "reason." + signal;
          // CSAT is 1–5: 4 and 5 are satisfied customers. CES is 1–7 with 7 = very easy (docs/data-model.md), as in
          // Gartner's CES 2.0, where 5–7 ("agree that it was easy") count as an easy experience
          double good = signal.equals("csat") ? 4 : 5;
          yield (row, driver) -> {
            double score = at(scores, row);
            return Double.isNaN(score) ? new Phrase(none) : score >= good ? null : new Phrase(some, score);
          };
        }
        case "mrr_change" -> {
          double[] changes = numbers("mrr_change");
          double[] mrr = numbers("mrr");
          yield (row, driver) -> {
            double change = at(changes, row);
            double now = at(mrr, row);
            if (Double.isNaN(now)) {
              return new Phrase("reason.mrr_none");
            }
            if (Double.isNaN(change)) {
              // no subscription ran three windows ago, so the running one began since
              return new Phrase("reason.mrr_new", now, longWindow);
            }
            if (change > 0) {
              return null;
            }
            return change == 0 ? new Phrase("reason.mrr_same", now, longWindow) : new Phrase("reason.mrr_down", -change, longWindow);
          };
        }
        case "mrr" -> {
          double[] mrr = numbers("mrr");
          yield (row, driver) -> Double.isNaN(at(mrr, row)) ? new Phrase("reason.mrr_none") : new Phrase("reason.mrr", at(mrr, row));
        }
        case "plan" -> {
          String[] plans = categories("plan");
          String[] periods = categories("billing_period");
          yield (row, driver) -> plan(at(plans, row), at(periods, row));
        }
        case "tenure" -> {
          double[] tenure = numbers("tenure_days");
          double[] customer = numbers("customer_days");
          yield (row, driver) -> {
            double days = at(tenure, row);
            double since = at(customer, row);
            if (Double.isNaN(days)) {
              return null;
            }
            // a customer who left and came back (or signed up long before the first start): the running spell's days
            // alone would read as a new customer
            return since > days + windowDays ? new Phrase("reason.tenure_again", daysBeforeAsOf(days), daysBeforeAsOf(since))
                : new Phrase("reason.tenure", daysBeforeAsOf(days));
          };
        }
        case "orders" -> {
          double[] orderCounts = numbers("orders");
          double[] sinceOrder = numbers("days_since_order");
          yield (row, driver) -> {
            double orders = at(orderCounts, row);
            double since = at(sinceOrder, row);
            if (Double.isNaN(since)) {
              return new Phrase("reason.no_orders_ever");
            }
            if (orders == 0) {
              return new Phrase("reason.no_orders", longWindow, daysBeforeAsOf(since));
            }
            return driver.equals("days_since_order") ? new Phrase("reason.last_order", daysBeforeAsOf(since))
                : new Phrase("reason.orders", orders, longWindow);
          };
        }
        case "order_average" -> {
          double[] trends = numbers("order_average_trend");
          double[] averages = numbers("order_average");
          yield (row, driver) -> {
            double average = at(averages, row);
            double trend = at(trends, row);
            if (Double.isNaN(average)) {
              return new Phrase("reason.order_average_none", longWindow);
            }
            if (driver.equals("order_average_trend") && !Double.isNaN(trend)) {
              long lower = Math.round(-trend * 100);
              if (lower < 0) {
                return null;
              }
              if (lower > 0) {
                return new Phrase("reason.order_average_down", lower);
              }
            }
            return new Phrase("reason.order_average", average);
          };
        }
        case "country", "channel" -> {
          String[] values = categories(signal);
          yield (row, driver) -> attribute(signal, at(values, row));
        }
        default -> {
          if (signal.startsWith("attribute:")) {
            String key = signal.substring("attribute:".length());
            String feature = "attr_" + attributeName(key);
            String[] values = categories(feature);
            double[] numbers = numbers(feature);
            yield (row, driver) -> attribute(key, values != null ? at(values, row) : Double.isNaN(at(numbers, row)) ? null : at(numbers, row));
          }
          yield (row, driver) -> new Phrase("reason.feature", signal);
        }
      };
    }

    /**
     * An event type's phrase. Its features are the count in the last window, the trend on the window before
     * ((now − before) / before: 0 when both are 0, missing when only the earlier is 0), the events per active day and,
     * for valued types, the sum of the values; the count of the window before is the count over (1 + trend), and
     * unknown when the count is 0.
     */
    private Phraser eventPhraser(String signal, String type) {
      String name = featureName(type);
      String countFeature = name + "_count";
      String trendFeature = name + "_trend";
      String valueFeature = name + "_value";
      String rateFeature = name + "_per_active_day";
      double[] rates = numbers(rateFeature);
      double[] counts = numbers(countFeature);
      double[] trends = numbers(trendFeature);
      double[] values = numbers(valueFeature);
      int k = Arrays.asList(signals).indexOf(signal);
      return (row, driver) -> {
        double count = at(counts, row);
        double trend = at(trends, row);
        if (Double.isNaN(count)) {
          return new Phrase("reason.feature", signal);
        }
        // good news by the way the model weighs this type's count (learnDirections): fewer of a risky kind, more of a safe one
        boolean risky = direction[k] > 0;
        if (risky && (count == 0 || driver.equals(trendFeature) && trend < 0)) {
          return null;
        }
        if (direction[k] < 0 && driver.equals(trendFeature) && trend > 0) {
          return null;
        }
        if (count == 0) {
          if (trend == -1) {
            return new Phrase("reason.event_stopped", type, windowDays);
          }
          return new Phrase("reason.event_none", type, trend == 0 ? 2 * windowDays : windowDays);
        }
        if (trends != null && Double.isNaN(trend)) {
          return new Phrase("reason.event_new", type, count, windowDays);
        }
        if (driver.equals(trendFeature)) {
          long change = Math.round(trend * 100);
          return change < 0 ? new Phrase("reason.event_down", type, -change, windowDays / 7.0)
              : change > 0 ? new Phrase("reason.event_up", type, change, windowDays / 7.0)
              : new Phrase("reason.event_steady", type, count, windowDays);
        }
        if (driver.equals(valueFeature) && !Double.isNaN(at(values, row))) {
          return new Phrase("reason.event_value", type, at(values, row), windowDays);
        }
        if (driver.equals(rateFeature) && !Double.isNaN(at(rates, row))) {
          return new Phrase("reason.event_per_active_day", type, at(rates, row), windowDays);
        }
        return new Phrase("reason.event_count", type, count, windowDays);
      };
    }

    private static Phrase plan(String plan, String period) {
      ReasonWords.Phrase phrase = ReasonWords.plan(plan, period);
      return new Phrase(phrase.key(), phrase.args().toArray());
    }

    private static Phrase attribute(String name, Object value) {
      return value == null ? new Phrase("reason.attribute_none", name) : new Phrase("reason.attribute", name, value);
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

  /** The phrase of a signal for a row, given the feature that contributed most to it; null leaves the signal out. */
  @FunctionalInterface
  interface Phraser {
    Phrase phrase(int row, String driver);
  }

  record Phrase(String key, Object... args) {}

  private static String attributeName(String key) {
    String name = key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return name.isEmpty() ? "event" : name;
  }

  /** A stored reason as people read it, in the messages' language (see {@link ReasonWords}). */
  static String text(Messages messages, com.fasterxml.jackson.databind.JsonNode reason) {
    List<Object> args = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode arg : reason.path("args")) {
      args.add(arg.isNumber() ? (Object) arg.asDouble() : arg.isNull() ? null : arg.asText());
    }
    return ReasonWords.text(messages, reason.path("signal").asText(), reason.path("message").asText(), args);
  }

  /** A signal as people read it in a table: "events: login" for event:login; an unknown signal as it is. */
  static String signal(Messages messages, String signal) {
    int colon = signal.indexOf(':');
    String key = "signal." + (colon < 0 ? signal : signal.substring(0, colon));
    if (!messages.has(key)) {
      return signal;
    }
    return colon < 0 ? messages.get(key) : messages.get(key, signal.substring(colon + 1));
  }

  /** A health band (poor, fair, good) in the messages' language. */
  static String band(Messages messages, String band) {
    return band == null || !messages.has("churn.band." + band) ? band : messages.get("churn.band." + band);
  }

  /** What a score's value is (mrr, clv) in the messages' language. */
  static String basis(Messages messages, String basis) {
    return basis == null || !messages.has("churn.basis." + basis) ? basis : messages.get("churn.basis." + basis);
  }

  /** The titles of a churn table's columns in the messages' language. */
  static List<String> titles(Messages messages, List<String> columns) {
    return columns.stream().map(column -> messages.get("churn.column." + column)).toList();
  }

  /**
   * A validation design as stored with a model ("time-ordered, 3 newest groups, gap 28", "stratified 5-fold, seed 42",
   * see Validation) in the messages' language; any other text as it is.
   */
  static String design(Messages messages, String design) {
    Matcher timeOrdered = TIME_ORDERED.matcher(design);
    if (timeOrdered.matches()) {
      return messages.get("churn.design.time_ordered", Integer.parseInt(timeOrdered.group(1)), Integer.parseInt(timeOrdered.group(2)));
    }
    Matcher stratified = STRATIFIED.matcher(design);
    if (stratified.matches()) {
      return messages.get("churn.design.stratified", Integer.parseInt(stratified.group(1)), Long.parseLong(stratified.group(2)));
    }
    return design;
  }

  private static final Pattern TIME_ORDERED = Pattern.compile("time-ordered, (\\d+) newest groups, gap (\\d+)");
  private static final Pattern STRATIFIED = Pattern.compile("stratified (\\d+)-fold, seed (-?\\d+)");

  static HoldfastConfig.Churn churn(HoldfastConfig config) {
    return config.churn();
  }
}
