package dev.holdfast.web;

import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.Feedback;
import dev.holdfast.retention.MrrMovements;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.retention.Purchases;
import dev.holdfast.store.customer.ChurnScores;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON API under {@code /api/v1}: each operation with its parameters (which the OpenAPI document
 * describes, so the two cannot drift apart) and what it answers.
 */
final class Api {
  static final String PREFIX = "/api/v1";

  /** A parameter of an operation as OpenAPI describes it; {@code type} is string, integer, number or date. */
  record Parameter(String name, String in, String type, String description, boolean required, boolean repeated, List<String> choices) {
    static Parameter query(String name, String type, String description) {
      return new Parameter(name, "query", type, description, false, false, List.of());
    }

    Parameter mandatory() {
      return new Parameter(name, in, type, description, true, repeated, choices);
    }

    Parameter repeatable() {
      return new Parameter(name, in, type, description, required, true, choices);
    }

    Parameter choices(List<String> values) {
      return new Parameter(name, in, type, description, required, repeated, List.copyOf(values));
    }
  }

  /** What an operation answers for one request, given its checked parameters (and the path's, read from the request). */
  interface Answer {
    Object answer(Map<String, String> path, Params params);
  }

  /** One GET operation: its path under the API, OpenAPI operation id, one-line summary, parameters and answer. */
  record Operation(String path, String id, String summary, List<Parameter> parameters, Answer answer) {
    Set<String> queryNames() {
      return parameters.stream().filter(parameter -> parameter.in().equals("query")).map(Parameter::name)
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }
  }

  /** The numeric fields of a period's metrics, which the trends can follow. */
  static final List<String> METRIC_FIELDS = numericFields();

  private static final Parameter LANG = Parameter.query("lang", "string", "Language of texts (sentences, reasons, problems): en or ru; default: the configured locale.")
      .choices(WebText.LANGUAGES);
  private static final Parameter PERIOD = Parameter.query("period", "string", "Period length: day, week, month (default), quarter or year.")
      .choices(List.of("day", "week", "month", "quarter", "year"));
  private static final Parameter TO = Parameter.query("to", "date", "Last day of the range (YYYY-MM-DD); default: the as-of date.");
  private static final Parameter AS_OF = Parameter.query("as_of", "date", "Data known on this day count (YYYY-MM-DD); default: the last day with data.");
  private static final Parameter SEGMENT = Parameter.query("segment", "string",
      "Only customers whose attribute has the value, as attribute=value (plan=pro, country=RU, or a free-form attribute); repeat for several.")
      .repeatable();
  private static final Parameter CURRENCY = Parameter.query("currency", "string", "Currency of MRR and money (ISO 4217); default: the configured one.");
  private static final Parameter BY = Parameter.query("by", "string", "Split the customers by this attribute (plan, country, channel, owner or a free-form one).");
  private static final Parameter LIMIT = Parameter.query("limit", "integer", "At most this many customers (1–1000, default 100).");
  /** Where a page of a drill-down starts: with {@code more} in the answer, a client reads every customer page by page. */
  private static final Parameter PAGE_OFFSET = Parameter.query("offset", "integer", "Skip this many first (default 0): the next page starts at offset + limit.");
  /** The range of a page: the {@link Insights#DEFAULT_PERIODS} periods by default. */
  private static final List<Parameter> RANGE = range(Insights.DEFAULT_PERIODS);
  /** The range of the trends and reasons: the {@link Insights#HISTORY_PERIODS} periods by default, so that seasons can be compared. */
  private static final List<Parameter> HISTORY = range(Insights.HISTORY_PERIODS);
  /**
   * The range of the survival curves: all history by default. Lifetimes are in months whatever the period; the
   * dashboard sends its filters (period included) to every page's route, so the period is accepted and said to change
   * nothing.
   */
  private static final List<Parameter> LIFETIMES = range(0).stream().map(parameter -> parameter == PERIOD
      ? Parameter.query("period", "string", "Accepted with the other filters and ignored: lifetimes are in months.")
          .choices(List.of("day", "week", "month", "quarter", "year"))
      : parameter == TO ? Parameter.query("to", "date", "Only customers whose first active day is on or before this day (YYYY-MM-DD);"
          + " default: the as-of date.") : parameter).toList();
  /** The range of a drill-down: the page's, reaching back to the period asked for when from is not given. */
  private static final Parameter DRILL_DOWN_FROM = Parameter.query("from", "date", "First day of the range (YYYY-MM-DD); default: the "
      + Insights.DEFAULT_PERIODS + " periods up to to (or the as-of date if earlier), reaching back to the period asked for, not before the data begin.");

