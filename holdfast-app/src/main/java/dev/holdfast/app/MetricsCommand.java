package dev.holdfast.app;

import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.retention.RetentionMetrics;
import dev.holdfast.trend.Metric;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast metrics}: every period metric per period and segment, or the customers behind one figure. */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false)
final class MetricsCommand extends PeriodCommand {
  /** The columns of the aligned table; csv and json carry every field. */
  private static final List<String> TABLE =
      List.of("period", "customers_at_start", "new", "reactivated", "lost", "customers_at_end", "churn_rate", "retention_rate",
          "mrr_end", "net_revenue_retention", "gross_revenue_churn", "buyers", "repeat_customer_rate", "average_order_value", "nps");


  @Option(names = "--customers", paramLabel = "FIGURE", descriptionKey = "metrics.customers")
  String figure;

  @Option(names = "--in", paramLabel = "PERIOD", descriptionKey = "metrics.in")
  String in;

  @Option(names = "--limit", paramLabel = "N", descriptionKey = "metrics.limit")
  Integer limit;


  MetricsCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  int defaultPeriods() {
    return 12;
  }

  @Override
  void check() {
    // an option of the drill-down alone would be silently ignored
    if (figure == null && in != null) {
      throw new dev.holdfast.HoldfastException.InputException(messages.get("cli.metrics.in_needs_customers", in));
    }
  }

  @Override
  int run() {
    if (limit != null && limit < 1) {
      throw new dev.holdfast.HoldfastException.InputException(messages.get("cli.bad_limit", limit));
    }
    if (figure != null) {
      if (in == null) {
        throw new dev.holdfast.HoldfastException.InputException(messages.get("cli.metrics.need_in", figure));
      }
      List<List<Object>> rows = new ArrayList<>();
      // a drill-down is for one segment: --segment chooses it, --by is ignored
      RetentionMetrics.Query one = new RetentionMetrics.Query(query.period(), query.from(), query.to(), query.asOf(), query.filters(), null,
          query.currency());
      // all of them, so that the heading tells how many there are when --limit shows fewer
      List<RetentionMetrics.Mover> movers = metrics.customers(one, in, null, figure, Integer.MAX_VALUE);
      for (RetentionMetrics.Mover mover : movers.subList(0, limit == null ? movers.size() : Math.min(limit, movers.size()))) {
        // codes in the reader's words in a table; CSV and JSON keep the codes
        boolean words = output == OutputFormat.TABLE;
        rows.add(java.util.Arrays.asList(mover.customerId(), words ? messages.code("kind", mover.kind()) : mover.kind(), mover.mrrStart(), mover.mrrEnd(),
            mover.mrrEnd() - mover.mrrStart(), words ? messages.code("movement", mover.movement()) : mover.movement(),
            words ? messages.code("churn_type", mover.churnType()) : mover.churnType(), words ? messages.code("cancel_reason", mover.cancelReason()) : mover.cancelReason()));
      }
      if (output == OutputFormat.TABLE) {
        out.println(rows.size() < movers.size()
            ? messages.get("cli.metrics.customers_header_some", figure, in, movers.size(), query.asOf(), rows.size())
            : messages.get("cli.metrics.customers_header", figure, in, movers.size(), query.asOf()));
      }
      Tables.print(out, output, messages.locale(), Tables.headings(output, messages,
          List.of("customer_id", "kind", "mrr_start", "mrr_end", "mrr_change", "movement", "churn_type", "cancel_reason")), rows);
      return 0;
    }
    List<PeriodMetrics> periods = metrics.compute(query);
    if (output == OutputFormat.JSON) {
      Tables.json(out, periods.stream().map(period -> {
        Map<String, Object> fields = period.fields();
        fields.put("segment", segment(period.segment()));
        return fields;
      }).toList());
      return 0;
    }
    List<String> header = new ArrayList<>(output == OutputFormat.TABLE ? TABLE : List.copyOf(periods.isEmpty() ? TABLE : periods.get(0).fields().keySet()));
    if (output == OutputFormat.TABLE && query.by() != null) {
      header.add(1, "segment");
    }
    List<List<Object>> rows = new ArrayList<>();
    for (PeriodMetrics period : periods) {
      Map<String, Object> fields = new LinkedHashMap<>(period.fields());
      fields.put("segment", segment(period.segment()));
      // the table marks a partial period for its footnote; CSV keeps the label as it is and says so in its partial column
      if (period.partial() && output == OutputFormat.TABLE) {
        fields.put("period", fields.get("period") + "*");
      }
      rows.add(header.stream().map(name -> output == OutputFormat.TABLE ? shown(name, fields.get(name), messages) : fields.get(name)).toList());
    }
    if (output == OutputFormat.TABLE) {
      out.println(messages.get("cli.metrics.header", config.storePath().toAbsolutePath(), query.asOf(), query.currency(), describe(query, messages)));
      List<String> titles = header.stream().map(name -> messages.get("metrics.column." + name)).toList();
      Tables.print(out, output, messages.locale(), titles, rows);
      if (periods.stream().anyMatch(PeriodMetrics::partial)) {
        out.println(messages.get("cli.metrics.partial", query.asOf()));
      }
      out.println(messages.get("cli.metrics.more"));
    } else {
      Tables.print(out, output, messages.locale(), header, rows);
    }
    return 0;
  }

  /** Table cells: counts as they are, rates with one decimal, money with two, scores with their own, in the reader's language. */
  static Object shown(String field, Object value, Messages messages) {
    if (!(value instanceof Double)) {
      return value;
    }
    java.util.Locale locale = messages.locale().getLanguage().equals("ru") ? messages.locale() : java.util.Locale.ENGLISH;
    Metric metric = PeriodMetrics.metric(field, field);
    int decimals = switch (metric.unit()) {
      case AMOUNT -> 2;
      case SCORE -> metric.decimals();
      default -> 1;
    };
    return Tables.Figure.of(value, decimals, locale);
  }

  static String describe(RetentionMetrics.Query query, Messages messages) {
    List<String> parts = new ArrayList<>();
    query.filters().forEach(filter -> parts.add(filter.attribute() + "=" + filter.value()));
    if (query.by() != null) {
      parts.add(messages.get("cli.metrics.by", query.by()));
    }
    return parts.isEmpty() ? messages.get("cli.metrics.all_customers") : String.join(", ", parts);
  }
}
