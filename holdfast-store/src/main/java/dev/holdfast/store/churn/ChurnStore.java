package dev.holdfast.store.churn;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.retention.RetentionMetrics;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Trained churn models ({@code churn_models}) and the scores they give ({@code churn_scores}): saving a model makes
 * it the chosen one; scoring a day replaces that day's scores as one transaction, so the at-risk list is never half
 * written and earlier days stay as the customers' risk history.
 */
public final class ChurnStore {
  /** A stored model without its artifact. */
  public record Model(String id, String kind, Instant createdAt, boolean chosen, String provenance, String evaluation) {}

  /**
   * One customer's score on one day. Written: reasons and health parts in the compact form of {@link ScoreText}, with
   * {@code exact} telling whether the reasons are exact SHAP values; read: both in the earlier form that
   * {@link ScoreText#reasons} and {@link ScoreText#healthParts} give. {@code plan} is the plan the features saw (null
   * for a customer without a subscription then, and for rows scored before schema version 6).
   */
  public record Score(String customerId, LocalDate asOf, String modelId, double probability, double health, String healthBand, double value,
      String valueBasis, double revenueAtRisk, boolean exact, String reasons, String healthParts, String plan) {}

  /** An at-risk row: a score with the customer's owner and plan. */
  public record AtRisk(Score score, String owner, String plan) {}

  /** The columns of churn_scores that a scoring run appends row by row (the day, model and time are the same on every row). */
  private static final String APPENDED = "customer_id, probability, health, health_band, value, value_basis, revenue_at_risk, reasons,"
      + " health_components, reasons_exact, plan";

  private final DuckDbStore store;

  public ChurnStore(DuckDbStore store) {
    this.store = store;
  }