  /** The insights of the store as it is open for the request being answered (see {@link StoreLease}). */
  private final java.util.function.Supplier<Insights> current;
  private final List<Operation> operations;

  Api(Insights insights) {
    this(() -> insights);
  }

  Api(java.util.function.Supplier<Insights> current) {
    this.current = current;
    this.operations = List.of(
        new Operation("/metrics", "getMetrics", "Every period metric per period (and segment), with the headline KPIs and their change",
            with(RANGE, BY), (path, params) -> {
              Request.Input input = Request.Input.of(params, true);
              params.check();
              return insights().metrics(insights().resolve(input, Insights.DEFAULT_PERIODS));
            }),
        new Operation("/metrics/customers", "getMetricCustomers", "The customers behind one figure of one period (drill-down)",
            with(List.of(DRILL_DOWN_FROM, TO, AS_OF, SEGMENT, CURRENCY, LANG),
                Parameter.query("figure", "string", "The figure: an MRR movement or a customer count.").mandatory().choices(Insights.FIGURES),
                Parameter.query("period", "string", "The period by its label: 2025-03-14, 2025-W11, 2025-03, 2025-Q1 or 2025 (its form gives the length).")
                    .mandatory(),
                LIMIT, PAGE_OFFSET), this::movers),
        new Operation("/trends", "getTrends", "Metrics as series: trend with its significance, seasonality, spikes, and sentences",
            with(HISTORY, Parameter.query("metric", "string", "Metrics to analyse, separated by commas (any numeric field of /metrics); default: "
                + String.join(",", TrendsView.DEFAULT_FIELDS) + ".")), (path, params) -> {
              Request.Input input = Request.Input.of(params, false);
              List<String> fields = params.strings("metric", true);
              for (String field : fields) {
                if (!METRIC_FIELDS.contains(field)) {
                  params.reject("metric", params.text().get("error.choice", field, String.join(", ", METRIC_FIELDS)));
                }
              }
              params.check();
              return insights().trends(insights().resolve(input, Insights.HISTORY_PERIODS), fields.isEmpty() ? TrendsView.DEFAULT_FIELDS : fields);
            }),
        new Operation("/reasons", "getReasons", "Why customers left: churn types, cancellation reasons and exit-survey answers", HISTORY,
            (path, params) -> {
              Request.Input input = Request.Input.of(params, false);
              params.check();
              return insights().reasons(insights().resolve(input, Insights.HISTORY_PERIODS));
            }),
        new Operation("/cohorts", "getCohorts", "Acquisition cohorts: logo and revenue retention by cohort and age", RANGE, (path, params) -> {
          Request.Input input = Request.Input.of(params, false);
          params.check();
          Request request = insights().resolve(input, Insights.DEFAULT_PERIODS);
          Insights.requireCohortPeriods(request, input.from() != null);
          return insights().cohorts(request);
        }),
        new Operation("/cohorts/customers", "getCohortCustomers", "The customers of one cohort still active at one age (drill-down)",
            with(List.of(DRILL_DOWN_FROM, TO, AS_OF, SEGMENT, CURRENCY, LANG),
                Parameter.query("cohort", "string", "The cohort by the label of its first period (2025-03, 2025-Q1 …; its form gives the length).")
                    .mandatory(),
                Parameter.query("age", "integer", "Periods since the cohort's first (0 is its first period).").mandatory(), LIMIT, PAGE_OFFSET),
            this::members),
        new Operation("/survival", "getSurvival", "Kaplan–Meier retention curves of customer lifetime per segment, with the log-rank test",
            with(LIFETIMES, BY, Parameter.query("at", "number",
                "Months above 0 (up to 1,200) at which to read the curves: repeat the parameter (at=6&at=12) or separate them by commas (at=6,12); default 1,3,6,12,24.")
                .repeatable()),
            (path, params) -> {
              Request.Input input = Request.Input.of(params, true);
              double[] at = params.numbersAbove("at", SurvivalView.DEFAULT_AT, 0, 1200);
              params.check();
              return insights().survival(insights().resolve(input, 0), at);
            }),
        new Operation("/clv", "getClv", "Customer lifetime value: predicted values (distribution, most valuable) and simple and subscription LTV",
            RANGE, (path, params) -> {
              Request.Input input = Request.Input.of(params, false);
              params.check();
              return insights().clv(insights().resolve(input, Insights.DEFAULT_PERIODS));
            }),
        new Operation("/at-risk", "getAtRisk", "The customers of the latest scoring day by revenue at risk, probability or health, with reasons",
            List.of(SEGMENT, Parameter.query("owner", "string", "Only the customers of this owner."),
                Parameter.query("sort", "string", "Order by revenue_at_risk (default), probability or health.")
                    .choices(List.of("revenue_at_risk", "probability", "health")),
                Parameter.query("order", "string", "desc or asc; default: desc, but asc for health (the least healthy first).")
                    .choices(List.of("desc", "asc")),
                Parameter.query("limit", "integer", "At most this many customers (1–500, default 50)."),
                Parameter.query("offset", "integer", "Skip this many first (default 0)."), LANG), this::atRisk),
        new Operation("/model", "getModel", "The churn model in use with its evaluation (AUC, lift, calibration, health-score backtest)",
            List.of(LANG), (path, params) -> {
              params.check();
              return insights().model();
            }),
        new Operation("/customers/{id}", "getCustomer", "One customer: attributes, subscriptions, orders, weekly activity, tickets, surveys, risk and value",
            List.of(new Parameter("id", "path", "string", "The customer's id.", true, false, List.of()), LANG), (path, params) -> {
              params.check();
              String id = path.get("id");
              return insights().customer(id, params.language()).orElseThrow(() -> new ApiProblem(404, params.text().get("error.not_found"),
                  params.text().get("error.no_customer", id), List.of()));
            }),
        new Operation("/segments", "getSegments", "The attributes customers can be segmented by, with their commonest values", List.of(LANG),
            (path, params) -> {
              params.check();
              return insights().segments();
            }));
  }

