package dev.holdfast.store.retention;

import dev.holdfast.HoldfastException.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Customer lifetimes for survival analysis: the first active spell of each customer, in days, with whether
 * it ended in churn or is still running on the as-of date (right-censored), per segment.
 */
public final class Lifetimes {
  /** Days in an average month (365.25 / 12): lifetimes are shown in months. */
  public static final double MONTH = 365.25 / 12;

  /** The lifetimes of one segment as compact arrays: days[i] and churned[i] belong to customer i. */
  public record Sample(String segment, double[] days, boolean[] churned) {
    /** The lifetimes in average months. */
    public double[] months() {
      double[] months = new double[days.length];
      for (int i = 0; i < days.length; i++) {
        months[i] = days[i] / MONTH;
      }
      return months;
    }

    /** Whether any customer of the segment churned. */
    public boolean anyChurned() {
      for (boolean value : churned) {
        if (value) {
          return true;
        }
      }
      return false;
    }
  }

  /** The log-rank test of the segments' lifetimes (in months), or null with fewer than two segments or no churn. */
  public static dev.holdfast.survival.LogRankResult logRank(Map<String, Sample> samples) {
    if (samples.size() < 2 || samples.values().stream().noneMatch(Sample::anyChurned)) {
      return null;
    }
    int total = samples.values().stream().mapToInt(sample -> sample.days().length).sum();
    double[] times = new double[total];
    boolean[] events = new boolean[total];
    int[] groups = new int[total];
    int index = 0;
    int group = 0;
    for (Sample sample : samples.values()) {
      double[] months = sample.months();
      for (int i = 0; i < months.length; i++, index++) {
        times[index] = months[i];
        events[index] = sample.churned()[i];
        groups[index] = group;
      }
      group++;
    }
    return dev.holdfast.survival.LogRank.test(times, events, groups);
  }

  private final RetentionMetrics metrics;

  public Lifetimes(RetentionMetrics metrics) {
    this.metrics = metrics;
  }

  /** Lifetimes of the customers who became active from {@code query.from()} to {@code query.to()}, by segment. */
  public Map<String, Sample> read(RetentionMetrics.Query query) {
    Map<String, double[]> days = new LinkedHashMap<>();
    Map<String, boolean[]> churned = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    try {
      metrics.spells(query);
      try (PreparedStatement statement = metrics.connection().prepareStatement(RetentionMetrics.SQL.get("lifetimes"))) {
        statement.setObject(1, query.asOf());
        statement.setObject(2, query.from());
        statement.setObject(3, query.to());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            String segment = rows.getString(1);
            long length = rows.getLong(2);
            boolean churn = rows.getBoolean(3);
            int count = Math.toIntExact(rows.getLong(4));
            int size = sizes.getOrDefault(segment, 0);
            double[] segmentDays = days.computeIfAbsent(segment, key -> new double[1024]);
            boolean[] segmentChurned = churned.computeIfAbsent(segment, key -> new boolean[1024]);
            if (size + count > segmentDays.length) {
              int capacity = Math.max(segmentDays.length * 2, size + count);
              segmentDays = java.util.Arrays.copyOf(segmentDays, capacity);
              segmentChurned = java.util.Arrays.copyOf(segmentChurned, capacity);
              days.put(segment, segmentDays);
              churned.put(segment, segmentChurned);
            }
            java.util.Arrays.fill(segmentDays, size, size + count, length);
            java.util.Arrays.fill(segmentChurned, size, size + count, churn);
            sizes.put(segment, size + count);
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read customer lifetimes: " + e.getMessage(), e);
    }
    RetentionMetrics.trace("lifetimes read");
    Map<String, Sample> samples = new LinkedHashMap<>();
    sizes.forEach((segment, size) -> samples.put(segment,
        new Sample(segment, java.util.Arrays.copyOf(days.get(segment), size), java.util.Arrays.copyOf(churned.get(segment), size))));
    return samples;
  }
}
