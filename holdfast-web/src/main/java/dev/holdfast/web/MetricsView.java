package dev.holdfast.web;

import dev.holdfast.retention.PeriodMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The period metrics as the API gives them: every metric per period and segment, and the headline figures
 * (KPIs) of the latest complete period with their change on the period before and their series for sparklines.
 */
final class MetricsView {
  /** A headline figure: its field in docs/metrics.md, its unit, and which way is better. */
  record Kpi(String field, String unit, String better) {}

  static final List<Kpi> KPIS = List.of(
      new Kpi("customers_at_end", "count", "up"),
      new Kpi("churn_rate", "percent", "down"),
      new Kpi("retention_rate", "percent", "up"),
      new Kpi("mrr_end", "money", "up"),
      new Kpi("net_revenue_retention", "percent", "up"),
      new Kpi("gross_revenue_churn", "percent", "down"),
      new Kpi("arpa", "money", "up"),
      new Kpi("new", "count", "up"),
      new Kpi("lost", "count", "down"),
      new Kpi("revenue", "money", "up"),
      new Kpi("repeat_customer_rate", "percent", "up"),
      new Kpi("nps", "score", "up"));

  private static final List<String> MRR_FIELDS = List.of("mrr_end", "net_revenue_retention", "gross_revenue_churn", "arpa");
  private static final List<String> ORDER_FIELDS = List.of("revenue", "repeat_customer_rate");

  private MetricsView() {}

  static Map<String, Object> of(Request request, List<PeriodMetrics> periods) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    view.put("periods", periods.stream().map(period -> {
      Map<String, Object> fields = new LinkedHashMap<>(period.fields());
      fields.put("segment", request.segmentName(period.segment()));
      return fields;
    }).toList());
    List<PeriodMetrics> complete = complete(periods);
    view.put("current_period", complete.isEmpty() ? null : complete.get(complete.size() - 1).label());
    view.put("partial_period", periods.stream().filter(PeriodMetrics::partial).map(PeriodMetrics::label).findFirst().orElse(null));
    view.put("kpis", request.by() == null ? kpis(periods) : List.of());
    return view;
  }

  /** The periods that are over (all of them when none is): a running period would compare half a month with a whole one. */
  static List<PeriodMetrics> complete(List<PeriodMetrics> periods) {
    List<PeriodMetrics> complete = periods.stream().filter(period -> !period.partial()).toList();
    return complete.isEmpty() ? periods : complete;
  }

  static List<Map<String, Object>> kpis(List<PeriodMetrics> periods) {
    List<PeriodMetrics> complete = complete(periods);
    if (complete.isEmpty()) {
      return List.of();
    }
    boolean subscriptions = periods.stream().anyMatch(period -> period.mrr().start() > 0 || period.mrr().end() > 0);
    boolean orders = periods.stream().anyMatch(period -> period.purchases().buyers() > 0);
    boolean answers = periods.stream().anyMatch(period -> period.feedback().npsAnswers() > 0);
    PeriodMetrics current = complete.get(complete.size() - 1);
    PeriodMetrics previous = complete.size() > 1 ? complete.get(complete.size() - 2) : null;
    List<Map<String, Object>> kpis = new ArrayList<>();
    for (Kpi kpi : KPIS) {
      if ((MRR_FIELDS.contains(kpi.field()) && !subscriptions) || (ORDER_FIELDS.contains(kpi.field()) && !orders)
          || (kpi.field().equals("nps") && !answers)) {
        continue;
      }
      Number value = number(current.fields().get(kpi.field()));
      Number before = previous == null ? null : number(previous.fields().get(kpi.field()));
      Map<String, Object> figure = new LinkedHashMap<>();
      figure.put("field", kpi.field());
      figure.put("unit", kpi.unit());
      figure.put("better", kpi.better());
      figure.put("period", current.label());
      figure.put("previous_period", previous == null ? null : previous.label());
      figure.put("value", value);
      figure.put("previous", before);
      figure.put("change", value == null || before == null ? null : difference(value, before));
      figure.put("change_percent", value == null || before == null || before.doubleValue() == 0 ? null
          : round(100 * (value.doubleValue() - before.doubleValue()) / Math.abs(before.doubleValue())));
      figure.put("labels", complete.stream().map(PeriodMetrics::label).toList());
      figure.put("series", complete.stream().map(period -> number(period.fields().get(kpi.field()))).toList());
      kpis.add(figure);
    }
    return kpis;
  }

  /** A metric's value as it is: counts stay whole numbers (968, not 968.0) in the JSON. */
  static Number number(Object value) {
    return value instanceof Number number ? number : null;
  }

  /** {@code value - before}: whole for two counts, else rounded to four decimals. */
  static Number difference(Number value, Number before) {
    if (whole(value) && whole(before)) {
      return value.longValue() - before.longValue();
    }
    return round(value.doubleValue() - before.doubleValue());
  }

  private static boolean whole(Number number) {
    return number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte;
  }

  static Double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
  }
}