  List<Operation> operations() {
    return operations;
  }

  /** The largest offset of a drill-down page: a page past it would need more rows than a Java list holds. */
  private static final int MAX_OFFSET = 1_000_000_000;

  private Object movers(Map<String, String> path, Params params) {
    String figure = params.choice("figure", Insights.FIGURES, null);
    if (figure == null && params.string("figure") == null) {
      params.reject("figure", params.text().get("error.required", "figure"));
    }
    Params.Labelled label = params.label("period");
    int limit = params.integer("limit", 100, 1, 1000);
    int offset = params.integer("offset", 0, 0, MAX_OFFSET);
    Request request = ranged(params, label, "period");
    return insights().movers(request, figure, label.label(), limit, offset);
  }

  private Object members(Map<String, String> path, Params params) {
    Params.Labelled cohort = params.label("cohort");
    int age = params.integer("age", -1, 0, Insights.MAX_PERIODS);
    if (params.string("age") == null) {
      params.reject("age", params.text().get("error.required", "age"));
    }
    int limit = params.integer("limit", 100, 1, 1000);
    int offset = params.integer("offset", 0, 0, MAX_OFFSET);
    Request request = ranged(params, cohort, "cohort");
    Insights.requireCohortPeriods(request, params.date("from") != null);
    List<LocalDate> followed = request.period().starts(request.from(), request.asOf());
    int index = followed.indexOf(cohort.start());
    if (age > followed.size() - index - 1) {
      params.reject("age", params.text().get("error.age", age, cohort.label(), followed.size() - index - 1));
      params.check();
    }
    return insights().cohortMembers(request, cohort.label(), age, limit, offset);
  }

