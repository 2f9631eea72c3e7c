package dev.holdfast.store.features;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.SqlFile;
import dev.holdfast.store.retention.RetentionMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds churn training sets and scoring snapshots with one feature code (docs/features.md): at each observation
 * date every active customer gets one row of features computed only from data dated before it and, for training,
 * the label "churned within the horizon after the lead gap"; customers who cannot be labelled yet are left out.
 */
public final class FeatureBuilder {
  static final SqlFile SQL = SqlFile.load(FeatureBuilder.class, "/dev/holdfast/store/features/features.sql");

  /** At most this many event types become features, the most frequent first. */
  public static final int MAX_EVENT_TYPES = 12;

  /** A categorical attribute with more distinct values than this (an identifier, a free text) is not a feature. */
  public static final int MAX_LEVELS = 50;

  /**
   * How rows are drawn. For training, the latest observation date is the last one whose label window
   * {@code [t + lead, t + lead + horizon)} has passed by {@code asOf}, and {@code observations} dates go back one
   * window each; for scoring there is one date, the day after {@code asOf}, and no label.
   */
  public record Design(LocalDate asOf, int windowDays, int horizonDays, int leadDays, int observations, boolean scoring, long maxRows) {
    public Design {
      if (windowDays < 1 || horizonDays < 1 || leadDays < 0 || observations < 1 || maxRows < 0) {
        throw new IllegalArgumentException("window and horizon are at least a day, lead at least 0, observations at least 1: "
            + windowDays + ", " + horizonDays + ", " + leadDays + ", " + observations);
      }
    }

    /** A design without a row limit. */
    public Design(LocalDate asOf, int windowDays, int horizonDays, int leadDays, int observations, boolean scoring) {
      this(asOf, windowDays, horizonDays, leadDays, observations, scoring, 0);
    }

    /** The observation dates, latest first. */
    public List<LocalDate> dates() {
      LocalDate latest = scoring ? asOf.plusDays(1) : asOf.plusDays(1 - leadDays - horizonDays);
      List<LocalDate> dates = new ArrayList<>();
      for (int k = 0; k < (scoring ? 1 : observations); k++) {
        dates.add(latest.minusDays((long) k * windowDays));
      }
      return dates;
    }
  }

  private final DuckDbStore store;
  private final RetentionMetrics metrics;

  public FeatureBuilder(DuckDbStore store, RetentionMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * The rows of {@code design} for the customers of {@code query} (its as-of date must be the design's), with the
   * event types and attributes of {@code schema}, or those found in the data when it is null (training).
   */
  public FeatureTable build(RetentionMetrics.Query query, Design design, FeatureSchema schema) {
    if (!query.asOf().equals(design.asOf())) {
      throw new IllegalArgumentException("the query's as-of date " + query.asOf() + " is not the design's " + design.asOf());
    }
    List<LocalDate> dates = design.dates();
    Connection connection = store.connection();
    try {
      metrics.spells(query);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE OR REPLACE TEMP TABLE hf_obs (obs_no INTEGER, obs_date DATE)");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hf_obs VALUES (?, ?)")) {
        for (int k = 0; k < dates.size(); k++) {
          insert.setInt(1, k);
          insert.setObject(2, dates.get(k));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement rows = connection.prepareStatement(SQL.get("rows"))) {
        rows.setObject(1, design.asOf());
        rows.setInt(2, design.leadDays());
        rows.setInt(3, design.horizonDays());
        rows.setBoolean(4, design.scoring());
        rows.execute();
      }
      RetentionMetrics.trace("feature rows");
      if (!design.scoring() && design.maxRows() > 0) {
        sample(connection, design.maxRows());
      }
      try (PreparedStatement windows = connection.prepareStatement(SQL.get("windows"))) {
        windows.setObject(1, dates.get(0));
        windows.setInt(2, design.windowDays());
        windows.setInt(3, dates.size());
        windows.execute();
      }
      RetentionMetrics.trace("feature windows");
      FeatureSchema used = schema != null ? schema : discover(connection);
      RetentionMetrics.trace("feature schema");
      // the temporary tables below are read by key or in an explicit order, so the engine need not keep the order
      // rows are made in (about 8 % of the events pass)
      unordered(connection, true);
      try {
        boolean wide = usage(connection, used, dates, design.windowDays());
        return read(connection, used, design, query.currency(), wide);
      } finally {
        unordered(connection, false);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot build churn features: " + e.getMessage(), e);
    }
  }

  private static void unordered(Connection connection, boolean unordered) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(unordered ? "SET preserve_insertion_order = false" : "RESET preserve_insertion_order");
    }
  }

