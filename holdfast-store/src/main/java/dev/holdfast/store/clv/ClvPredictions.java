package dev.holdfast.store.clv;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.DuckDbStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The predicted lifetime value of each customer, kept in {@code clv_predictions} so that the at-risk list can
 * weigh churn risk by value. Each model family replaces its own rows as one transaction: transactional
 * customers' values ({@code holdfast clv}) and subscribers' ({@code holdfast retention-forecast --save}) live
 * side by side, and a failed write leaves the previous predictions whole.
 */
public final class ClvPredictions {
  /** One customer's prediction. {@code expectedValue} is per purchase (or per period's payment for subscribers). */
  public record Prediction(String customerId, LocalDate asOf, String model, double probabilityAlive, double expectedPurchases,
      double expectedValue, double clv, String currency, int horizonMonths, double discountRate) {}

  private final DuckDbStore store;

  public ClvPredictions(DuckDbStore store) {
    this.store = store;
  }

  /** Replaces every prediction made by one of {@code models} with {@code predictions}, all at once. */
  public void replace(Set<String> models, List<Prediction> predictions, Instant computedAt) {
    DuckDBConnection connection = store.connection();
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM clv_predictions WHERE model = ?")) {
        for (String model : models) {
          delete.setString(1, model);
          delete.execute();
        }
      }
      long micros = computedAt.getEpochSecond() * 1_000_000L + computedAt.getNano() / 1_000;
      try (DuckDBAppender appender = connection.createAppender("clv_predictions")) {
        for (Prediction p : predictions) {
          if (!models.contains(p.model())) {
            throw new IllegalArgumentException("prediction of " + p.customerId() + " is by " + p.model() + ", not one of " + models);
          }
          appender.beginRow();
          appender.append(p.customerId());
          appender.append(p.asOf());
          appender.append(p.model());
          appender.append(p.probabilityAlive());
          appender.append(p.expectedPurchases());
          appender.append(p.expectedValue());
          appender.append(p.clv());
          appender.append(p.currency());
          appender.append(p.horizonMonths());
          appender.append(p.discountRate());
          appender.appendEpochMicros(micros);
          appender.endRow();
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the original failure matters more; DuckDB discards an unfinished transaction anyway
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StoreException("cannot save CLV predictions in " + store.file() + ": " + e.getMessage(), e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // a broken connection reports itself on next use
      }
    }
  }

  /**
   * The model families of repeat purchases ({@code holdfast clv}), whose CLV weighs a transactional customer's churn risk;
   * {@code sbg+mrr} values subscribers, whose risk is weighed by their MRR.
   */
  public static final Set<String> PURCHASE_MODELS = Set.of("bg-nbd+gamma-gamma", "pareto-nbd+gamma-gamma");

  /**
   * Every customer's stored CLV from a repeat-purchase model ({@link #PURCHASE_MODELS}) in {@code currency}, by customer
   * id; values in other currencies cannot be added to the reporting currency's revenue at risk and are left out. Where
   * both purchase models hold a value for a customer (stores written by different runs), the latest computed one is
   * taken, and of equally recent ones the first model by name.
   */
  public java.util.Map<String, Double> values(String currency) {
    java.util.Map<String, Double> values = new java.util.HashMap<>();
    try (PreparedStatement query = store.connection().prepareStatement(
        "SELECT customer_id, clv FROM clv_predictions WHERE currency = ? AND model IN (?, ?)"
            + " QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY computed_at DESC, model) = 1")) {
      query.setString(1, currency);
      List<String> models = PURCHASE_MODELS.stream().sorted().toList();
      query.setString(2, models.get(0));
      query.setString(3, models.get(1));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          values.put(rows.getString(1), rows.getDouble(2));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read CLV predictions: " + e.getMessage(), e);
    }
    return values;
  }

  /** The stored predictions, highest CLV first; at most {@code limit}. */
  public List<Prediction> top(int limit) {
    List<Prediction> predictions = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(
        "SELECT customer_id, as_of, model, p_alive, expected_purchases, expected_value, clv, currency, horizon_months, discount_rate"
            + " FROM clv_predictions ORDER BY clv DESC, customer_id LIMIT ?")) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          predictions.add(new Prediction(rows.getString(1), rows.getObject(2, LocalDate.class), rows.getString(3), rows.getDouble(4),
              rows.getDouble(5), rows.getDouble(6), rows.getDouble(7), rows.getString(8), rows.getInt(9), rows.getDouble(10)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read CLV predictions: " + e.getMessage(), e);
    }
    return predictions;
  }
}
