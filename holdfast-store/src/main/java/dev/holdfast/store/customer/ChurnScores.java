package dev.holdfast.store.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.SqlFile;
import dev.holdfast.store.churn.ScoreText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The churn scores and models in a store (tables {@code churn_scores} and {@code churn_models}): the at-risk
 * list of the latest scoring day, a customer's risk and health history, and the model in use with its
 * evaluation.
 */
public final class ChurnScores {
  private static final SqlFile SQL = SqlFile.load(ChurnScores.class, "/dev/holdfast/store/customer/scores.sql");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> COLUMNS = Set.of("plan", "country", "channel", "owner");

  /**
   * Why a customer's risk is what it is: the signal, its contribution to the score, and a message key of the
   * ml or app bundles with its arguments.
   */
  public record Reason(String signal, double contribution, String message, List<Object> args) {
    public Reason {
      args = args == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(args));
    }
  }

  /**
   * One part of the health score: the signal's value and the points it earned of its maximum, both null where the
   * customer has no value (the part is not counted).
   */
  public record HealthComponent(String signal, Double value, Double points, double maxPoints) {}

  /** A customer's risk and health on one scoring day. */
  public record Score(
      String customerId, LocalDate asOf, String modelId, double probability, double health, String healthBand, Double value, String valueBasis,
      Double revenueAtRisk, List<Reason> reasons, List<HealthComponent> healthComponents) {
    public Score {
      reasons = List.copyOf(reasons);
      healthComponents = List.copyOf(healthComponents);
    }
  }

  /** A scored customer of the at-risk list with the attributes it is shown with. */
  public record AtRisk(Score score, String plan, String country, String owner) {}

  /** What the at-risk list is ordered by. */
  public enum Order {
    REVENUE_AT_RISK,
    PROBABILITY,
    HEALTH;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Customers whose attribute (a column such as plan or owner, or a free-form attribute) equals the value. */
  public record Filter(String attribute, String value) {
    public Filter {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A page of the at-risk list: the customers matching every filter, in order. */
  public record Query(List<Filter> filters, Order order, boolean descending, int limit, int offset) {
    public Query {
      filters = List.copyOf(filters);
      Objects.requireNonNull(order, "order");
      if (limit < 1) {
        throw new IllegalArgumentException("a page holds at least one customer: limit " + limit);
      }
      if (offset < 0) {
        throw new IllegalArgumentException("offset cannot be negative: " + offset);
      }
    }
  }

  /**
   * A page of the list scored on {@code asOf}, with how many customers match the filters, their revenue at
   * risk and how many are in each health band.
   */
  public record Page(LocalDate asOf, String modelId, long customers, double revenueAtRisk, long poor, long fair, long good, List<AtRisk> rows) {
    public Page {
      rows = List.copyOf(rows);
    }
  }

  /** A trained model: where it came from and how well it did, both as the JSON documents the trainer wrote. */
  public record Model(String id, String kind, Instant createdAt, boolean chosen, String provenance, String evaluation) {}

  private final Connection connection;

  public ChurnScores(Connection connection) {
    this.connection = connection;
  }

  /** The latest scoring day, or empty before the first {@code holdfast score}. */
  public Optional<LocalDate> latestDay() {
    try (PreparedStatement statement = connection.prepareStatement(SQL.get("latest_day")); ResultSet rows = statement.executeQuery()) {
      rows.next();
      return Optional.ofNullable(rows.getObject(1, LocalDate.class));
    } catch (SQLException e) {
      throw new StoreException("cannot find the latest scoring day: " + e.getMessage(), e);
    }
  }

  /** A page of the at-risk list of the latest scoring day, or empty when nothing has been scored. */
  public Optional<Page> atRisk(Query query) {
    Optional<LocalDate> day = latestDay();
    if (day.isEmpty()) {
      return Optional.empty();
    }
    String filters = String.join(" ", java.util.Collections.nCopies(query.filters().size(), SQL.get("attribute_filter")));
    try {
      long customers;
      double revenueAtRisk;
      long poor;
      long fair;
      long good;
      String modelId;
      try (PreparedStatement statement = connection.prepareStatement(SQL.get("at_risk_totals").replace("/*filters*/", filters))) {
        bindFilters(statement, day.get(), query.filters());
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          customers = rows.getLong(1);
          revenueAtRisk = rows.getDouble(2);
          poor = rows.getLong(3);
          fair = rows.getLong(4);
          good = rows.getLong(5);
          modelId = rows.getString(6);
        }
      }
      List<AtRisk> list = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(SQL.get("at_risk").replace("/*filters*/", filters))) {
        int next = bindFilters(statement, day.get(), query.filters());
        statement.setString(next++, query.order().code());
        statement.setInt(next++, query.descending() ? 1 : -1);
        statement.setInt(next++, query.limit());
        statement.setInt(next, query.offset());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            list.add(new AtRisk(score(rows, 15), rows.getString(12), rows.getString(13), rows.getString(14)));
          }
        }
      }
      return Optional.of(new Page(day.get(), modelId, customers, revenueAtRisk, poor, fair, good, list));
    } catch (SQLException e) {
      throw new StoreException("cannot read the at-risk list: " + e.getMessage(), e);
    }
  }

  /** Every score of the customer, oldest first (empty when never scored). */
  public List<Score> history(String customerId) {
    List<Score> scores = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(SQL.get("history"))) {
      statement.setString(1, customerId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          scores.add(score(rows, 12));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the scores of customer " + customerId + ": " + e.getMessage(), e);
    }
    return scores;
  }

  /** The model {@code holdfast score} uses (the chosen one, or else the newest), or empty before the first {@code holdfast train}. */
  public Optional<Model> currentModel() {
    try (PreparedStatement statement = connection.prepareStatement(SQL.get("current_model")); ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(new Model(rows.getString(1), rows.getString(2), Customers.instant(rows, 3), rows.getBoolean(4), rows.getString(5),
          rows.getString(6)));
    } catch (SQLException e) {
      throw new StoreException("cannot read the churn model: " + e.getMessage(), e);
    }
  }

  private static int bindFilters(PreparedStatement statement, LocalDate day, List<Filter> filters) throws SQLException {
    int next = 1;
    statement.setObject(next++, day);
    for (Filter filter : filters) {
      statement.setString(next++, filter.attribute());
      // a key of the free-form attributes as a JSON path; quoted so that any key is one step
      statement.setString(next++, COLUMNS.contains(filter.attribute()) ? "$" : "$.\"" + filter.attribute().replace("\"", "") + "\"");
      statement.setString(next++, filter.value());
    }
    return next;
  }

  /**
   * A score from the columns of at_risk or history, with whether its reasons are exact in column {@code exactColumn} and
   * the day's health signals in the next.
   */
  private static Score score(ResultSet rows, int exactColumn) throws SQLException {
    String customerId = rows.getString(1);
    boolean exact = rows.getBoolean(exactColumn);
    return new Score(customerId, rows.getObject(2, LocalDate.class), rows.getString(3), rows.getDouble(4), rows.getDouble(5), rows.getString(6),
        nullableDouble(rows, 7), rows.getString(8), nullableDouble(rows, 9), reasons(customerId, ScoreText.reasons(rows.getString(10), exact)),
        components(customerId, ScoreText.healthParts(rows.getString(11), rows.getString(exactColumn + 1))));
  }

  private static Double nullableDouble(ResultSet rows, int column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? null : value;
  }

  private static List<Reason> reasons(String customerId, String json) {
    List<Reason> reasons = new ArrayList<>();
    for (JsonNode node : array(customerId, "reasons", json)) {
      List<Object> args = new ArrayList<>();
      JsonNode given = node.path("args");
      if (given.isArray()) {
        given.forEach(arg -> args.add(arg.isNumber() ? arg.numberValue() : arg.isBoolean() ? arg.booleanValue() : arg.isNull() ? null : arg.asText()));
      } else if (!given.isMissingNode() && !given.isNull()) {
        args.add(given.isNumber() ? given.numberValue() : given.asText());
      }
      reasons.add(new Reason(node.path("signal").asText(""), node.path("contribution").asDouble(0), text(node, "message"), args));
    }
    return reasons;
  }

  private static List<HealthComponent> components(String customerId, String json) {
    List<HealthComponent> components = new ArrayList<>();
    for (JsonNode node : array(customerId, "health_components", json)) {
      JsonNode value = node.path("value");
      components.add(new HealthComponent(node.path("signal").asText(""), value.isNumber() ? value.doubleValue() : null,
          value.isNumber() && node.path("points").isNumber() ? node.path("points").doubleValue() : null, node.path("max_points").asDouble(0)));
    }
    return components;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static JsonNode array(String customerId, String column, String json) {
    if (json == null || json.isBlank()) {
      return JSON.createArrayNode();
    }
    try {
      JsonNode node = JSON.readTree(json);
      return node.isArray() ? node : JSON.createArrayNode();
    } catch (JsonProcessingException e) {
      throw new StoreException("the " + column + " of customer " + customerId + " in churn_scores are not JSON: " + json, e);
    }
  }
}
