package dev.holdfast.store.retention;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.retention.Period;
import dev.holdfast.store.SqlFile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscription cohorts as a contractual retention model sees them: the customers whose first subscription spell
 * began in a period, and how many of them were still subscribed after 0, 1, 2 … whole periods, counted only as far
 * as every member has been observed; and the subscribers active now with their renewals so far and MRR.
 */
public final class ContractCohorts {
  static final SqlFile SQL = SqlFile.load(ContractCohorts.class, "/dev/holdfast/store/retention/forecast.sql");

  /**
   * One cohort: {@code alive[k]} of its {@code alive[0]} customers were still subscribed after {@code k} whole
   * periods, for every {@code k} up to the age its latest member has reached.
   */
  public record Cohort(String label, LocalDate start, String segment, long[] alive) {
    public long size() {
      return alive[0];
    }

    /** The whole periods every member has been observed for. */
    public int observed() {
      return alive.length - 1;
    }
  }

  /** A subscriber active on the as-of date: segment, the start of the running spell, its whole periods so far, MRR. */
  public record Subscriber(String customerId, String segment, LocalDate spellStart, int renewals, double mrr) {}

  private final RetentionMetrics metrics;

  public ContractCohorts(RetentionMetrics metrics) {
    this.metrics = metrics;
  }

  /** The cohorts of first subscription spells that began from {@code query.from()} to {@code query.to()}, by segment. */
  public List<Cohort> cohorts(RetentionMetrics.Query query) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, Integer> observed = new LinkedHashMap<>();
    Map<String, LocalDate> starts = new LinkedHashMap<>();
    Map<String, String> segments = new LinkedHashMap<>();
    List<long[]> rows = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try {
      metrics.spells(query);
      try (PreparedStatement statement = metrics.connection().prepareStatement(sql("cohort_lifetimes", query.period()))) {
        statement.setObject(1, query.asOf());
        statement.setObject(2, query.from());
        statement.setObject(3, query.to());
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            String segment = result.getString(1);
            LocalDate cohort = result.getObject(2, LocalDate.class);
            String key = segment + '\u0000' + cohort;
            long renewals = result.getLong(3);
            boolean running = result.wasNull();
            int seen = Math.max(0, result.getInt(4));
            starts.putIfAbsent(key, cohort);
            segments.putIfAbsent(key, segment);
            observed.merge(key, seen, Math::min);
            keys.add(key);
            rows.add(new long[] {running ? Long.MAX_VALUE : renewals, result.getLong(5)});
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read subscription cohorts: " + e.getMessage(), e);
    }
    observed.forEach((key, periods) -> counts.put(key, new long[periods + 1]));
    for (int i = 0; i < rows.size(); i++) {
      long[] alive = counts.get(keys.get(i));
      long lasted = Math.min(rows.get(i)[0], alive.length - 1);
      for (int k = 0; k <= lasted; k++) {
        alive[k] += rows.get(i)[1];
      }
    }
    List<Cohort> cohorts = new ArrayList<>();
    counts.forEach((key, alive) -> cohorts.add(new Cohort(query.period().label(starts.get(key)), starts.get(key), segments.get(key), alive)));
    return cohorts;
  }

  /** The subscription customers active on {@code query.asOf()}, in customer id order. */
  public List<Subscriber> subscribers(RetentionMetrics.Query query) {
    List<Subscriber> subscribers = new ArrayList<>();
    try {
      metrics.spells(query);
      try (PreparedStatement statement = metrics.connection().prepareStatement(sql("active_subscribers", query.period()))) {
        statement.setObject(1, query.asOf());
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            subscribers.add(new Subscriber(result.getString(1), result.getString(2), result.getObject(3, LocalDate.class),
                Math.max(0, result.getInt(4)), result.getDouble(5)));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read active subscribers: " + e.getMessage(), e);
    }
    return subscribers;
  }

  private static String sql(String name, Period period) {
    return SQL.get(name).replace("{part}", period.code());
  }
}