  /** The request of a drill-down into the period {@code label}: the page's range, widened to reach the period when the range was not given. */
  private Request ranged(Params params, Params.Labelled label, String field) {
    Request.Input given = new Request.Input(label == null ? Period.MONTH : label.period(), params.date("from"), params.date("to"),
        params.date("as_of"), params.segments(), null, params.string("currency"), params.language());
    params.check();
    Request request = insights().resolve(given, Insights.DEFAULT_PERIODS);
    if (given.from() == null && label.start().isBefore(request.from())) {
      request = insights().resolve(new Request.Input(given.period(), label.start(), given.to(), given.asOf(), given.segments(), null,
          given.currency(), given.language()), Insights.DEFAULT_PERIODS);
    }
    List<String> labels = request.starts().stream().map(request.period()::label).toList();
    // a period that ends before the data begin, reached only by widening the range to it, has no customers to list:
    // said, where a range the request gave that holds it lists it empty, as /metrics shows it
    Insights.DataDays days = insights().days();
    if (label != null && given.from() == null && days.first() != null && label.period().next(label.start()).isBefore(days.first().plusDays(1))) {
      params.reject(field, params.text().get("error.label_before_data", label.label(), days.first()));
      params.check();
    }
    if (!labels.contains(label.label())) {
      params.reject(field, labels.isEmpty() ? params.text().get("error.label", label.label())
          : params.text().get("error.label_range", label.label(), labels.get(0), labels.get(labels.size() - 1)));
      params.check();
    }
    return request;
  }

  private Object atRisk(Map<String, String> path, Params params) {
    List<ChurnScores.Filter> filters = new ArrayList<>();
    for (RetentionMetrics.Segment segment : params.segments()) {
      filters.add(new ChurnScores.Filter(segment.attribute(), segment.value()));
    }
    String owner = params.string("owner");
    if (owner != null) {
      filters.add(new ChurnScores.Filter("owner", owner));
    }
    String sort = params.choice("sort", List.of("revenue_at_risk", "probability", "health"), "revenue_at_risk");
    String order = params.choice("order", List.of("desc", "asc"), sort.equals("health") ? "asc" : "desc");
    int limit = params.integer("limit", 50, 1, 500);
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    Set<String> known = insights().attributes();
    for (ChurnScores.Filter filter : filters) {
      if (!known.contains(filter.attribute())) {
        params.reject("segment", params.text().get("error.attribute", filter.attribute(), String.join(", ", known)));
      }
    }
    params.check();
    ChurnScores.Order by = ChurnScores.Order.valueOf(sort.toUpperCase(java.util.Locale.ROOT));
    return insights().atRisk(new ChurnScores.Query(filters, by, order.equals("desc"), limit, offset), params.language());
  }

  /** The parameters choosing periods and customers, with from's default told as the operation applies it: {@code periods} periods, or all history for 0. */
  private static List<Parameter> range(int periods) {
    Parameter from = Parameter.query("from", "date", "First day of the range (YYYY-MM-DD); default: " + (periods > 0
        ? "the " + periods + " periods up to to (or the as-of date if earlier), not before the data begin."
        : "all history (the customers are chosen by their first active day)."));
    return List.of(PERIOD, from, TO, AS_OF, SEGMENT, CURRENCY, LANG);
  }

  @SafeVarargs
  private static <T> List<T> with(List<T> first, T... more) {
    List<T> all = new ArrayList<>(first);
    for (T item : more) {
      all.add(item);
    }
    return List.copyOf(all);
  }

  private static List<String> numericFields() {
    LocalDate day = LocalDate.of(2025, 1, 1);
    PeriodMetrics example = new PeriodMetrics(Period.MONTH, day, day.plusMonths(1), false, "all", CustomerCounts.of(0, 0, 0, 0),
        new MrrMovements(0, 0, 0, 0, 0, 0, 0, 0, 0), new Purchases(0, 0, 0, 0), Feedback.none(), Double.NaN, 1);
    List<String> fields = new ArrayList<>(example.fields().keySet());
    fields.removeAll(List.of("period", "period_start", "period_end", "partial", "segment"));
    return List.copyOf(fields);
  }

  private Insights insights() {
    return current.get();
  }
}
