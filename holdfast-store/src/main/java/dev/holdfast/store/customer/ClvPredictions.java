package dev.holdfast.store.customer;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.SqlFile;
import dev.holdfast.store.retention.RetentionMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The predicted lifetime values in a store (table {@code clv_predictions}, written by {@code holdfast clv}). */
public final class ClvPredictions {
  private static final SqlFile SQL = SqlFile.load(ClvPredictions.class, "/dev/holdfast/store/customer/clv.sql");

  /** One customer's prediction, with the plan and owner it is shown with. */
  public record Prediction(
      String customerId, LocalDate asOf, String model, double pAlive, double expectedPurchases, double expectedValue, double clv, String currency,
      int horizonMonths, double discountRate, String plan, String owner) {}

  /** The predictions in one currency: how many, as of when, by which model, and the spread of their values. */
  public record Summary(
      long customers, LocalDate asOf, String model, String currency, int horizonMonths, double total, double mean, double median, double p90,
      double p99) {}

  /** Customers whose value lies in [from, to); the last bin is open-ended ({@code to} is infinite). */
  public record Bin(double from, double to, long customers) {}

  private final Connection connection;

  public ClvPredictions(Connection connection) {
    this.connection = connection;
  }

  /** The predictions in {@code currency}, or empty when there are none. */
  public Optional<Summary> summary(String currency) {
    return summary(currency, List.of());
  }

  /** The predictions in {@code currency} of the customers that pass every segment filter, or empty when there are none. */
  public Optional<Summary> summary(String currency, List<RetentionMetrics.Segment> segments) {
    try (PreparedStatement statement = connection.prepareStatement(filtered("summary", segments))) {
      statement.setString(1, currency);
      bind(statement, 2, segments);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        long customers = rows.getLong(1);
        if (customers == 0) {
          return Optional.empty();
        }
        return Optional.of(new Summary(customers, rows.getObject(2, LocalDate.class), rows.getString(3), currency, rows.getInt(4), rows.getDouble(5),
            rows.getDouble(6), rows.getDouble(7), rows.getDouble(8), rows.getDouble(9)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot summarise the CLV predictions: " + e.getMessage(), e);
    }
  }

  /**
   * The distribution of predicted values in {@code bins} bins of equal width from 0 to the 99th percentile,
   * the top 1 % sharing the last bin so that a few large customers do not flatten the rest; empty bins included.
   */
  public List<Bin> histogram(String currency, int bins) {
    return histogram(currency, bins, List.of());
  }

  /** {@link #histogram(String, int)} of the customers that pass every segment filter. */
  public List<Bin> histogram(String currency, int bins, List<RetentionMetrics.Segment> segments) {
    if (bins < 1) {
      throw new IllegalArgumentException("a histogram has at least one bin: " + bins);
    }
    Optional<Summary> summary = summary(currency, segments);
    if (summary.isEmpty()) {
      return List.of();
    }
    double top = summary.get().p99() > 0 ? summary.get().p99() : Math.max(summary.get().mean(), 1);
    double width = top / (bins - 1 == 0 ? 1 : bins - 1);
    long[] counts = new long[bins];
    try (PreparedStatement statement = connection.prepareStatement(filtered("histogram", segments))) {
      statement.setDouble(1, width);
      statement.setInt(2, bins);
      statement.setString(3, currency);
      bind(statement, 4, segments);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counts[rows.getInt(1)] = rows.getLong(2);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot bin the CLV predictions: " + e.getMessage(), e);
    }
    List<Bin> histogram = new ArrayList<>(bins);
    for (int bin = 0; bin < bins; bin++) {
      histogram.add(new Bin(bin * width, bin == bins - 1 ? Double.POSITIVE_INFINITY : (bin + 1) * width, counts[bin]));
    }
    return histogram;
  }

  /** The {@code limit} customers with the largest predicted value in {@code currency}. */
  public List<Prediction> top(String currency, int limit) {
    return top(currency, limit, List.of());
  }

  /** {@link #top(String, int)} among the customers that pass every segment filter. */
  public List<Prediction> top(String currency, int limit, List<RetentionMetrics.Segment> segments) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    List<Prediction> top = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(filtered("top", segments))) {
      statement.setString(1, currency);
      int next = bind(statement, 2, segments);
      statement.setInt(next, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          top.add(prediction(rows));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the most valuable customers: " + e.getMessage(), e);
    }
    return top;
  }

  /** The customer's prediction, or empty when there is none. */
  public Optional<Prediction> of(String customerId) {
    try (PreparedStatement statement = connection.prepareStatement(SQL.get("one"))) {
      statement.setString(1, customerId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(prediction(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the CLV prediction of customer " + customerId + ": " + e.getMessage(), e);
    }
  }

  /** Whether any customer has a completed order in {@code currency}: without one, {@code holdfast clv} has nothing to fit. */
  public boolean hasBuyers(String currency) {
    try (PreparedStatement statement = connection.prepareStatement(SQL.get("has_buyers"))) {
      statement.setString(1, currency);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot look for completed orders in " + currency + ": " + e.getMessage(), e);
    }
  }

  /** The named query with one attribute_filter per segment filter. */
  private static String filtered(String name, List<RetentionMetrics.Segment> segments) {
    return SQL.get(name).replace("/*filters*/", String.join(" ", Collections.nCopies(segments.size(), SQL.get("attribute_filter"))));
  }

  /** Binds the filters' three parameters each from {@code first}; returns the next parameter's number. */
  private static int bind(PreparedStatement statement, int first, List<RetentionMetrics.Segment> segments) throws SQLException {
    int next = first;
    for (RetentionMetrics.Segment segment : segments) {
      statement.setString(next++, segment.attribute());
      // a key of the free-form attributes as a JSON path; quoted so that any key is one step
      statement.setString(next++, "$.\"" + segment.attribute().replace("\"", "") + "\"");
      statement.setString(next++, segment.value());
    }
    return next;
  }

  private static Prediction prediction(ResultSet rows) throws SQLException {
    return new Prediction(rows.getString(1), rows.getObject(2, LocalDate.class), rows.getString(3), rows.getDouble(4), rows.getDouble(5),
        rows.getDouble(6), rows.getDouble(7), rows.getString(8), rows.getInt(9), rows.getDouble(10), rows.getString(11), rows.getString(12));
  }
}
