package dev.holdfast.store.quality;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.SqlFile;
import dev.holdfast.store.retention.RetentionMetrics;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a store holds — counts and date ranges per table — and what looks wrong in it. */
public final class StoreStatus {
  private static final SqlFile CHECKS = SqlFile.load(StoreStatus.class, "/dev/holdfast/store/quality/checks.sql");
  private static final List<String> FINDINGS =
      List.of("event_gaps", "event_drops", "inactive_customers", "orphans", "padded_ids", "non_positive_amounts", "zero_mrr", "duplicate_keys", "future_dates",
          "ancient_dates", "before_created", "overlapping_subscriptions");

  /** The status of a store at one moment. */
  public record Report(String schemaVersion, Map<String, Long> counts, Map<String, DateRange> dateRanges, List<Finding> findings) {}

  /**
   * The first and last moment of a table in ISO 8601, both null when it is empty: timestamps in the business time
   * zone ({@code 2025-01-05T00:00:00+03:00}), the days of tables that hold days as they are ({@code 2025-01-05}).
   */
  public record DateRange(String first, String last) {}

  /** One data-quality warning: the check's code, how many rows it concerns and a few examples. */
  public record Finding(String code, long count, List<String> examples) {}

  private final DuckDbStore store;
  private final Clock clock;

  public StoreStatus(DuckDbStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Report report() {
    try {
      // the checks read whole tables into a few numbers and examples: under a limit far below the configured one the
      // engine reuses the buffers of blocks it has read (DuckDbStore.withMemoryLimit). The grouping of every event's
      // key for duplicates then spills to the temporary folder sooner, and is still faster: 7.0–8.2 s under 500 MB
      // against 11.8–12.4 s under 2 GB on 100 M events, 1.1 s against 2.2 s on 10 M (docs/benchmarks.md)
      return store.withMemoryLimit(CHECK_MEMORY, this::checked);
    } catch (SQLException e) {
      throw new StoreException("cannot check store " + store.file() + ": " + e.getMessage(), e);
    }
  }

  /** The memory limit of the checks. */
  private static final long CHECK_MEMORY = 512L << 20;

  private Report checked() throws SQLException {
    Map<String, DateRange> ranges = new LinkedHashMap<>();
    ZoneId zone;
    try (PreparedStatement query = store.connection().prepareStatement("SELECT current_setting('TimeZone')");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      zone = ZoneId.of(rows.getString(1));
    }
    try (PreparedStatement query = store.connection().prepareStatement(CHECKS.get("date_ranges"));
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        ranges.put(rows.getString(1), new DateRange(moment(rows, 2, 4, zone), moment(rows, 3, 5, zone)));
      }
    }
    RetentionMetrics.trace("date ranges");
    try (Statement statement = store.connection().createStatement()) {
      statement.execute(CHECKS.get("event_minutes"));
    }
    RetentionMetrics.trace("events by minute");
    List<Finding> findings = new ArrayList<>();
    for (String code : FINDINGS) {
      String sql = code.equals("duplicate_keys")
          ? CHECKS.get(code).replace("{events}", repeatedEventIds() ? CHECKS.get("duplicate_keys.events") : "")
          : CHECKS.get(code);
      try (PreparedStatement query = store.connection().prepareStatement(sql)) {
        if (query.getParameterMetaData().getParameterCount() > 0) {
          query.setObject(1, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        }
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next() && rows.getLong(1) > 0) {
            findings.add(new Finding(code, rows.getLong(1), examples(rows.getArray(2))));
          }
        }
      }
      RetentionMetrics.trace("check " + code);
    }
    try (Statement statement = store.connection().createStatement()) {
      statement.execute("DROP TABLE hf_event_minutes");
    }
    return new Report(store.schemaVersion(), store.counts(), ranges, findings);
  }

  /** Whether an event id is held by more than one event (then the repeated keys check groups the events too). */
  private boolean repeatedEventIds() throws SQLException {
    try (PreparedStatement query = store.connection().prepareStatement(CHECKS.get("repeated_event_ids"));
        ResultSet rows = query.executeQuery()) {
      return rows.next() && rows.getBoolean(1);
    }
  }

  /** The timestamp of column {@code at} in {@code zone}, else the day of column {@code day}, as ISO 8601 text. */
  private static String moment(ResultSet rows, int at, int day, ZoneId zone) throws SQLException {
    OffsetDateTime value = rows.getObject(at, OffsetDateTime.class);
    if (value != null) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atZoneSameInstant(zone).toOffsetDateTime());
    }
    LocalDate date = rows.getObject(day, LocalDate.class);
    return date == null ? null : date.toString();
  }

  private static List<String> examples(Array array) throws SQLException {
    List<String> examples = new ArrayList<>();
    if (array != null) {
      for (Object value : (Object[]) array.getArray()) {
        if (value != null) {
          examples.add(value.toString());
        }
      }
    }
    return examples;
  }
}
