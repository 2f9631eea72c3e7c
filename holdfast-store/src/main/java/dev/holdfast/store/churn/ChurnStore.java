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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;
import org.duckdb.DuckDBWritableVector;

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

  /** The columns of churn_scores that a scoring run writes row by row (the day, model and time are the same on every row). */
  private static final String WRITTEN = "customer_id, probability, health, health_band, value, value_basis, revenue_at_risk, reasons,"
      + " health_components, reasons_exact, plan";

  /** Numbers the table functions that hand scores to the database, each registered under a name of its own. */
  private static final AtomicLong FUNCTIONS = new AtomicLong();

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
   * ones inserted in one transaction, together with the day's health scorecard ({@link ScoreText.HealthWriter#signals},
   * by which the scores' health parts were written). Every score must be of that day and of the first score's model.
   */
  public void replaceScores(LocalDate asOf, String healthSignals, List<Score> scores, Instant scoredAt) {
    replaceScores(asOf, scores.isEmpty() ? "" : scores.get(0).modelId(), healthSignals, scores.size(), scores::get, scoredAt);
  }

  /**
   * The same for {@code count} scores made by {@code score} from their number: it is called once for each of 0 … count −
   * 1, in any order and on several threads at once (the database's own), so it must be safe for that; each score must
   * be of {@code asOf} and of model {@code modelId}. A failure of {@code score} is thrown as it was thrown, after the
   * day's old scores were put back.
   */
  public void replaceScores(LocalDate asOf, String modelId, String healthSignals, int count, IntFunction<Score> score, Instant scoredAt) {
    DuckDBConnection connection = store.connection();
    long micros = scoredAt.getEpochSecond() * 1_000_000L + scoredAt.getNano() / 1_000;
    ScoreSource source = new ScoreSource(asOf, modelId, count, score);
    try {
      // one transaction: the day's old rows deleted and the new ones inserted, so a failure or a killed process leaves
      // the old rows
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
      if (count > 0) {
        insert(connection, source, asOf, modelId, micros);
      }
      RetentionMetrics.trace("scores inserted");
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(connection);
      RuntimeException failed = source.failure.get();
      if (failed != null) {
        throw failed;
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StoreException("cannot save churn scores of " + asOf + ": " + e.getMessage(), e);
    } finally {
      autoCommit(connection);
      try (var statement = connection.createStatement()) {
        statement.execute("RESET preserve_insertion_order");
      } catch (SQLException ignored) {
        // a broken connection reports itself on next use
      }
    }
  }

  /**
   * One INSERT that reads the scores from a table function in Java ({@link ScoreSource}) on all of the database's
   * threads: each makes a chunk of scores (their reasons and health parts phrased there) and writes it into the table's
   * compressed row groups. An appender does the same on one thread, and flushes every 2,048 rows into the table
   * (docs/benchmarks.md). The rows land in no particular order, which every reader of churn_scores sets itself.
   */
  private static void insert(DuckDBConnection connection, ScoreSource source, LocalDate asOf, String modelId, long micros) throws SQLException {
    String function = "holdfast_scores_" + FUNCTIONS.incrementAndGet();
    DuckDBFunctions.tableFunction().withName(function).withFunction(source).register(connection);
    try (var statement = connection.createStatement();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO churn_scores (" + WRITTEN + ", as_of, model_id, scored_at)"
            + " SELECT " + WRITTEN + ", CAST(? AS DATE), CAST(? AS VARCHAR), make_timestamp(CAST(? AS BIGINT)) AT TIME ZONE 'UTC' FROM "
            + function + "()")) {
      insert.setObject(1, asOf);
      insert.setString(2, modelId);
      insert.setLong(3, micros);
      // set again by replaceScores once the transaction is over (a failed statement leaves it open to a rollback only)
      statement.execute("SET preserve_insertion_order = false");
      long inserted;
      try {
        inserted = insert.executeUpdate();
      } finally {
        source.close();
      }
      // the rows the source made are all there, once each: a last check of what the database did with them
      try (PreparedStatement check = connection.prepareStatement("SELECT count(*) FROM churn_scores WHERE as_of = ?")) {
        check.setObject(1, asOf);
        try (ResultSet rows = check.executeQuery()) {
          rows.next();
          if (inserted != source.count || rows.getLong(1) != source.count || source.made.get() != source.count) {
            throw new StoreException("churn scores of " + asOf + ": " + source.count + " made, " + source.made.get() + " handed over, "
                + inserted + " inserted, " + rows.getLong(1) + " found; nothing was saved", null);
          }
        }
      }
    }
  }

  /**
   * The table function that hands the scores to the INSERT: each call takes the next chunk of row numbers and writes
   * those scores into the chunk the database gives it. A score of another day or model, or any failure of the scores'
   * function, stops the INSERT and is kept to be thrown as it was.
   */
  private static final class ScoreSource implements DuckDBTableFunction<Object, Object, Object> {
    private final LocalDate asOf;
    private final String modelId;
    private final int count;
    private volatile IntFunction<Score> score;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong made = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    ScoreSource(LocalDate asOf, String modelId, int count, IntFunction<Score> score) {
      this.asOf = asOf;
      this.modelId = modelId;
      this.count = count;
      this.score = score;
    }

    /** Lets go of the scores' function (the registered function stays in the database's catalog until it closes). */
    void close() {
      score = null;
    }

    @Override
    public Object bind(DuckDBTableFunctionBindInfo info) {
      info.addResultColumn("customer_id", DuckDBColumnType.VARCHAR).addResultColumn("probability", DuckDBColumnType.DOUBLE)
          .addResultColumn("health", DuckDBColumnType.DOUBLE).addResultColumn("health_band", DuckDBColumnType.VARCHAR)
          .addResultColumn("value", DuckDBColumnType.DOUBLE).addResultColumn("value_basis", DuckDBColumnType.VARCHAR)
          .addResultColumn("revenue_at_risk", DuckDBColumnType.DOUBLE).addResultColumn("reasons", DuckDBColumnType.VARCHAR)
          .addResultColumn("health_components", DuckDBColumnType.VARCHAR).addResultColumn("reasons_exact", DuckDBColumnType.BOOLEAN)
          .addResultColumn("plan", DuckDBColumnType.VARCHAR);
      info.setCardinality(count, true);
      return Boolean.TRUE;
    }

    @Override
    public Object init(DuckDBTableFunctionInitInfo info) {
      info.setMaxThreads(Math.max(1, (count + 2_047) / 2_048));
      return Boolean.TRUE;
    }

    @Override
    public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
      try {
        return write(out);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        throw e;
      }
    }

    private long write(DuckDBDataChunkWriter out) {
      IntFunction<Score> make = score;
      int room = (int) out.capacity();
      int first = next.getAndAdd(room);
      if (first >= count || make == null || failure.get() != null) {
        return 0;
      }
      int rows = Math.min(room, count - first);
      String[] ids = new String[rows];
      String[] bands = new String[rows];
      String[] bases = new String[rows];
      String[] reasons = new String[rows];
      String[] parts = new String[rows];
      String[] plans = new String[rows];
      DuckDBWritableVector probability = out.vector(1);
      DuckDBWritableVector health = out.vector(2);
      DuckDBWritableVector value = out.vector(4);
      DuckDBWritableVector atRisk = out.vector(6);
      DuckDBWritableVector exact = out.vector(9);
      for (int r = 0; r < rows; r++) {
        Score s = make.apply(first + r);
        if (!s.asOf().equals(asOf)) {
          throw new IllegalArgumentException("a score of " + s.asOf() + " among the scores of " + asOf);
        }
        if (!s.modelId().equals(modelId)) {
          throw new IllegalArgumentException("a score of model " + s.modelId() + " among the scores of model " + modelId);
        }
        ids[r] = s.customerId();
        probability.setDouble(r, s.probability());
        health.setDouble(r, s.health());
        bands[r] = s.healthBand();
        nullable(value, r, s.value());
        bases[r] = s.valueBasis();
        nullable(atRisk, r, s.revenueAtRisk());
        reasons[r] = s.reasons();
        parts[r] = s.healthParts();
        exact.setBoolean(r, s.exact());
        plans[r] = s.plan();
      }
      // each column's texts in one call into the database rather than one call each
      out.vector(0).setStrings(0, ids);
      out.vector(3).setStrings(0, bands);
      out.vector(5).setStrings(0, bases);
      out.vector(7).setStrings(0, reasons);
      out.vector(8).setStrings(0, parts);
      out.vector(10).setStrings(0, plans);
      made.addAndGet(rows);
      return rows;
    }

    private static void nullable(DuckDBWritableVector vector, int row, double value) {
      if (Double.isNaN(value)) {
        vector.setNull(row);
      } else {
        vector.setDouble(row, value);
      }
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
