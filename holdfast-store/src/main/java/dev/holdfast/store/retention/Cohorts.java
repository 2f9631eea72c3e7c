package dev.holdfast.store.retention;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.i18n.Messages;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Acquisition cohorts of a store: customers grouped by the period they first became active, followed at the
 * end of every later period — logo retention (customers still active ÷ cohort size) and revenue retention
 * (their MRR ÷ the cohort's MRR at the end of its first period, so expansion can take it above 100 %).
 */
public final class Cohorts {
  /** One cohort: its first period, segment, size, MRR at the end of its first period and its cells by age. */
  public record Cohort(String label, LocalDate start, String segment, long size, double baseMrr, List<Cell> cells) {
    public Cohort {
      cells = List.copyOf(cells);
    }
  }

  /** A cohort at an age: customers active at the end of that period and their MRR. */
  public record Cell(int age, long customers, double mrr) {}

  /** One customer behind a cohort cell. */
  public record Member(String customerId, LocalDate firstActive, double mrr) {}

  private final RetentionMetrics metrics;
  private final Messages messages;

  public Cohorts(RetentionMetrics metrics, Messages messages) {
    this.metrics = metrics;
    this.messages = messages;
  }

  /**
   * Cohorts whose first period lies from {@code query.from()} to {@code query.to()}, followed up to the as-of date.
   */
  public List<Cohort> compute(RetentionMetrics.Query query) {
    RetentionMetrics.Query followed = followedToAsOf(query);
    try {
      List<LocalDate> starts = metrics.prepare(followed);
      int last = lastCohort(query, starts);
      Map<String, long[]> sizes = new LinkedHashMap<>();
      Map<String, List<Cell>> cells = new LinkedHashMap<>();
      Map<String, Integer> cohortOf = new LinkedHashMap<>();
      Map<String, String> segmentOf = new LinkedHashMap<>();
      try (PreparedStatement statement = metrics.connection().prepareStatement(RetentionMetrics.SQL.get("cohort_cells"))) {
        statement.setInt(1, 0);
        statement.setInt(2, last);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            int cohort = rows.getInt(1);
            String segment = rows.getString(2);
            String key = cohort + "\u0000" + segment;
            cohortOf.put(key, cohort);
            segmentOf.put(key, segment);
            int age = rows.getInt(3);
            if (age < 0) {
              sizes.put(key, new long[] {rows.getLong(4)});
            } else {
              cells.computeIfAbsent(key, k -> new ArrayList<>()).add(new Cell(age, rows.getLong(4), rows.getDouble(5)));
            }
          }
        }
      }
      List<Cohort> cohorts = new ArrayList<>();
      for (Map.Entry<String, long[]> size : sizes.entrySet()) {
        int cohort = cohortOf.get(size.getKey());
        List<Cell> followedCells = filled(cells.getOrDefault(size.getKey(), List.of()), starts.size() - cohort);
        cohorts.add(new Cohort(query.period().label(starts.get(cohort)), starts.get(cohort), segmentOf.get(size.getKey()), size.getValue()[0],
            followedCells.get(0).mrr(), followedCells));
      }
      return cohorts;
    } catch (SQLException e) {
      throw new StoreException("cannot compute cohorts: " + e.getMessage(), e);
    }
  }

  /** The customers of the cohort labelled {@code cohortLabel} still active at the end of age {@code age}. */
  public List<Member> members(RetentionMetrics.Query query, String cohortLabel, String segment, int age) {
    RetentionMetrics.Query followed = followedToAsOf(query);
    try {
      List<LocalDate> starts = metrics.prepare(followed);
      int cohort = -1;
      for (int i = 0; i < starts.size(); i++) {
        if (query.period().label(starts.get(i)).equals(cohortLabel)) {
          cohort = i;
        }
      }
      if (cohort < 0 || cohort > lastCohort(query, starts)) {
        throw new InputException(messages.get("metrics.unknown_period", cohortLabel, query.period().label(starts.get(0)),
            query.period().label(starts.get(lastCohort(query, starts)))) + RetentionMetrics.otherLength(cohortLabel, query.period(), messages));
      }
      if (age < 0 || cohort + age >= starts.size()) {
        throw new InputException(messages.get("cohorts.age", age, cohortLabel, starts.size() - cohort - 1));
      }
      List<Member> members = new ArrayList<>();
      try (PreparedStatement statement = metrics.connection().prepareStatement(RetentionMetrics.SQL.get("cohort_customers"))) {
        statement.setInt(1, cohort);
        statement.setString(2, segment == null ? "all" : segment);
        statement.setInt(3, age);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            members.add(new Member(rows.getString(1), rows.getObject(2, LocalDate.class), rows.getDouble(3)));
          }
        }
      }
      return members;
    } catch (SQLException e) {
      throw new StoreException("cannot list the cohort's customers: " + e.getMessage(), e);
    }
  }

  private static RetentionMetrics.Query followedToAsOf(RetentionMetrics.Query query) {
    return new RetentionMetrics.Query(query.period(), query.from(), query.asOf(), query.asOf(), query.filters(), query.by(), query.currency());
  }

  private static int lastCohort(RetentionMetrics.Query query, List<LocalDate> starts) {
    LocalDate lastStart = query.period().start(query.to().isAfter(query.asOf()) ? query.asOf() : query.to());
    int last = starts.indexOf(lastStart);
    return last < 0 ? starts.size() - 1 : last;
  }

  /** Every age from 0 to {@code ages} − 1, with zero cells where nobody was left. */
  private static List<Cell> filled(List<Cell> cells, int ages) {
    Map<Integer, Cell> byAge = new LinkedHashMap<>();
    cells.forEach(cell -> byAge.put(cell.age(), cell));
    List<Cell> all = new ArrayList<>();
    for (int age = 0; age < ages; age++) {
      all.add(byAge.getOrDefault(age, new Cell(age, 0, 0)));
    }
    return all;
  }
}
