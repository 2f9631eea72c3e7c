package dev.holdfast.web;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.SqlFile;
import dev.holdfast.store.customer.ChurnScores;
import dev.holdfast.store.customer.ClvPredictions;
import dev.holdfast.store.customer.Customers;
import dev.holdfast.store.retention.Cohorts;
import dev.holdfast.store.retention.Lifetimes;
import dev.holdfast.store.retention.RetentionMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Everything the dashboard, its API and the report show, computed from one store and kept per (question, data
 * version) so that a question asked again on the same data is answered from memory.
 *
 * <p>The metrics engine keeps temporary tables on the store's connection, so its work (metrics, cohorts,
 * survival, drill-downs, reasons) runs one at a time under one lock; look-ups of single customers, scores and
 * predictions run on a second connection to the same database and need not wait for it. The data version is
 * read at most once per {@code versionTtl}.
 */
final class Insights implements AutoCloseable {
  /** How many periods a page shows when the request gives no range. */
  static final int DEFAULT_PERIODS = 24;
  /** How many periods the trends and reasons cover when the request gives no range: three years, as {@code holdfast trends}, so that seasons can be compared. */
  static final int HISTORY_PERIODS = 36;
  /** More periods than this are too many to draw or to answer quickly. */
  static final int MAX_PERIODS = 1000;
  static final List<String> FIGURES = List.of("at_start", "at_end", "new", "reactivated", "lost", "gone_same_period", "churned", "expansion",
      "contraction", "reactivation", "billing_change");
  private static final Set<String> COLUMNS = Set.of("plan", "country", "channel", "owner");
  private static final SqlFile SQL = SqlFile.load(Insights.class, "/dev/holdfast/web/web.sql");
  private static final int CACHE_ENTRIES = 512;

  /** The first and last day with data. */
  record DataDays(LocalDate first, LocalDate last) {}

  private final HoldfastConfig config;
  private final RetentionMetrics metrics;
  private final Cohorts cohorts;
  private final Lifetimes lifetimes;
  private final Connection side;
  private final Customers customers;
  private final ChurnScores scores;
  private final ClvPredictions predictions;
  private final ReentrantLock engine = new ReentrantLock();
  private final Object sideLock = new Object();
  private final Map<String, Object> cache;
  private final long versionTtlNanos;
  private String version;
  private long versionReadAt;

  Insights(DuckDbStore store, HoldfastConfig config, Clock clock, Duration versionTtl) {
    this(store, config, clock, versionTtl, newCache());
  }

  /**
   * With a cache of computed results that outlives this instance: one made by {@link #newCache()} for a server that
   * closes its store when idle and opens it again, keyed by the data version, so results of unchanged data stay.
   */
  Insights(DuckDbStore store, HoldfastConfig config, Clock clock, Duration versionTtl, Map<String, Object> cache) {
    this.cache = cache;
    this.config = config;
    Messages messages = Messages.of(config.locale());
    this.metrics = new RetentionMetrics(store, config, messages, clock);
    this.cohorts = new Cohorts(metrics, messages);
    this.lifetimes = new Lifetimes(metrics);
    try {
      this.side = store.connection().duplicate();
    } catch (SQLException e) {
      throw new StoreException("cannot open a second connection to " + store.file() + ": " + e.getMessage(), e);
    }
    this.customers = new Customers(side);
    this.scores = new ChurnScores(side);
    this.predictions = new ClvPredictions(side);
    this.versionTtlNanos = versionTtl.toNanos();
  }

