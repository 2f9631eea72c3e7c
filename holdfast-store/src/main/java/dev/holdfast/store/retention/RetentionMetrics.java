package dev.holdfast.store.retention;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.config.HoldfastConfig.Policies;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.Feedback;
import dev.holdfast.retention.MrrMovements;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.retention.Purchases;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.SqlFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The period retention metrics of a store (docs/metrics.md), per period and segment, with the customers
 * behind every figure. The relational work is the SQL in {@code retention/metrics.sql}; the formulas are
 * the core's {@link PeriodMetrics}.
 */
public final class RetentionMetrics {
  static final SqlFile SQL = SqlFile.load(RetentionMetrics.class, "/dev/holdfast/store/retention/metrics.sql");
  private static final Set<String> COLUMNS = Set.of("plan", "country", "channel", "owner");
  private static final List<String> FIGURES =
      List.of("at_start", "at_end", "new", "reactivated", "lost", "gone_same_period", "churned", "expansion", "contraction",
          "reactivation", "billing_change");

  /** Customers whose attribute {@code attribute} equals {@code value}. */
  public record Segment(String attribute, String value) {
    /**
     * The customers that pass every one of {@code filters}, named by them ("plan=pro, country=DE"), as output names the
     * one segment of filtered customers that are not split.
     */
    public static String describe(List<Segment> filters) {
      return String.join(", ", filters.stream().map(filter -> filter.attribute() + "=" + filter.value()).toList());
    }

    /** Reads {@code attribute=value}. */
    public static Segment parse(String text, Messages messages) {
      int equals = text.indexOf('=');
      if (equals <= 0) {
        throw new InputException(messages.get("metrics.segment_syntax", text));
      }
      return new Segment(text.substring(0, equals).strip(), text.substring(equals + 1).strip());
    }
  }

  /**
   * What to compute: periods of {@code period} from the one containing {@code from} to the one containing
   * {@code to}, with data known on {@code asOf}, for customers matching every filter, split by the
   * attribute {@code by} (null: one segment, "all"), with MRR and money in {@code currency}.
   */
  public record Query(Period period, LocalDate from, LocalDate to, LocalDate asOf, List<Segment> filters, String by, String currency) {
    public Query {
      filters = List.copyOf(filters);
    }
  }

  java.sql.Connection connection() {
    return store.connection();
  }

  /** Lost customers of one period and segment with one churn type and cancellation reason. */
  public record Reason(String period, String segment, String churnType, String reason, long customers, double mrr) {}

  /** Survey answers of customers lost in a period, given around their churn date, by kind and comment. */
  public record ExitAnswer(String period, String segment, String kind, String comment, long customers, double averageScore) {}

  /** Why customers left: cancellation reasons and exit-survey answers per period. */
  public record Reasons(List<Reason> cancellations, List<ExitAnswer> exitAnswers) {
    public Reasons {
      cancellations = List.copyOf(cancellations);
      exitAnswers = List.copyOf(exitAnswers);
    }
  }