  private static FeatureSchema discover(Connection connection) throws SQLException {
    List<FeatureSchema.EventType> types = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SQL.get("event_types"))) {
      while (rows.next() && types.size() < MAX_EVENT_TYPES) {
        String type = rows.getString(1);
        String name = name(type);
        int seen = names.merge(name, 1, Integer::sum);
        types.add(new FeatureSchema.EventType(type, seen == 1 ? name : name + "_" + seen, rows.getBoolean(3)));
      }
    }
    List<FeatureSchema.Attribute> attributes = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SQL.get("attribute_keys"))) {
      while (rows.next()) {
        boolean numeric = rows.getBoolean(3);
        if (numeric || rows.getLong(2) <= MAX_LEVELS) {
          attributes.add(new FeatureSchema.Attribute(rows.getString(1), numeric));
        }
      }
    }
    return new FeatureSchema(types, attributes);
  }

  /**
   * Keeps a uniform sample of about {@code maxRows} training rows when there are more: each row stays when a hash of
   * its customer and date falls below the kept share, so the sample is the same on every run and keeps the churn rate
   * (in expectation) and the probabilities honest.
   */
  private static void sample(Connection connection, long maxRows) throws SQLException {
    long rows;
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT count(*) FROM hf_rows")) {
      result.next();
      rows = result.getLong(1);
    }
    if (rows <= maxRows) {
      return;
    }
    long kept = Math.round(1_000_000.0 * maxRows / rows);
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM hf_rows WHERE hash(customer_id || '|' || CAST(obs_date AS VARCHAR)) % 1000000 >= " + kept);
    }
    RetentionMetrics.trace("feature rows sampled");
  }

  /** One pass over the events of the windows: per customer and window, each type's count and value sum. */
  /**
   * Makes {@code hf_usage} and {@code hf_last_before}; true where usage is one row per customer (a single date, see
   * usage_by_type in features.sql), false where it is one row per customer and window.
   */
  private static boolean usage(Connection connection, FeatureSchema schema, List<LocalDate> dates, int windowDays) throws SQLException {
    ZoneId zone;
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT current_setting('TimeZone')")) {
      rows.next();
      zone = ZoneId.of(rows.getString(1));
    }
    // window k: [date 0 − (k+1)·W, date 0 − k·W) in business days, as instants
    int windows = dates.size() + 1;
    Instant[] starts = new Instant[windows + 1];
    for (int k = 0; k <= windows; k++) {
      starts[k] = dates.get(0).minusDays((long) k * windowDays).atStartOfDay(zone).toInstant();
    }
    StringBuilder bucket = new StringBuilder("CASE");
    for (int k = 0; k < windows; k++) {
      bucket.append(" WHEN e.occurred_at >= ").append(instant(starts[k + 1])).append(" THEN ").append(k);
    }
    bucket.append(" END");
    // the business day number, by the zone's offset at the event's instant (a CASE over the offset changes within the
    // windows, such as the end of summer time); modulo the window length it is distinct for the days of one window, so
    // a bit per residue counts active days without a group per customer and day
    String day = "((epoch_us(e.occurred_at) // 1000000 + " + offsets(zone, starts[windows], starts[0]) + ") // 86400)";
    String residue = "((" + day + " % " + windowDays + " + " + windowDays + ") % " + windowDays + ")";
    // up to 64 days a day's bit is a UBIGINT; longer windows use a bit string of the window's length
    String dayBit = windowDays <= 64
        ? "CAST(1 AS UBIGINT) << CAST(" + residue + " AS INTEGER)"
        : "set_bit(bitstring('0', " + windowDays + "), CAST(" + residue + " AS INTEGER), 1)";
    // one observation date: group by type, then pivot (see features.sql)
    boolean byType = dates.size() == 1;
    StringBuilder typeList = new StringBuilder("list_position([");
    StringBuilder typeAggregates = new StringBuilder();
    for (int i = 0; i < schema.eventTypes().size(); i++) {
      typeList.append(i == 0 ? "" : ", ").append(literal(schema.eventTypes().get(i).type()));
      if (byType) {
        // both windows in one row: the last window's count and value, and the count of the one before
        String is = "t.type_code = " + (i + 1);
        typeAggregates.append(", CAST(sum(t.n) FILTER (WHERE ").append(is).append(" AND t.bucket = 0) AS DOUBLE) AS e").append(i).append("_n")
            .append(", CAST(sum(t.v) FILTER (WHERE ").append(is).append(" AND t.bucket = 0) AS DOUBLE) AS e").append(i).append("_v")
            .append(", CAST(sum(t.n) FILTER (WHERE ").append(is).append(" AND t.bucket = 1) AS DOUBLE) AS e").append(i).append("_nb");
      } else {
        String is = "e.type_code = " + (i + 1);
        typeAggregates.append(", CAST(count(*) FILTER (WHERE ").append(is).append(") AS DOUBLE) AS e").append(i).append("_n")
            .append(", CAST(sum(e.value) FILTER (WHERE ").append(is).append(") AS DOUBLE) AS e").append(i).append("_v");
      }
    }
    String typeCode = schema.eventTypes().isEmpty() ? "0" : typeList.append("], type)").toString();
    String sql = (SQL.get(byType ? "usage_by_type" : "usage") + ";\n" + SQL.get("last_before")).replace("{bucket}", bucket)
        .replace("{type_code}", typeCode).replace("{day_bit}", dayBit)
        .replace("{type_aggregates}", typeAggregates).replace("{span_start}", instant(starts[windows]))
        .replace("{span_end}", instant(starts[0]));
    try (Statement statement = connection.createStatement()) {
      for (String part : sql.split(";\\s*\\n")) {
        if (!part.isBlank()) {
          statement.execute(part);
        }
      }
    }
    RetentionMetrics.trace("feature usage");
    return byType;
  }

  /**
   * The zone's offset from UTC in seconds at {@code e.occurred_at}, for instants from {@code from} to {@code to}: a
   * number where it does not change in between, else a CASE over the instants where it does, latest first.
   */
  static String offsets(ZoneId zone, Instant from, Instant to) {
    java.time.zone.ZoneRules rules = zone.getRules();
    List<java.time.zone.ZoneOffsetTransition> changes = new ArrayList<>();
    for (var next = rules.nextTransition(from); next != null && next.getInstant().isBefore(to);
        next = rules.nextTransition(next.getInstant())) {
      changes.add(next);
    }
    if (changes.isEmpty()) {
      return Long.toString(rules.getOffset(from).getTotalSeconds());
    }
    StringBuilder offset = new StringBuilder("CASE");
    for (int i = changes.size() - 1; i >= 0; i--) {
      offset.append(" WHEN e.occurred_at >= ").append(instant(changes.get(i).getInstant())).append(" THEN ")
          .append(changes.get(i).getOffsetAfter().getTotalSeconds());
    }
    return offset.append(" ELSE ").append(rules.getOffset(from).getTotalSeconds()).append(" END").toString();
  }

  private static String instant(Instant instant) {
    return "CAST('" + instant + "' AS TIMESTAMPTZ)";
  }

  /** A feature name from an event type: lower case letters, digits and underscores. */
  static String name(String type) {
    String name = type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return name.isEmpty() ? "event" : name;
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private FeatureTable read(Connection connection, FeatureSchema schema, Design design, String currency, boolean wide) throws SQLException {
    StringBuilder eventSelect = new StringBuilder();
    // the count of the window before: a column of the same row in wide usage, of the next window's row otherwise
    String before = wide ? "u0.e%d_nb" : "u1.e%d_n";
    for (int i = 0; i < schema.eventTypes().size(); i++) {
      eventSelect.append(", coalesce(u0.e").append(i).append("_n, 0) AS e").append(i).append("_n, coalesce(")
          .append(String.format(Locale.ROOT, before, i)).append(", 0) AS e").append(i).append("_nb, coalesce(u0.e").append(i)
          .append("_v, 0) AS e").append(i).append("_v");
    }
    StringBuilder attributeSelect = new StringBuilder();
    for (int i = 0; i < schema.attributes().size(); i++) {
      FeatureSchema.Attribute attribute = schema.attributes().get(i);
      String extract = "json_extract_string(c.attributes, " + literal("$.\"" + attribute.key() + "\"") + ")";
      attributeSelect.append(", ").append(attribute.numeric() ? "TRY_CAST(" + extract + " AS DOUBLE)" : extract).append(" AS a").append(i);
    }
    String joins = wide ? "usage_joins_wide." : "usage_joins.";
    String sql = SQL.get("features").replace("{event_select}", eventSelect)
        .replace("{attribute_select}", attributeSelect)
        .replace("{last_active_join}", SQL.get(joins + "last_active"))
        .replace("{usage_joins}", SQL.get(joins + "windows"))
        .replace("{active_days_before}", SQL.get(joins + "active_days_before"));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, design.windowDays());
      statement.setString(2, currency);
      statement.execute();
    }
    RetentionMetrics.trace("features query");
    List<String> categorical = new ArrayList<>(List.of("plan", "billing_period", "customer_plan", "country", "channel"));
    for (int i = 0; i < schema.attributes().size(); i++) {
      if (!schema.attributes().get(i).numeric()) {
        categorical.add("a" + i);
      }
    }
    Map<String, String[]> levels = levels(connection, categorical);
    RetentionMetrics.trace("feature levels");
    StringBuilder select = new StringBuilder("SELECT * REPLACE (");
    for (int i = 0; i < categorical.size(); i++) {
      String column = categorical.get(i);
      String[] known = levels.get(column);
      select.append(i == 0 ? "" : ", ").append(known.length == 0 ? "CAST(NULL AS INTEGER)"
          : "list_position([" + String.join(", ", Arrays.stream(known).map(FeatureBuilder::literal).toList()) + "], " + column + ")")
          .append(" AS ").append(column);
    }
    // numbers as DOUBLE: a chunk hands over a DOUBLE column as such, and JDBC's getDouble reads other types through their text
    try (Statement statement = connection.createStatement(); ResultSet none = statement.executeQuery("SELECT * FROM hf_features LIMIT 0")) {
      var meta = none.getMetaData();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        String name = meta.getColumnLabel(c);
        if (!Set.of("DOUBLE", "VARCHAR", "DATE").contains(meta.getColumnTypeName(c)) && !Set.of("obs_no", "label").contains(name)) {
          select.append(", CAST(").append(name).append(" AS DOUBLE) AS ").append(name);
        }
      }
    }
    select.append(") FROM hf_features ORDER BY obs_no DESC, customer_id");
    Part part = readAll(connection, select.toString(), schema, design, levels);
    RetentionMetrics.trace("features read");
    if (part.rows == 0) {
      throw new InputException(design.scoring()
          ? "no customer is active on " + design.asOf() + "; check --as-of (the last day with data is the default)"
          : "no customer was active at the observation dates " + design.dates().get(design.dates().size() - 1) + " … "
              + design.dates().get(0) + " with a known outcome " + design.horizonDays() + " days later; import more history, or"
              + " shorten the horizon or the window");
    }
    int[] observations = part.observations();
    LocalDate[] dates = new LocalDate[observations.length];
    List<LocalDate> observationDates = design.dates();
    for (int row = 0; row < dates.length; row++) {
      dates[row] = observationDates.get(observations[row]);
    }
    return new FeatureTable(schema, part.ids(), dates, observations, part.labels(), part.values(), part.columns.build());
  }

  /** Whether DuckDB's results are read a chunk at a time ({@link Chunks}) rather than through JDBC (tests compare the two). */
  static boolean readChunks = true;

  /** The rows of {@code query} (sorted): as many as hf_features holds, in arrays made for them. */
  private static Part readAll(Connection connection, String query, FeatureSchema schema, Design design, Map<String, String[]> levels)
      throws SQLException {
    long count;
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM hf_features")) {
      rows.next();
      count = rows.getLong(1);
    }
    try (PreparedStatement statement = connection.prepareStatement(query); Cursor rows = cursor(statement)) {
      RetentionMetrics.trace("features sorted");
      return readRows(rows, Math.toIntExact(count), schema, design, levels);
    }
  }

  /**
   * The rows of one result: identifiers, observation numbers, labels, values and the feature columns, in arrays made
   * for the number of rows expected (a million rows grown by doubling spent seconds copying and collecting garbage).
   */
  private static final class Part {
    final Columns columns;
    private String[] ids;
    private int[] observations;
    private double[] labels;
    private double[] values;
    int rows;

    Part(int expected) {
      int capacity = Math.max(1, expected);
      columns = new Columns(capacity);
      ids = new String[capacity];
      observations = new int[capacity];
      labels = new double[capacity];
      values = new double[capacity];
    }

    void add(String id, int observation, double label, double value) {
      if (rows == ids.length) {
        int capacity = rows * 2;
        ids = Arrays.copyOf(ids, capacity);
        observations = Arrays.copyOf(observations, capacity);
        labels = Arrays.copyOf(labels, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      ids[rows] = id;
      observations[rows] = observation;
      labels[rows] = label;
      values[rows] = value;
      rows++;
    }

    String[] ids() {
      return ids.length == rows ? ids : Arrays.copyOf(ids, rows);
    }

    int[] observations() {
      return observations.length == rows ? observations : Arrays.copyOf(observations, rows);
    }

    double[] labels() {
      return labels.length == rows ? labels : Arrays.copyOf(labels, rows);
    }

    double[] values() {
      return values.length == rows ? values : Arrays.copyOf(values, rows);
    }
  }

  private static Part readRows(Cursor rows, int expected, FeatureSchema schema, Design design, Map<String, String[]> levels)
      throws SQLException {
    Part part = new Part(expected);
    Columns columns = part.columns;
    Map<String, Integer> at = new HashMap<>();
    for (int c = 1; c <= rows.columnCount(); c++) {
      at.put(rows.label(c), c);
    }
    int obsNo = at.get("obs_no");
    int types = schema.eventTypes().size();
    int[] eventNow = new int[types];
    int[] eventBefore = new int[types];
    int[] eventValue = new int[types];
    for (int i = 0; i < types; i++) {
      eventNow[i] = at.get("e" + i + "_n");
      eventBefore[i] = at.get("e" + i + "_nb");
      eventValue[i] = at.get("e" + i + "_v");
    }
    int[] attributeAt = new int[schema.attributes().size()];
    String[] attributeNames = new String[attributeAt.length];
    String[] attributeSignals = new String[attributeAt.length];
    for (int i = 0; i < attributeAt.length; i++) {
      attributeAt[i] = at.get("a" + i);
      attributeNames[i] = "attr_" + name(schema.attributes().get(i).key());
      attributeSignals[i] = "attribute:" + schema.attributes().get(i).key();
    }
    String[][] eventNames = new String[types][];
    String[] eventSignals = new String[types];
    for (int i = 0; i < types; i++) {
      FeatureSchema.EventType type = schema.eventTypes().get(i);
      eventNames[i] = new String[] {type.name() + "_count", type.name() + "_trend", type.name() + "_value", type.name() + "_per_active_day"};
      eventSignals[i] = "event:" + type.type();
    }
    int atCustomerId = at.get("customer_id");
    int atLabel = at.get("label");
    int atMrr = at.get("mrr");
    int atTenureDays = at.get("tenure_days");
    int atCustomerDays = at.get("customer_days");
    int atMrrChange = at.get("mrr_change");
    int atActiveDays = at.get("active_days");
    int atActiveDaysBefore = at.get("active_days_before");
    int atDaysSinceActive = at.get("days_since_active");
    int atOrders = at.get("orders");
    int atOrderValue = at.get("order_value");
    int atOrderAverage = at.get("order_average");
    int atOrderAverageBefore = at.get("order_average_before");
    int atDaysSinceOrder = at.get("days_since_order");
    int atTickets = at.get("tickets");
    int atOpenTickets = at.get("open_tickets");
    int atOldestOpenTicketDays = at.get("oldest_open_ticket_days");
    int atTicketSatisfaction = at.get("ticket_satisfaction");
    int atPoorTickets = at.get("poor_tickets");
    int atNps = at.get("nps");
    int atNpsDays = at.get("nps_days");
    int atCsat = at.get("csat");
    int atCes = at.get("ces");
    int atCsatDays = at.get("csat_days");
    int atCesDays = at.get("ces_days");
    int atPlan = at.get("plan");
    int atBillingPeriod = at.get("billing_period");
    int atCustomerPlan = at.get("customer_plan");
    int atCountry = at.get("country");
    int atChannel = at.get("channel");
    String[] planLevels = levels.get("plan");
    String[] billingPeriodLevels = levels.get("billing_period");
    String[] customerPlanLevels = levels.get("customer_plan");
    String[] countryLevels = levels.get("country");
    String[] channelLevels = levels.get("channel");
    String[][] attributeLevels = new String[attributeAt.length][];
    for (int i = 0; i < attributeAt.length; i++) {
      attributeLevels[i] = levels.get("a" + i);
    }
    while (rows.next()) {
      double mrr = rows.number(atMrr);
      part.add(rows.string(atCustomerId), rows.integer(obsNo), design.scoring() ? Double.NaN : rows.integer(atLabel), mrr);
      columns.beginRow();
      columns.number("tenure_days", "tenure", rows.number(atTenureDays));
      columns.number("customer_days", "tenure", rows.number(atCustomerDays));
      columns.number("mrr", "mrr", mrr);
      columns.number("mrr_change", "mrr_change", rows.number(atMrrChange));
      columns.category("plan", "plan", level(rows, atPlan, planLevels));
      columns.category("billing_period", "plan", level(rows, atBillingPeriod, billingPeriodLevels));
      columns.category("customer_plan", "plan", level(rows, atCustomerPlan, customerPlanLevels));
      columns.category("country", "country", level(rows, atCountry, countryLevels));
      columns.category("channel", "channel", level(rows, atChannel, channelLevels));
      for (int i = 0; i < schema.attributes().size(); i++) {
        if (schema.attributes().get(i).numeric()) {
          columns.number(attributeNames[i], attributeSignals[i], rows.number(attributeAt[i]));
        } else {
          columns.category(attributeNames[i], attributeSignals[i], level(rows, attributeAt[i], attributeLevels[i]));
        }
      }
      double active = rows.real(atActiveDays);
      for (int i = 0; i < schema.eventTypes().size(); i++) {
        double now = rows.real(eventNow[i]);
        double before = rows.real(eventBefore[i]);
        columns.number(eventNames[i][0], eventSignals[i], now);
        columns.number(eventNames[i][1], eventSignals[i], trend(now, before));
        if (schema.eventTypes().get(i).hasValue()) {
          columns.number(eventNames[i][2], eventSignals[i], rows.real(eventValue[i]));
        }
        // how intensively the customer uses it on the days they come: 0 events on 0 days is no rate
        columns.number(eventNames[i][3], eventSignals[i], active == 0 ? Double.NaN : now / active);
      }
      columns.number("active_days", "activity", active);
      columns.number("active_days_trend", "activity", trend(active, rows.real(atActiveDaysBefore)));
      columns.number("days_since_active", "activity", rows.number(atDaysSinceActive));
      columns.number("orders", "orders", rows.real(atOrders));
      columns.number("order_value", "orders", rows.real(atOrderValue));
      double average = rows.number(atOrderAverage);
      columns.number("order_average", "order_average", average);
      columns.number("order_average_trend", "order_average", ratioChange(average, rows.number(atOrderAverageBefore)));
      columns.number("days_since_order", "orders", rows.number(atDaysSinceOrder));
      columns.number("tickets", "tickets", rows.real(atTickets));
      columns.number("open_tickets", "open_tickets", rows.real(atOpenTickets));
      columns.number("oldest_open_ticket_days", "open_tickets", rows.number(atOldestOpenTicketDays));
      columns.number("ticket_satisfaction", "ticket_satisfaction", rows.number(atTicketSatisfaction));
      columns.number("poor_tickets", "ticket_satisfaction", rows.real(atPoorTickets));
      columns.number("nps", "nps", rows.number(atNps));
      columns.number("nps_days", "nps", rows.number(atNpsDays));
      columns.number("csat", "csat", rows.number(atCsat));
      columns.number("csat_days", "csat", rows.number(atCsatDays));
      columns.number("ces", "ces", rows.number(atCes));
      columns.number("ces_days", "ces", rows.number(atCesDays));
      columns.endRow();
    }
    return part;
  }

  /** The change of a count on the window before, as a fraction (−0.62: down 62 %); 0 when both are 0; NaN from nothing. */
  static double trend(double now, double before) {
    if (before == 0) {
      return now == 0 ? 0 : Double.NaN;
    }
    return (now - before) / before;
  }

  private static double ratioChange(double now, double before) {
    return Double.isNaN(now) || Double.isNaN(before) || before == 0 ? Double.NaN : (now - before) / before;
  }

  /** The distinct values of each categorical column of hf_features, in order. */
  private static Map<String, String[]> levels(Connection connection, List<String> columns) throws SQLException {
    Map<String, List<String>> found = new HashMap<>();
    StringBuilder sql = new StringBuilder();
    for (String column : columns) {
      found.put(column, new ArrayList<>());
      sql.append(sql.length() == 0 ? "" : " UNION ALL ").append("SELECT * FROM (SELECT DISTINCT ").append(literal(column))
          .append(" AS feature, CAST(").append(column).append(" AS VARCHAR) AS level FROM hf_features WHERE ").append(column)
          .append(" IS NOT NULL)");
    }
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql + " ORDER BY 1, 2")) {
      while (rows.next()) {
        found.get(rows.getString(1)).add(rows.getString(2));
      }
    }
    Map<String, String[]> levels = new HashMap<>();
    found.forEach((column, values) -> levels.put(column, values.toArray(String[]::new)));
    return levels;
  }

  /** A categorical value read as its position in the column's levels (0: missing). */
  private static String level(Cursor rows, int column, String[] levels) throws SQLException {
    int position = rows.integer(column);
    return position == 0 ? null : levels[position - 1];
  }

  /** The rows of a result, one after another; columns numbered from 1, as in JDBC. */
  private interface Cursor extends AutoCloseable {
    boolean next() throws SQLException;

    int columnCount() throws SQLException;

    String label(int column) throws SQLException;

    String string(int column) throws SQLException;

    /** A whole number, 0 where missing. */
    int integer(int column) throws SQLException;

    /** A number, 0 where missing (JDBC's {@code getDouble}). */
    double real(int column) throws SQLException;

    /** A number, NaN where missing. */
    double number(int column) throws SQLException;

    @Override
    void close() throws SQLException;
  }

  /** A JDBC result, one value at a time (any database). */
  private record Jdbc(ResultSet rows) implements Cursor {
    @Override
    public boolean next() throws SQLException {
      return rows.next();
    }

    @Override
    public int columnCount() throws SQLException {
      return rows.getMetaData().getColumnCount();
    }

    @Override
    public String label(int column) throws SQLException {
      return rows.getMetaData().getColumnLabel(column);
    }

    @Override
    public String string(int column) throws SQLException {
      return rows.getString(column);
    }

    @Override
    public int integer(int column) throws SQLException {
      return rows.getInt(column);
    }

    @Override
    public double real(int column) throws SQLException {
      return rows.getDouble(column);
    }

    @Override
    public double number(int column) throws SQLException {
      double value = rows.getDouble(column);
      return rows.wasNull() ? Double.NaN : value;
    }

    @Override
    public void close() throws SQLException {
      rows.close();
    }
  }

  /**
   * DuckDB's result a chunk of rows at a time, each column's values read from the chunk's own memory: a million rows
   * of 80 columns in about half the time of the driver's {@code ResultSet}, which goes through a call per value.
   */
  private static final class Chunks implements Cursor {
    private final org.duckdb.DuckDBChunkedResult result;
    private org.duckdb.DuckDBReadableVector[] vectors = new org.duckdb.DuckDBReadableVector[0];
    private long row = -1;
    private long rows;

    Chunks(org.duckdb.DuckDBPreparedStatement statement) throws SQLException {
      result = statement.query();
    }

    @Override
    public boolean next() {
      if (++row < rows) {
        return true;
      }
      while (result.nextChunk()) {
        org.duckdb.DuckDBDataChunkReader chunk = result.chunk();
        rows = chunk.rowCount();
        if (rows > 0) {
          vectors = new org.duckdb.DuckDBReadableVector[Math.toIntExact(chunk.columnCount())];
          for (int c = 0; c < vectors.length; c++) {
            vectors[c] = chunk.vector(c);
          }
          row = 0;
          return true;
        }
      }
      return false;
    }

    @Override
    public int columnCount() {
      return Math.toIntExact(result.columnCount());
    }

    @Override
    public String label(int column) {
      return result.columnName(column - 1);
    }

    @Override
    public String string(int column) {
      return vectors[column - 1].getString(row);
    }

    @Override
    public int integer(int column) {
      org.duckdb.DuckDBReadableVector vector = vectors[column - 1];
      return vector.getType() == org.duckdb.DuckDBColumnType.INTEGER ? vector.getInt(row, 0) : Math.toIntExact(vector.getLong(row, 0));
    }

    @Override
    public double real(int column) {
      return vectors[column - 1].getDouble(row, 0);
    }

    @Override
    public double number(int column) {
      return vectors[column - 1].getDouble(row, Double.NaN);
    }

    @Override
    public void close() throws SQLException {
      result.close();
    }
  }

  /** The rows of {@code statement} (its parameters set), chunk by chunk where the database is DuckDB. */
  private static Cursor cursor(PreparedStatement statement) throws SQLException {
    return readChunks && statement instanceof org.duckdb.DuckDBPreparedStatement duck ? new Chunks(duck) : new Jdbc(statement.executeQuery());
  }

  /** Columns filled row by row, in the order of their first value. */
  private static final class Columns {
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private final List<double[]> numbers = new ArrayList<>();
    private final List<String[]> categories = new ArrayList<>();
    private int row;
    private int capacity;

    private int cursor;
    private double[][] numberArrays = new double[0][];
    private String[][] categoryArrays = new String[0][];

    /** Columns with room for {@code capacity} rows, more made when needed. */
    Columns(int capacity) {
      this.capacity = capacity;
    }

    /** Makes room for one more row. */
    void beginRow() {
      if (row == capacity) {
        capacity *= 2;
        for (int c = 0; c < names.size(); c++) {
          if (numbers.get(c) != null) {
            numbers.set(c, Arrays.copyOf(numbers.get(c), capacity));
          } else {
            categories.set(c, Arrays.copyOf(categories.get(c), capacity));
          }
        }
        numberArrays = numbers.toArray(double[][]::new);
        categoryArrays = categories.toArray(String[][]::new);
      }
    }

    void number(String name, String signal, double value) {
      int c = row == 0 ? column(name, signal, false) : cursor++;
      numberArrays[c][row] = value;
    }

    void category(String name, String signal, String value) {
      int c = row == 0 ? column(name, signal, true) : cursor++;
      categoryArrays[c][row] = value;
    }

    /** On the first row a column is registered by name; later rows fill the columns in the same order. */
    private int column(String name, String signal, boolean categorical) {
      Integer c = index.get(name);
      if (c == null) {
        if (row > 0) {
          throw new IllegalStateException("feature " + name + " first seen on row " + row);
        }
        c = names.size();
        index.put(name, c);
        names.add(name);
        signals.add(signal);
        numbers.add(categorical ? null : new double[capacity]);
        categories.add(categorical ? new String[capacity] : null);
        numberArrays = numbers.toArray(double[][]::new);
        categoryArrays = categories.toArray(String[][]::new);
      }
      return c;
    }

    void endRow() {
      if (row > 0 && cursor != names.size()) {
        throw new IllegalStateException("row " + row + " filled " + cursor + " of " + names.size() + " features");
      }
      row++;
      cursor = 0;
    }

    List<FeatureTable.Column> build() {
      List<FeatureTable.Column> built = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        double[] number = numbers.get(c);
        String[] category = categories.get(c);
        // the arrays themselves when they hold exactly the rows, as they do when the row count was known
        built.add(new FeatureTable.Column(names.get(c), signals.get(c),
            number == null ? null : number.length == row ? number : Arrays.copyOf(number, row),
            category == null ? null : category.length == row ? category : Arrays.copyOf(category, row)));
      }
      return built;
    }
  }
}