  /** Saves a model; one saved as chosen ({@link Model#chosen()}) replaces the chosen one, any other is only kept. */
  public void saveModel(Model model, byte[] artifact) {
    DuckDBConnection connection = store.connection();
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement unchoose = connection.prepareStatement("UPDATE churn_models SET chosen = false WHERE chosen AND ?");
          PreparedStatement insert = connection.prepareStatement("INSERT INTO churn_models VALUES (?, ?, ?, " + model.chosen() + ", ?, ?, ?)")) {
        unchoose.setBoolean(1, model.chosen());
        unchoose.execute();
        insert.setString(1, model.id());
        insert.setString(2, model.kind());
        insert.setObject(3, OffsetDateTime.ofInstant(model.createdAt(), java.time.ZoneOffset.UTC));
        insert.setString(4, model.provenance());
        insert.setString(5, model.evaluation());
        insert.setBytes(6, artifact);
        insert.execute();
      }
      connection.commit();
    } catch (SQLException e) {
      rollback(connection);
      throw new StoreException("cannot save churn model " + model.id() + ": " + e.getMessage(), e);
    } finally {
      autoCommit(connection);
    }
  }

  /** Every stored model, newest first. */
  public List<Model> models() {
    List<Model> models = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(
        "SELECT id, kind, created_at, chosen, CAST(provenance AS VARCHAR), CAST(evaluation AS VARCHAR) FROM churn_models ORDER BY created_at DESC, id");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        models.add(new Model(rows.getString(1), rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getBoolean(4),
            rows.getString(5), rows.getString(6)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read churn models: " + e.getMessage(), e);
    }
    return models;
  }

  /** The chosen model, or the one named by {@code id}. */
  public Optional<Model> model(String id) {
    return models().stream().filter(m -> id == null ? m.chosen() : m.id().equals(id)).findFirst();
  }

  public byte[] artifact(String id) {
    try (PreparedStatement query = store.connection().prepareStatement("SELECT artifact FROM churn_models WHERE id = ?")) {
      query.setString(1, id);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new InputException("no churn model " + id);
        }
        return rows.getBytes(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read churn model " + id + ": " + e.getMessage(), e);
    }
  }

  /** Makes {@code id} the chosen model; false when there is no such model. */
  public boolean choose(String id) {
    DuckDBConnection connection = store.connection();
    try {
      connection.setAutoCommit(false);
      int updated;
      try (PreparedStatement choose = connection.prepareStatement("UPDATE churn_models SET chosen = (id = ?)")) {
        choose.setString(1, id);
        choose.execute();
      }
      try (PreparedStatement check = connection.prepareStatement("SELECT count(*) FROM churn_models WHERE chosen")) {
        try (ResultSet rows = check.executeQuery()) {
          rows.next();
          updated = rows.getInt(1);
        }
      }
      if (updated == 0) {
        connection.rollback();
        return false;
      }
      connection.commit();
      return true;
    } catch (SQLException e) {
      rollback(connection);
      throw new StoreException("cannot choose churn model " + id + ": " + e.getMessage(), e);
    } finally {
      autoCommit(connection);
    }
  }

  /**
   * Replaces the scores of {@code asOf} with {@code scores}, all at once: the day's old rows are deleted and the new
   * ones appended in one transaction, together with the day's health scorecard ({@link ScoreText.HealthWriter#signals},
   * by which the scores' health parts were written).
   */
  public void replaceScores(LocalDate asOf, String healthSignals, Iterable<Score> scores, Instant scoredAt) {
    DuckDBConnection connection = store.connection();
    long micros = scoredAt.getEpochSecond() * 1_000_000L + scoredAt.getNano() / 1_000;
    try {
      // one transaction: the day's old rows deleted and the new ones appended, so a failure or a killed process leaves
      // the old rows. The appender fills a temporary table (in memory) and one INSERT copies it into churn_scores: the
      // appender runs on one processor, and writing its rows straight into the file's compressed row groups took it
      // twice as long as the temporary table, while the INSERT compresses on all of them (docs/benchmarks.md)
      connection.setAutoCommit(false);
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM churn_scores WHERE as_of = ?");
          PreparedStatement deleteDay = connection.prepareStatement("DELETE FROM churn_score_days WHERE as_of = ?");
          PreparedStatement day = connection.prepareStatement("INSERT INTO churn_score_days (as_of, health_signals) VALUES (?, ?)")) {
        delete.setObject(1, asOf);
        delete.execute();
        deleteDay.setObject(1, asOf);
        deleteDay.execute();
        day.setObject(1, asOf);
        day.setString(2, healthSignals);
        day.execute();
      }
      RetentionMetrics.trace("old scores of the day deleted");
      // what is the same on every row (the day, the model, the time) is not appended but given once to the INSERT
      try (var statement = connection.createStatement()) {
        statement.execute("CREATE OR REPLACE TEMP TABLE churn_scores_new AS SELECT " + APPENDED + " FROM churn_scores WITH NO DATA");
      }
      String modelId = null;
      try (DuckDBAppender appender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "churn_scores_new")) {
        for (Score s : scores) {
          if (!s.asOf().equals(asOf)) {
            throw new IllegalArgumentException("a score of " + s.asOf() + " among the scores of " + asOf);
          }
          if (modelId == null) {
            modelId = s.modelId();
          } else if (!modelId.equals(s.modelId())) {
            throw new IllegalArgumentException("a score of model " + s.modelId() + " among the scores of model " + modelId);
          }
          appender.beginRow();
          appender.append(s.customerId());
          appender.append(s.probability());
          appender.append(s.health());
          appender.append(s.healthBand());
          nullable(appender, s.value());
          appender.append(s.valueBasis());
          nullable(appender, s.revenueAtRisk());
          appender.append(s.reasons());
          appender.append(s.healthParts());
          appender.append(s.exact());
          appender.append(s.plan());
          appender.endRow();
        }
      }
      RetentionMetrics.trace("scores appended");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO churn_scores (" + APPENDED + ", as_of, model_id, scored_at)"
          + " SELECT " + APPENDED + ", CAST(? AS DATE), CAST(? AS VARCHAR), make_timestamp(CAST(? AS BIGINT)) AT TIME ZONE 'UTC' FROM temp.churn_scores_new");
          var statement = connection.createStatement()) {
        insert.setObject(1, asOf);
        insert.setString(2, modelId);
        insert.setLong(3, micros);
        insert.execute();
        statement.execute("DROP TABLE temp.churn_scores_new");
      }
      RetentionMetrics.trace("scores inserted");
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(connection);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StoreException("cannot save churn scores of " + asOf + ": " + e.getMessage(), e);
    } finally {
      autoCommit(connection);
    }
  }

  private static void nullable(DuckDBAppender appender, double value) throws SQLException {
    if (Double.isNaN(value)) {
      appender.appendNull();
    } else {
      appender.append(value);
    }
  }

  /** The latest scoring day, if any. */
  public Optional<LocalDate> latestDay() {
    try (PreparedStatement query = store.connection().prepareStatement("SELECT max(as_of) FROM churn_scores"); ResultSet rows = query.executeQuery()) {
      rows.next();
      return Optional.ofNullable(rows.getObject(1, LocalDate.class));
    } catch (SQLException e) {
      throw new StoreException("cannot read churn scores: " + e.getMessage(), e);
    }
  }

  /** Whether the store holds a customer with this id (scored or not). */
  public boolean hasCustomer(String customerId) {
    try (PreparedStatement query = store.connection().prepareStatement("SELECT count(*) FROM customers WHERE id = ?")) {
      query.setString(1, customerId);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read customers: " + e.getMessage(), e);
    }
  }

  /**
   * The plan the score's features saw (that of the largest subscription in the reporting currency running on the scoring
   * day), else the customer's own; the dashboard's list takes the same (scores.sql).
   */
  private static final String PLAN = "coalesce(s.plan, c.plan)";

  /**
   * The customers of the latest scoring day, highest revenue at risk first (then probability), at most {@code limit},
   * matching every filter {@code attribute = value} (a customers column such as country, channel, owner, or a key of
   * the free-form attributes; {@code plan} is the plan of the subscription running on the scoring day, the one the
   * features saw, else the customer's plan).
   */
  public List<AtRisk> atRisk(int limit, List<Map.Entry<String, String>> filters, String order) {
    String sort = switch (order) {
      case "probability" -> "s.probability DESC, s.revenue_at_risk DESC NULLS LAST";
      case "health" -> "s.health ASC NULLS LAST, s.probability DESC";
      default -> "s.revenue_at_risk DESC NULLS LAST, s.probability DESC";
    };
    StringBuilder filter = new StringBuilder();
    for (Map.Entry<String, String> condition : filters) {
      filter.append(switch (condition.getKey()) {
        case "plan" -> " AND " + PLAN + " = ?";
        case "country", "channel", "owner" -> " AND c." + condition.getKey() + " = ?";
        default -> " AND json_extract_string(c.attributes, ?) = ?";
      });
    }
    String sql = "SELECT s.customer_id, s.as_of, s.model_id, s.probability, s.health, s.health_band, s.value, s.value_basis, s.revenue_at_risk,"
        + " CAST(s.reasons AS VARCHAR), CAST(s.health_components AS VARCHAR), coalesce(s.reasons_exact, FALSE), s.plan, d.health_signals, c.owner, " + PLAN
        + " FROM churn_scores s JOIN customers c ON c.id = s.customer_id LEFT JOIN churn_score_days d ON d.as_of = s.as_of"
        + " WHERE s.as_of = (SELECT max(as_of) FROM churn_scores)" + filter
        + " ORDER BY " + sort + ", s.customer_id LIMIT ?";
    List<AtRisk> list = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(sql)) {
      int p = 1;
      for (Map.Entry<String, String> condition : filters) {
        if (!List.of("plan", "country", "channel", "owner").contains(condition.getKey())) {
          query.setString(p++, "$.\"" + condition.getKey().replace("\"", "") + "\"");
        }
        query.setString(p++, condition.getValue());
      }
      query.setInt(p, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          list.add(new AtRisk(score(rows), rows.getString(15), rows.getString(16)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the at-risk list: " + e.getMessage(), e);
    }
    return list;
  }

  /** A customer's scores, newest first (the risk and health history). */
  public List<Score> history(String customerId) {
    List<Score> scores = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(
        "SELECT s.customer_id, s.as_of, s.model_id, s.probability, s.health, s.health_band, s.value, s.value_basis, s.revenue_at_risk,"
            + " CAST(s.reasons AS VARCHAR), CAST(s.health_components AS VARCHAR), coalesce(s.reasons_exact, FALSE), s.plan, d.health_signals"
            + " FROM churn_scores s LEFT JOIN churn_score_days d ON d.as_of = s.as_of WHERE s.customer_id = ? ORDER BY s.as_of DESC")) {
      query.setString(1, customerId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          scores.add(score(rows));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the scores of " + customerId + ": " + e.getMessage(), e);
    }
    return scores;
  }

  /** Customers per health band on the latest scoring day, with their revenue at risk. */
  public List<Object[]> bands() {
    List<Object[]> bands = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(
        "SELECT health_band, count(*), avg(probability), coalesce(sum(revenue_at_risk), 0) FROM churn_scores"
            + " WHERE as_of = (SELECT max(as_of) FROM churn_scores) GROUP BY 1"
            + " ORDER BY CASE health_band WHEN 'poor' THEN 0 WHEN 'fair' THEN 1 WHEN 'good' THEN 2 ELSE 3 END");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        bands.add(new Object[] {rows.getString(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4)});
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read health bands: " + e.getMessage(), e);
    }
    return bands;
  }

  private static Score score(ResultSet rows) throws SQLException {
    double value = rows.getDouble(7);
    boolean noValue = rows.wasNull();
    double atRisk = rows.getDouble(9);
    boolean noRisk = rows.wasNull();
    return new Score(rows.getString(1), rows.getObject(2, LocalDate.class), rows.getString(3), rows.getDouble(4), rows.getDouble(5), rows.getString(6),
        noValue ? Double.NaN : value, rows.getString(8), noRisk ? Double.NaN : atRisk, rows.getBoolean(12),
        ScoreText.reasons(rows.getString(10), rows.getBoolean(12)), ScoreText.healthParts(rows.getString(11), rows.getString(14)), rows.getString(13));
  }

  private static void rollback(DuckDBConnection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure matters more; DuckDB discards an unfinished transaction anyway
    }
  }

  private static void autoCommit(DuckDBConnection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a broken connection reports itself on next use
    }
  }
}