  /** Why customers left: the lost customers of each period by churn type and cancellation reason, and what they answered on the way out. */
  public Reasons reasons(Query query) {
    try {
      List<LocalDate> starts = prepare(query);
      prepareMoves(query.period(), starts.get(0), periodsEnd(query, starts));
      List<Reason> reasons = new ArrayList<>();
      try (PreparedStatement statement = store.connection().prepareStatement(SQL.get("reasons")); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reasons.add(new Reason(query.period().label(starts.get(rows.getInt(1))), rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getLong(5), rows.getDouble(6)));
        }
      }
      List<ExitAnswer> answers = new ArrayList<>();
      try (PreparedStatement statement = store.connection().prepareStatement(SQL.get("exit_answers")); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          answers.add(new ExitAnswer(query.period().label(starts.get(rows.getInt(1))), rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getLong(5), rows.getDouble(6)));
        }
      }
      return new Reasons(reasons, answers);
    } catch (SQLException e) {
      throw new StoreException("cannot break churn down by reason: " + e.getMessage(), e);
    }
  }

  /** One customer behind a figure of the drill-down. */
  public record Mover(
      String customerId, String kind, boolean atStart, boolean atEnd, double mrrStart, double mrrEnd, String movement,
      String churnType, String cancelReason) {}

  private final DuckDbStore store;
  private final Policies policies;
  private final Messages messages;
  private final Clock clock;
  private final java.time.ZoneId timeZone;

  public RetentionMetrics(DuckDbStore store, HoldfastConfig config, Messages messages, Clock clock) {
    this.store = store;
    this.timeZone = config.timeZone();
    this.policies = config.policies();
    this.messages = messages;
    this.clock = clock;
  }

  /**
   * The last day with recorded activity (a subscription start or end, an order, an event, a ticket or a
   * survey answer), not after today: the default as-of date, so that the same data gives the same numbers.
   */
  public LocalDate lastDataDay() {
    String sql = "SELECT max(d) FROM (SELECT max(started) AS d FROM subscriptions"
        + " UNION ALL SELECT max(ended) FROM subscriptions WHERE ended <= current_date"
        + " UNION ALL SELECT CAST((SELECT max(ordered_at) FROM orders) AS DATE)"
        + " UNION ALL SELECT CAST((SELECT max(occurred_at) FROM events) AS DATE)"
        + " UNION ALL SELECT CAST((SELECT max(opened) FROM tickets) AS DATE)"
        + " UNION ALL SELECT CAST((SELECT max(answered_at) FROM surveys) AS DATE))";
    try (Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      LocalDate last = rows.getObject(1, LocalDate.class);
      LocalDate today = LocalDate.now(clock.withZone(timeZone));
      return last == null || last.isAfter(today) ? today : last;
    } catch (SQLException e) {
      throw new StoreException("cannot find the last day with data: " + e.getMessage(), e);
    }
  }

  /** Today in the business's time zone, by the clock these metrics were given. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(timeZone));
  }

  /** The first day a customer was active (a subscription start or a completed order), or null in an empty store. */
  public LocalDate firstDataDay() {
    String sql = "SELECT least((SELECT min(started) FROM subscriptions),"
        + " CAST((SELECT min(ordered_at) FROM orders WHERE status = 'completed') AS DATE))";
    try (Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getObject(1, LocalDate.class);
    } catch (SQLException e) {
      throw new StoreException("cannot find the first day with data: " + e.getMessage(), e);
    }
  }

  /** Every metric per period and segment, periods in order, segments in order within a period. */
  public List<PeriodMetrics> compute(Query query) {
    Connection connection = store.connection();
    try {
      List<LocalDate> starts = prepare(query);
      prepareMoves(query.period(), starts.get(0), periodsEnd(query, starts));
      boolean exclude = policies.samePeriodSignupCancel() == HoldfastConfig.SamePeriodSignupCancel.EXCLUDE;
      Map<String, double[]> running = new java.util.TreeMap<>();
      try (PreparedStatement statement = connection.prepareStatement(SQL.get("boundary_totals"))) {
        statement.setObject(1, starts.get(0));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            running.put(rows.getString(1), new double[] {rows.getLong(2), rows.getDouble(3), rows.getLong(4)});
          }
        }
      }
      Map<Key, ResultRow> moved = new HashMap<>();
      try (PreparedStatement statement = connection.prepareStatement(SQL.get("customer_figures"))) {
        statement.setBoolean(1, exclude);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            long[] counts = new long[7];
            for (int i = 0; i < counts.length; i++) {
              counts[i] = rows.getLong(3 + i);
            }
            double[] amounts = new double[6];
            for (int i = 0; i < amounts.length; i++) {
              amounts[i] = rows.getDouble(10 + i);
            }
            double[] changes = {rows.getLong(16), rows.getDouble(17), rows.getLong(18)};
            Key key = new Key(rows.getInt("period_no"), rows.getString("segment"));
            moved.put(key, new ResultRow(counts, amounts, changes));
            running.putIfAbsent(key.segment(), new double[3]);
          }
        }
      }
      trace("figures");
      // each period starts where the previous one ended; only the customers in hf_moves change in between
      Map<Key, CustomerCounts> customers = new HashMap<>();
      Map<Key, MrrMovements> mrr = new HashMap<>();
      for (int i = 0; i < starts.size(); i++) {
        for (Map.Entry<String, double[]> segment : running.entrySet()) {
          Key key = new Key(i, segment.getKey());
          ResultRow row = moved.getOrDefault(key, ResultRow.NONE);
          double[] atStart = segment.getValue().clone();
          double[] atEnd = new double[3];
          for (int j = 0; j < 3; j++) {
            // amounts are DECIMAL(18,4) in the store: rounding keeps sums of doubles from drifting
            atEnd[j] = Math.round((atStart[j] + row.changes()[j]) * 10_000) / 10_000.0;
          }
          segment.setValue(atEnd);
          long[] c = row.counts();
          double[] a = row.amounts();
          customers.put(key, new CustomerCounts(Math.round(atStart[0]), Math.round(atEnd[0]), c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
          mrr.put(key, new MrrMovements(atStart[1], atEnd[1], a[0], a[1], a[2], a[3], a[4], a[5], Math.round(atEnd[2])));
        }
      }
      Map<Key, Purchases> purchases = new HashMap<>();
      try (PreparedStatement statement = connection.prepareStatement(SQL.get("purchase_figures"))) {
        statement.setString(1, query.currency());
        statement.setBoolean(2, policies.refunds() == HoldfastConfig.Refunds.NET);
        statement.setString(3, query.period().code());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            purchases.put(new Key(rows.getInt(1), rows.getString(2)),
                new Purchases(rows.getLong(3), rows.getLong(4), rows.getDouble(5), rows.getLong(6)));
          }
        }
      }
      trace("purchases");
      Map<Key, Feedback> feedback = new HashMap<>();
      try (PreparedStatement statement = connection.prepareStatement(SQL.get("feedback_figures"))) {
        statement.setString(1, query.period().code());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            feedback.put(new Key(rows.getInt(1), rows.getString(2)), new Feedback(rows.getLong(3), rows.getLong(4), rows.getLong(5),
                rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getDouble(9), rows.getDouble(10)));
          }
        }
      }
      trace("feedback");
      Map<Key, Double> spend = spend(query);
      trace("spend");
      Set<String> segments = new TreeSet<>();
      customers.keySet().forEach(key -> segments.add(key.segment()));
      purchases.keySet().forEach(key -> segments.add(key.segment()));
      feedback.keySet().forEach(key -> segments.add(key.segment()));
      if (segments.isEmpty()) {
        segments.add(query.by() == null ? "all" : "");
      }
      List<PeriodMetrics> result = new ArrayList<>();
      LocalDate dayAfter = query.asOf().plusDays(1);
      for (int i = 0; i < starts.size(); i++) {
        LocalDate start = starts.get(i);
        LocalDate natural = query.period().next(start);
        LocalDate end = natural.isAfter(dayAfter) ? dayAfter : natural;
        for (String segment : segments) {
          Key key = new Key(i, segment);
          result.add(new PeriodMetrics(query.period(), start, end, natural.isAfter(dayAfter), segment,
              customers.getOrDefault(key, CustomerCounts.of(0, 0, 0, 0)),
              mrr.getOrDefault(key, new MrrMovements(0, 0, 0, 0, 0, 0, 0, 0, 0)),
              purchases.getOrDefault(key, new Purchases(0, 0, 0, 0)),
              feedback.getOrDefault(key, Feedback.none()),
              spend.getOrDefault(key, Double.NaN),
              policies.grossMargin()));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new StoreException("cannot compute the retention metrics: " + e.getMessage(), e);
    }
  }

  /** The customers behind {@code figure} in the period labelled {@code periodLabel} and the segment. */
  public List<Mover> customers(Query query, String periodLabel, String segment, String figure) {
    return customers(query, periodLabel, segment, figure, Integer.MAX_VALUE);
  }

  /**
   * Where {@code label} is written as a period of another length than {@code period} (2025-Q1 with months), what to
   * add to the command line (" 2025-Q1 is a quarter: add --period quarter"), else nothing.
   */
  public static String otherLength(String label, dev.holdfast.retention.Period period, Messages messages) {
    String length = label.matches("\\d{4}-Q[1-4]") ? "quarter" : label.matches("\\d{4}-W\\d{2}") ? "week"
        : label.matches("\\d{4}-\\d{2}-\\d{2}") ? "day" : label.matches("\\d{4}-\\d{2}") ? "month" : label.matches("\\d{4}") ? "year" : null;
    return length == null || length.equals(period.name().toLowerCase(java.util.Locale.ROOT)) ? ""
        : messages.get("metrics.other_length", label, messages.get("metrics.length." + length), length);
  }

  /** The first {@code limit} customers behind {@code figure}, the largest MRR (change) first: a page of the dashboard. */
  public List<Mover> customers(Query query, String periodLabel, String segment, String figure, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one customer: " + limit);
    }
    if (!FIGURES.contains(figure)) {
      throw new InputException(messages.get("metrics.unknown_figure", figure, String.join(", ", FIGURES)));
    }
    LocalDate to = query.to().isAfter(query.asOf()) ? query.asOf() : query.to();
    List<LocalDate> all = query.from().isAfter(to) ? List.of() : query.period().starts(query.from(), to);
    LocalDate start = all.stream().filter(day -> query.period().label(day).equals(periodLabel)).findFirst().orElse(null);
    if (start == null) {
      throw new InputException(all.isEmpty() ? messages.get("metrics.range", query.from(), query.to())
          : messages.get("metrics.unknown_period", periodLabel, query.period().label(all.get(0)), query.period().label(all.get(all.size() - 1)))
              + otherLength(periodLabel, query.period(), messages));
    }
    try {
      // the period states of the whole range are used when a call before built them (the dashboard's drill-down);
      // otherwise only the period asked for is prepared
      trace("drill-down starts");
      List<LocalDate> starts = prepare(query);
      trace("drill-down prepared");
      Query one = query;
      Map<String, String> kept = kept();
      if (kept.get("moves") == null || !kept.get("moves").startsWith(kept.get("spells") + "#" + kept.get("segments") + "#" + kept.get("periods") + "#")) {
        one = new Query(query.period(), start, start, query.asOf(), query.filters(), query.by(), query.currency());
        starts = prepare(one);
      }
      List<Mover> movers = new ArrayList<>();
      boolean boundary = figure.equals("at_start") || figure.equals("at_end");
      // the boundary lists take each customer's movement in the period from the same table as the other figures
      prepareMoves(one.period(), starts.get(0), periodsEnd(one, starts));
      try (PreparedStatement statement = store.connection().prepareStatement(SQL.get(boundary ? "active_customers" : "movement_customers"))) {
        if (boundary) {
          LocalDate natural = query.period().next(start);
          statement.setString(1, segment == null ? "all" : segment);
          statement.setObject(2, start);
          statement.setObject(3, natural.isAfter(query.asOf().plusDays(1)) ? query.asOf().plusDays(1) : natural);
          statement.setString(4, figure);
          statement.setInt(5, limit);
          statement.setInt(6, starts.indexOf(start));
        } else {
          statement.setInt(1, starts.indexOf(start));
          statement.setString(2, segment == null ? "all" : segment);
          statement.setString(3, figure);
          statement.setBoolean(4, policies.samePeriodSignupCancel() == HoldfastConfig.SamePeriodSignupCancel.EXCLUDE);
          statement.setInt(5, limit);
        }
        trace("drill-down moves");
        try (ResultSet rows = statement.executeQuery()) {
          trace("drill-down query");
          while (rows.next()) {
            // columns by position: looking them up by name per row costs more than the query
            movers.add(new Mover(rows.getString(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4), rows.getDouble(5), rows.getDouble(6),
                rows.getString(8), rows.getString(9), rows.getString(10)));
          }
        }
      }
      trace("drill-down read");
      return movers;
    } catch (SQLException e) {
      throw new StoreException("cannot list the customers behind " + figure + ": " + e.getMessage(), e);
    }
  }

  private record Key(int periodNo, String segment) {}

  /**
   * A period's counts (new, reactivated, after the window, lost, voluntary, involuntary, gone), MRR movements
   * (new, expansion, contraction, churned, reactivation, billing change) and changes between its two ends
   * (active customers, MRR, paying customers).
   */
  private record ResultRow(long[] counts, double[] amounts, double[] changes) {
    static final ResultRow NONE = new ResultRow(new long[7], new double[6], new double[3]);
  }

  /** The end of the last period: the next period's first day, or the day after the as-of date. */
  private static LocalDate periodsEnd(Query query, List<LocalDate> starts) {
    LocalDate natural = query.period().next(starts.get(starts.size() - 1));
    LocalDate dayAfter = query.asOf().plusDays(1);
    return natural.isAfter(dayAfter) ? dayAfter : natural;
  }

  /** hf_moves: the customers whose state changes within a period, with how (needs {@link #prepare}). */
  private void prepareMoves(Period period, LocalDate first, LocalDate end) throws SQLException {
    Map<String, String> kept = kept();
    String movesKey = kept.get("spells") + "#" + kept.get("segments") + "#" + kept.get("periods") + "#" + policies.reactivationWindowDays();
    if (movesKey.equals(kept.get("moves"))) {
      return;
    }
    try (PreparedStatement moves = store.connection().prepareStatement(SQL.get("moves"))) {
      moves.setInt(1, policies.reactivationWindowDays());
      moves.setString(2, period.code());
      moves.setObject(3, first);
      moves.setObject(4, end);
      moves.execute();
    }
    trace("moves");
    keep("moves", movesKey);
  }

  /** Builds (or reuses) hf_seg, hf_spells and hf_subs, and hf_periods; returns the first days of the periods. */
  List<LocalDate> prepare(Query query) throws SQLException {
    if (query.to().isBefore(query.from())) {
      throw new InputException(messages.get("metrics.range", query.from(), query.to()));
    }
    if (query.from().isAfter(query.asOf())) {
      throw new InputException(messages.get("metrics.after_as_of", query.from(), query.asOf()));
    }
    LocalDate to = query.to().isAfter(query.asOf()) ? query.asOf() : query.to();
    List<LocalDate> starts = query.period().starts(query.from(), to);
    if (starts.size() > 5000) {
      throw new InputException(messages.get("metrics.too_many_periods", starts.size(), query.period().code()));
    }
    Connection connection = store.connection();
    spells(query);
    String periodsKey = query.period() + "|" + starts.get(0) + "|" + starts.size() + "|" + query.asOf();
    if (periodsKey.equals(kept().get("periods"))) {
      return starts;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE OR REPLACE TEMP TABLE hf_periods (period_no INTEGER, p_start DATE, p_end DATE)");
    }
    LocalDate dayAfter = query.asOf().plusDays(1);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hf_periods VALUES (?, ?, ?)")) {
      for (int i = 0; i < starts.size(); i++) {
        LocalDate end = query.period().next(starts.get(i));
        insert.setInt(1, i);
        insert.setObject(2, starts.get(i));
        insert.setObject(3, end.isAfter(dayAfter) ? dayAfter : end);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    keep("periods", periodsKey);
    return starts;
  }

  /** Builds hf_seg and hf_spells only: the active spells of the query's customers as known on its as-of date. */
  public void spells(Query query) throws SQLException {
    // spells depend on which customers (filters), not on how they are split (by): a new split only rebuilds hf_seg
    String spellsKey = String.join("|", String.valueOf(query.asOf()), query.filters().toString(), query.currency(), policies.toString(),
        dataVersion());
    String segmentKey = query.filters() + "|" + query.by();
    Map<String, String> kept = kept();
    if (spellsKey.equals(kept.get("spells"))) {
      if (!segmentKey.equals(kept.get("segments"))) {
        segments(query);
        keep("segments", segmentKey);
      }
      return;
    }
    execute("CREATE OR REPLACE TEMP TABLE hf_prepared (name VARCHAR, key VARCHAR)");
    segments(query);
    trace("segments");
    String inSegment = query.filters().isEmpty() ? "" : " AND customer_id IN (SELECT customer_id FROM hf_seg)";
    try (PreparedStatement spells = store.connection().prepareStatement(SQL.get("spells").replace("{in_segment}", inSegment))) {
      spells.setObject(1, query.asOf());
      spells.setInt(2, policies.gapDays());
      spells.setInt(3, policies.inactivityDays());
      spells.execute();
    }
    trace("spells");
    try (PreparedStatement subscriptions = store.connection().prepareStatement(SQL.get("known_subscriptions").replace("{in_segment}", inSegment))) {
      subscriptions.setObject(1, query.asOf());
      subscriptions.setString(2, query.currency());
      subscriptions.setInt(3, policies.gapDays());
      subscriptions.execute();
    }
    trace("subscriptions");
    keep("spells", spellsKey);
    keep("segments", segmentKey);
  }

  /**
   * What this connection's temporary tables now hold, by step (spells, segments, periods, moves): each step
   * is rebuilt only when its key changes, so that metrics, cohorts, survival and drill-downs on the same
   * data and customers in one process (the dashboard) build spells and period states once.
   */
  private Map<String, String> kept() throws SQLException {
    Map<String, String> kept = new HashMap<>();
    try (Statement statement = store.connection().createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'hf_prepared' AND temporary")) {
      rows.next();
      if (rows.getLong(1) == 0) {
        return kept;
      }
    }
    try (Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery("SELECT name, key FROM hf_prepared")) {
      while (rows.next()) {
        kept.put(rows.getString(1), rows.getString(2));
      }
    }
    return kept;
  }

  private void keep(String step, String key) throws SQLException {
    try (PreparedStatement forget = store.connection().prepareStatement("DELETE FROM hf_prepared WHERE name = ?");
        PreparedStatement keep = store.connection().prepareStatement("INSERT INTO hf_prepared VALUES (?, ?)")) {
      forget.setString(1, step);
      forget.execute();
      keep.setString(1, step);
      keep.setString(2, key);
      keep.execute();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = store.connection().createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * What changes when the data do: rows of the tables spells are built from and the last import. Spells
   * are kept between calls on the same data, customers and policies, so that metrics, cohorts, survival and
   * drill-downs in one process build them once.
   */
  private String dataVersion() throws SQLException {
    try (Statement statement = store.connection().createStatement();
        ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM subscriptions),"
            + " (SELECT count(*) FROM orders), (SELECT coalesce(max(id), 0) FROM imports)")) {
      rows.next();
      return rows.getLong(1) + "/" + rows.getLong(2) + "/" + rows.getLong(3) + "/" + rows.getLong(4);
    }
  }

  /** hf_seg: the customers that pass every filter, with the value of the split attribute (or "all"). */
  private void segments(Query query) throws SQLException {
    List<Object> parameters = new ArrayList<>();
    String by = "'all'";
    if (query.by() != null) {
      by = "coalesce(" + attribute(query.by(), parameters) + ", '')";
    }
    StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE hf_seg AS SELECT id AS customer_id, ")
        .append(by).append(" AS segment FROM customers WHERE TRUE");
    for (Segment filter : query.filters()) {
      sql.append(" AND ").append(attribute(filter.attribute(), parameters)).append(" = ?");
      parameters.add(filter.value());
    }
    try (PreparedStatement statement = store.connection().prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      statement.execute();
    }
    for (Segment filter : query.filters()) {
      requireKnown(filter.attribute());
    }
    if (query.by() != null) {
      requireKnown(query.by());
    }
  }

  /** The SQL for a customer attribute: a column, or a key of the free-form attributes bound as a parameter. */
  private static String attribute(String name, List<Object> parameters) {
    if (COLUMNS.contains(name)) {
      return name;
    }
    parameters.add("$.\"" + name.replace("\"", "") + "\"");
    return "json_extract_string(attributes, ?)";
  }

  /** The currencies of the subscriptions and orders in the store, most used first. */
  public List<String> moneyCurrencies() {
    List<String> currencies = new ArrayList<>();
    try (Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery(
        "SELECT currency FROM (SELECT currency FROM subscriptions UNION ALL SELECT currency FROM orders) GROUP BY 1 ORDER BY count(*) DESC, 1")) {
      while (rows.next()) {
        currencies.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the currencies: " + e.getMessage(), e);
    }
    return currencies;
  }

  /**
   * Refuses a customer attribute (a column such as plan or country, or a key of the free-form attributes) that no
   * customer has, listing the ones that exist: such a filter is a typo, and would silently match nobody.
   */
  public void requireKnownAttribute(String name) {
    try {
      requireKnown(name);
    } catch (SQLException e) {
      throw new StoreException("cannot read the customers' attributes: " + e.getMessage(), e);
    }
  }

  /** An attribute that no customer has is a typo: say so and list the ones that exist. */
  private void requireKnown(String name) throws SQLException {
    if (COLUMNS.contains(name)) {
      return;
    }
    Set<String> keys = new TreeSet<>(COLUMNS);
    try (Statement statement = store.connection().createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT DISTINCT unnest(json_keys(attributes)) FROM customers WHERE attributes IS NOT NULL")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    if (!keys.contains(name)) {
      throw new InputException(messages.get("metrics.unknown_attribute", name, String.join(", ", keys)));
    }
  }

  private Map<Key, Double> spend(Query query) throws SQLException {
    boolean byChannel = "channel".equals(query.by());
    boolean filtersOnlyChannels = query.filters().stream().allMatch(filter -> filter.attribute().equals("channel"));
    Map<Key, Double> spend = new LinkedHashMap<>();
    if (!filtersOnlyChannels || (query.by() != null && !byChannel)) {
      return spend;
    }
    Set<String> channels = new TreeSet<>();
    query.filters().forEach(filter -> channels.add(filter.value()));
    try (PreparedStatement statement = store.connection().prepareStatement(SQL.get("spend_by_channel"))) {
      statement.setString(1, query.currency());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String channel = rows.getString(2);
          if (!channels.isEmpty() && !channels.contains(channel)) {
            continue;
          }
          spend.merge(new Key(rows.getInt(1), byChannel ? channel : "all"), rows.getDouble(3), Double::sum);
        }
      }
    }
    return spend;
  }

  private static final boolean TRACE = System.getenv("HOLDFAST_TRACE") != null;
  /** When the last step ended; the first step counts from the start of the process (the JVM's start included). */
  private static long traced = TRACE
      ? System.nanoTime() - (System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) * 1_000_000L
      : 0;

  /** With HOLDFAST_TRACE set, prints how long each step took (for tuning). */
  public static void trace(String step) {
    if (TRACE) {
      long now = System.nanoTime();
      long[] cpu = processCpu();
      // the process's processor time in the step too, user and system, and its page faults (first touches of new
      // memory, most of the system time on a virtual machine), where Linux tells them
      String times = cpu == null ? "" : String.format(java.util.Locale.ROOT, "  (user %6.2f s, system %6.2f s, page faults %,8d)",
          (cpu[0] - tracedCpu[0]) / 100.0, (cpu[1] - tracedCpu[1]) / 100.0, cpu[2] - tracedCpu[2]);
      System.err.printf(java.util.Locale.ROOT, "trace: %-28s %8.3f s%s%n", step, (now - traced) / 1e9, times);
      traced = now;
      if (cpu != null) {
        tracedCpu = cpu;
      }
    }
  }

  /** The process's user and system time when the last step ended: none before the first, which counts from the start. */
  private static long[] tracedCpu = new long[3];

  /**
   * User and system time of this process in clock ticks (1/100 s on Linux) and its minor page faults, or null where
   * /proc is not there.
   */
  private static long[] processCpu() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      // the fields after the command name in parentheses: state is the 3rd field, minflt the 10th, utime the 14th and
      // stime the 15th
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[7])};
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
