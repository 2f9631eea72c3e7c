package dev.holdfast.store.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.SqlFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records of single customers as a store holds them — profile, subscriptions, orders, weekly activity,
 * tickets and survey answers — and the values of the attributes customers are segmented by.
 *
 * <p>Works on any connection to the store: the store's own, or a duplicate so that these small look-ups
 * need not wait for the metrics engine, which keeps temporary tables on the store's connection.
 */
public final class Customers {
  static final SqlFile SQL = SqlFile.load(Customers.class, "/dev/holdfast/store/customer/customers.sql");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A customer as imported; {@code attributes} are the free-form ones (empty when none). */
  public record Profile(String id, Instant created, String plan, String country, String channel, String owner, Map<String, Object> attributes) {
    public Profile {
      attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
  }

  /** One subscription period; {@code ended} is null while it runs. */
  public record SubscriptionPeriod(
      String id, String plan, double mrr, String currency, String billingPeriod, LocalDate started, LocalDate ended, String cancelReason,
      String churnType) {}

  public record OrderLine(String id, Instant orderedAt, double amount, String currency, String status) {}

  /** All orders of a customer in one currency: how many, how many completed and their amount. */
  public record OrderTotal(String currency, long orders, long completed, double completedAmount) {}

  /** Usage events of one type in the ISO week starting on {@code week}: how many and the sum of their values. */
  public record ActivityWeek(LocalDate week, String type, long events, double total) {}

  public record TicketLine(String id, Instant opened, Instant closed, String status, String priority, String category, Integer satisfaction) {}

  public record SurveyAnswer(String id, String kind, int score, String comment, Instant answeredAt) {}

  /** Everything a store knows about one customer, newest orders, tickets and answers first. */
  public record History(
      Profile profile, List<SubscriptionPeriod> subscriptions, List<OrderLine> orders, List<OrderTotal> orderTotals, List<ActivityWeek> activity,
      List<TicketLine> tickets, List<SurveyAnswer> surveys) {
    public History {
      subscriptions = List.copyOf(subscriptions);
      orders = List.copyOf(orders);
      orderTotals = List.copyOf(orderTotals);
      activity = List.copyOf(activity);
      tickets = List.copyOf(tickets);
      surveys = List.copyOf(surveys);
    }
  }

  /** A value of a customer attribute and how many customers have it. */
  public record AttributeValue(String attribute, String value, long customers) {}

  private final Connection connection;

  public Customers(Connection connection) {
    this.connection = connection;
  }

  /** The customer's records with at most {@code orderLimit} of the latest orders, or empty when the store has no such customer. */
  public Optional<History> history(String customerId, int orderLimit) {
    if (orderLimit < 0) {
      throw new IllegalArgumentException("orderLimit cannot be negative: " + orderLimit);
    }
    try {
      Optional<Profile> profile = profile(customerId);
      if (profile.isEmpty()) {
        return Optional.empty();
      }
      List<SubscriptionPeriod> subscriptions = new ArrayList<>();
      try (PreparedStatement statement = prepare("subscriptions", customerId); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          subscriptions.add(new SubscriptionPeriod(rows.getString(1), rows.getString(2), rows.getDouble(3), rows.getString(4), rows.getString(5),
              rows.getObject(6, LocalDate.class), rows.getObject(7, LocalDate.class), rows.getString(8), rows.getString(9)));
        }
      }
      List<OrderLine> orders = new ArrayList<>();
      try (PreparedStatement statement = prepare("orders", customerId, orderLimit); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          orders.add(new OrderLine(rows.getString(1), instant(rows, 2), rows.getDouble(3), rows.getString(4), rows.getString(5)));
        }
      }
      List<OrderTotal> totals = new ArrayList<>();
      try (PreparedStatement statement = prepare("order_totals", customerId); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          totals.add(new OrderTotal(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getDouble(4)));
        }
      }
      List<ActivityWeek> activity = new ArrayList<>();
      try (PreparedStatement statement = prepare("weekly_activity", customerId); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          activity.add(new ActivityWeek(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getLong(3), rows.getDouble(4)));
        }
      }
      List<TicketLine> tickets = new ArrayList<>();
      try (PreparedStatement statement = prepare("tickets", customerId); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          int score = rows.getInt(7);
          Integer satisfaction = rows.wasNull() ? null : score;
          tickets.add(new TicketLine(rows.getString(1), instant(rows, 2), instant(rows, 3), rows.getString(4), rows.getString(5), rows.getString(6),
              satisfaction));
        }
      }
      List<SurveyAnswer> surveys = new ArrayList<>();
      try (PreparedStatement statement = prepare("surveys", customerId); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          surveys.add(new SurveyAnswer(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4), instant(rows, 5)));
        }
      }
      return Optional.of(new History(profile.get(), subscriptions, orders, totals, activity, tickets, surveys));
    } catch (SQLException e) {
      throw new StoreException("cannot read the records of customer " + customerId + ": " + e.getMessage(), e);
    }
  }

  /** The customer's profile, or empty when the store has no such customer. */
  public Optional<Profile> profile(String customerId) {
    try (PreparedStatement statement = prepare("profile", customerId); ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(new Profile(rows.getString(1), instant(rows, 2), rows.getString(3), rows.getString(4), rows.getString(5),
          rows.getString(6), attributes(customerId, rows.getString(7))));
    } catch (SQLException e) {
      throw new StoreException("cannot read customer " + customerId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The values of plan, country, channel, owner and every free-form attribute with how many customers have
   * each, by attribute name, the commonest {@code perAttribute} values first.
   */
  public List<AttributeValue> attributeValues(int perAttribute) {
    if (perAttribute < 1) {
      throw new IllegalArgumentException("perAttribute must be at least 1: " + perAttribute);
    }
    List<AttributeValue> values = new ArrayList<>();
    try (PreparedStatement statement = prepare("attribute_values", perAttribute); ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        values.add(new AttributeValue(rows.getString(1), rows.getString(2), rows.getLong(3)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot list the values of customer attributes: " + e.getMessage(), e);
    }
    return values;
  }

  private PreparedStatement prepare(String query, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(SQL.get(query));
    try {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  static Instant instant(ResultSet rows, int column) throws SQLException {
    OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static Map<String, Object> attributes(String customerId, String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Object parsed = JSON.readValue(json, Object.class);
      if (parsed instanceof Map<?, ?>) {
        return JSON.convertValue(parsed, new TypeReference<LinkedHashMap<String, Object>>() {});
      }
      return Map.of("value", parsed);
    } catch (JsonProcessingException e) {
      throw new StoreException("customer " + customerId + " has attributes that are not JSON: " + json, e);
    }
  }
}