  /** An empty cache of computed results, of at most {@value #CACHE_ENTRIES} entries, the least recently used dropped first. */
  static Map<String, Object> newCache() {
    return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > CACHE_ENTRIES;
      }
    });
  }

  HoldfastConfig config() {
    return config;
  }

  /** The request's defaults applied and its customers' attributes checked; a bad request is a 400 problem naming the fields. */
  Request resolve(Request.Input input, int defaultPeriods) {
    WebText text = WebText.of(input.language());
    List<ApiProblem.FieldError> errors = new ArrayList<>();
    Set<String> known = attributes();
    for (RetentionMetrics.Segment segment : input.segments()) {
      if (!known.contains(segment.attribute())) {
        errors.add(new ApiProblem.FieldError("segment", text.get("error.attribute", segment.attribute(), String.join(", ", known))));
      }
    }
    if (input.by() != null && !known.contains(input.by())) {
      errors.add(new ApiProblem.FieldError("by", text.get("error.attribute", input.by(), String.join(", ", known))));
    }
    if (input.currency() != null && !dev.holdfast.config.ConfigLoader.isCurrency(input.currency())) {
      errors.add(new ApiProblem.FieldError("currency", text.get("error.currency", input.currency())));
    }
    DataDays days = days();
    // nothing is known of days to come, as the command line says
    LocalDate today = metrics.today();
    if (input.asOf() != null && input.asOf().isAfter(today)) {
      errors.add(new ApiProblem.FieldError("as_of", text.get("error.as_of_future", input.asOf(), today)));
    }
    Period period = input.period();
    LocalDate asOf = input.asOf() != null ? input.asOf() : days.last();
    LocalDate last = input.to() != null ? input.to() : asOf;
    LocalDate first = input.from();
    if (first == null && defaultPeriods <= 0) {
      // all history; an as-of date or end before 1900 is not blamed on a from the request never gave
      first = LocalDate.of(1900, 1, 1);
      if (first.isAfter(last) || first.isAfter(asOf)) {
        first = LocalDate.of(1, 1, 1);
      }
    }
    if (first == null) {
      first = period.start(last.isAfter(asOf) ? asOf : last);
      for (int i = 1; i < defaultPeriods; i++) {
        first = period.start(first.minusDays(1));
      }
      // no empty periods before the data begin
      if (days.first() != null && period.start(days.first()).isAfter(first) && !period.start(days.first()).isAfter(last)) {
        first = period.start(days.first());
      }
    }
    if (first.isAfter(last)) {
      errors.add(new ApiProblem.FieldError("from", text.get("error.from_after_to", first, last)));
    } else if (first.isAfter(asOf)) {
      errors.add(new ApiProblem.FieldError("from", text.get("error.from_after_as_of", first, asOf)));
    } else if (defaultPeriods > 0) {
      long periods = period.starts(first, last.isAfter(asOf) ? asOf : last).size();
      if (periods > MAX_PERIODS) {
        errors.add(new ApiProblem.FieldError("period", text.get("error.too_many_periods", periods, period.code(), MAX_PERIODS)));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.badRequest(text.get("error.title"), errors);
    }
    return new Request(period, first, last, asOf, input.segments(), input.by(), input.currency() != null ? input.currency() : config.currency(),
        input.language());
  }

  /** The default request of the pages, in the configured language. */
  Request defaults(int defaultPeriods) {
    return resolve(new Request.Input(Period.MONTH, null, null, null, List.of(), null, null, config.locale()), defaultPeriods);
  }

  DataDays days() {
    return onEngine("days", () -> new DataDays(metrics.firstDataDay(), metrics.lastDataDay()));
  }

  List<PeriodMetrics> periods(Request request) {
    return onEngine("periods|" + request.key(), () -> metrics.compute(request.query()));
  }

  Map<String, Object> metrics(Request request) {
    return echo(request, cached("metrics|" + request.key(), () -> MetricsView.of(request, periods(request))));
  }

  Map<String, Object> trends(Request request, List<String> fields) {
    Request whole = request.whole();
    return cached("trends|" + whole.key() + "|" + fields + "|" + request.language(), () -> TrendsView.of(whole, periods(whole), fields));
  }

  /** The customers behind {@code figure} in the period labelled {@code period}: at most {@code limit}, the largest MRR change first. */
  Map<String, Object> movers(Request request, String figure, String period, int limit, int offset) {
    Request whole = request.whole();
    return echo(whole, onEngine("movers|" + whole.key() + "|" + figure + "|" + period + "|" + limit + "|" + offset, () -> {
      // when the metrics of the same range were the engine's last work, the drill-down only filters their period states
      List<RetentionMetrics.Mover> movers = metrics.customers(whole.query(), period, null, figure, offset + limit + 1);
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("query", whole.describe());
      view.put("figure", figure);
      view.put("period", period);
      view.put("limit", limit);
      view.put("offset", offset);
      view.put("more", movers.size() > offset + limit);
      view.put("customers", movers.stream().skip(offset).limit(limit).map(mover -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("customer_id", mover.customerId());
        row.put("kind", mover.kind());
        row.put("at_start", mover.atStart());
        row.put("at_end", mover.atEnd());
        row.put("mrr_start", mover.mrrStart());
        row.put("mrr_end", mover.mrrEnd());
        row.put("mrr_change", Math.round((mover.mrrEnd() - mover.mrrStart()) * 10_000) / 10_000.0);
        row.put("movement", mover.movement());
        row.put("churn_type", mover.churnType());
        row.put("cancel_reason", mover.cancelReason());
        return row;
      }).toList());
      return view;
    }));
  }

  Map<String, Object> cohorts(Request request) {
    Request whole = request.whole();
    return echo(whole, onEngine("cohorts|" + whole.key(), () -> CohortsView.of(whole, cohorts.compute(whole.query()))));
  }

  Map<String, Object> cohortMembers(Request request, String cohort, int age, int limit, int offset) {
    Request whole = request.whole();
    return echo(whole, onEngine("members|" + whole.key() + "|" + cohort + "|" + age + "|" + limit + "|" + offset,
        () -> CohortsView.members(whole, cohort, age, cohorts.members(whole.query(), cohort, null, age), limit, offset)));
  }

  /**
   * Refuses an API request whose cohorts would be followed over more than {@link #MAX_PERIODS} periods: cohorts run from
   * {@code from} up to the as-of date, whatever {@code to} says, so the periods counted are those, and the problem
   * names {@code from} where the request gave it, else {@code period} (the report computes what it is asked).
   */
  static void requireCohortPeriods(Request request, boolean fromGiven) {
    long periods = request.period().starts(request.from(), request.asOf()).size();
    if (periods > MAX_PERIODS) {
      WebText text = WebText.of(request.language());
      throw ApiProblem.badRequest(text.get("error.title"), List.of(new ApiProblem.FieldError(fromGiven ? "from" : "period",
          text.get("error.too_many_cohort_periods", request.from(), request.asOf(), periods, request.period().code(), MAX_PERIODS))));
    }
  }

  Map<String, Object> survival(Request request, double[] at) {
    return echo(request, onEngine("survival|" + request.key() + "|" + Arrays.toString(at), () -> SurvivalView.of(request, lifetimes.read(request.query()), at)));
  }

  Map<String, Object> reasons(Request request) {
    Request whole = request.whole();
    return echo(whole, onEngine("reasons|" + whole.key(), () -> ReasonsView.of(whole, metrics.reasons(whole.query()))));
  }

  Map<String, Object> clv(Request request) {
    Request whole = request.whole();
    List<PeriodMetrics> periods = periods(whole);
    return echo(whole, cached("clv|" + whole.key(), () -> onSide(() -> {
      Map<String, Object> view = ClvView.of(whole, predictions.summary(whole.currency(), whole.segments()),
          predictions.histogram(whole.currency(), ClvView.BINS, whole.segments()), predictions.top(whole.currency(), ClvView.TOP, whole.segments()),
          periods);
      // none in the segment is not none at all: the page says which (holdfast clv would not help the first)
      view.put("predicted_in_store", whole.segments().isEmpty() ? view.get("predictions") != null
          : predictions.summary(whole.currency()).isPresent());
      // a store without buyers (a subscription business) has nothing for holdfast clv to fit: the page says so instead
      view.put("buyers_in_store", predictions.hasBuyers(whole.currency()));
      return view;
    })));
  }

  Map<String, Object> atRisk(ChurnScores.Query query, Locale language) {
    return cached("at-risk|" + query + "|" + language, () -> onSide(() -> RiskView.atRisk(scores.atRisk(query), query, language)));
  }

  Map<String, Object> model() {
    return cached("model", () -> onSide(() -> RiskView.model(scores.currentModel())));
  }

  /** The customer's page, or empty when the store has no such customer. */
  Optional<Map<String, Object>> customer(String id, Locale language) {
    LocalDate asOf = days().last();
    return cached("customer|" + id + "|" + language, () -> onSide(() -> customers.history(id, CustomerView.ORDERS)
        .map(history -> CustomerView.of(history, scores.history(id), predictions.of(id), asOf, config.policies().inactivityDays(), config.timeZone(),
            language))));
  }

  /** The attributes customers can be segmented by, each with its commonest values. */
  Map<String, Object> segments() {
    return cached("segments", () -> onSide(() -> {
      Map<String, List<Map<String, Object>>> values = new LinkedHashMap<>();
      for (String column : List.of("plan", "country", "channel", "owner")) {
        values.put(column, new ArrayList<>());
      }
      for (Customers.AttributeValue value : customers.attributeValues(50)) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("value", value.value());
        item.put("customers", value.customers());
        values.computeIfAbsent(value.attribute(), key -> new ArrayList<>()).add(item);
      }
      List<Map<String, Object>> attributes = new ArrayList<>();
      values.forEach((name, list) -> {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("name", name);
        attribute.put("values", list);
        attributes.add(attribute);
      });
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("attributes", attributes);
      return view;
    }));
  }

  /** The names customers can be segmented by: the columns and every free-form attribute key. */
  @SuppressWarnings("unchecked")
  Set<String> attributes() {
    Set<String> names = new TreeSet<>(COLUMNS);
    for (Map<String, Object> attribute : (List<Map<String, Object>>) segments().get("attributes")) {
      names.add((String) attribute.get("name"));
    }
    return names;
  }

  /** Computes what the pages show first for the default request, so that the first visitor does not wait. */
  void warm() {
    Request overview = defaults(DEFAULT_PERIODS);
    metrics(overview);
    Request history = defaults(HISTORY_PERIODS);
    trends(history, TrendsView.DEFAULT_FIELDS);
    reasons(history);
    segments();
    atRisk(new ChurnScores.Query(List.of(), ChurnScores.Order.REVENUE_AT_RISK, true, 50, 0), overview.language());
    model();
    cohorts(overview);
    clv(overview);
    Request survival = defaults(0);
    survival(attributes().contains("plan") ? survival.splitBy("plan") : survival, SurvivalView.DEFAULT_AT);
  }

  /** The current data version, read again when the last reading is older than the time to live. */
  String version() {
    synchronized (sideLock) {
      long now = System.nanoTime();
      if (version == null || now - versionReadAt >= versionTtlNanos) {
        try (Statement statement = side.createStatement(); ResultSet rows = statement.executeQuery(SQL.get("data_version"))) {
          rows.next();
          version = rows.getString(1);
          versionReadAt = now;
        } catch (SQLException e) {
          throw new StoreException("cannot read the data version of the store: " + e.getMessage(), e);
        }
      }
      return version;
    }
  }

  @SuppressWarnings("unchecked")
  /**
   * A cached view as this request sees it: the view is shared by every request with the same question (its key has no
   * language, since its numbers have none), so its echo of the query, which names the language, is this request's.
   */
  private static Map<String, Object> echo(Request request, Map<String, Object> view) {
    if (!view.containsKey("query")) {
      return view;
    }
    Map<String, Object> own = new LinkedHashMap<>(view);
    own.put("query", request.describe());
    return own;
  }

  private <T> T cached(String key, Supplier<T> compute) {
    String versioned = key + "#" + version();
    Object hit = cache.get(versioned);
    if (hit != null) {
      return (T) hit;
    }
    T value = compute.get();
    cache.put(versioned, value);
    return value;
  }

  /** Cached work of the metrics engine, one at a time; a second caller of the same question waits and then finds it cached. */
  @SuppressWarnings("unchecked")
  private <T> T onEngine(String key, Supplier<T> compute) {
    String versioned = key + "#" + version();
    Object hit = cache.get(versioned);
    if (hit != null) {
      return (T) hit;
    }
    engine.lock();
    try {
      hit = cache.get(versioned);
      if (hit != null) {
        return (T) hit;
      }
      T value = compute.get();
      cache.put(versioned, value);
      return value;
    } finally {
      engine.unlock();
    }
  }

  private <T> T onSide(Supplier<T> work) {
    synchronized (sideLock) {
      return work.get();
    }
  }

  @Override
  public void close() {
    try {
      side.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the second connection to the store: " + e.getMessage(), e);
    }
  }
}
