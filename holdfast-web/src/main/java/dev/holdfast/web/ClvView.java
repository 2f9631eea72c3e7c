package dev.holdfast.web;

import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.customer.ClvPredictions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customer lifetime value: the predicted values of {@code holdfast clv} (summary, distribution, most valuable
 * customers) when there are any, and the simple and subscription LTV of the latest complete period, which need
 * no model.
 */
final class ClvView {
  static final int BINS = 20;
  static final int TOP = 20;

  private ClvView() {}

  static Map<String, Object> of(Request request, Optional<ClvPredictions.Summary> summary, List<ClvPredictions.Bin> histogram,
      List<ClvPredictions.Prediction> top, List<PeriodMetrics> periods) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    if (summary.isPresent()) {
      ClvPredictions.Summary predicted = summary.get();
      Map<String, Object> about = new LinkedHashMap<>();
      about.put("customers", predicted.customers());
      about.put("as_of", predicted.asOf() == null ? null : predicted.asOf().toString());
      about.put("model", predicted.model());
      about.put("currency", predicted.currency());
      about.put("horizon_months", predicted.horizonMonths());
      about.put("total", round(predicted.total()));
      about.put("mean", round(predicted.mean()));
      about.put("median", round(predicted.median()));
      about.put("p90", round(predicted.p90()));
      view.put("predictions", about);
    } else {
      view.put("predictions", null);
    }
    view.put("histogram", histogram.stream().map(bin -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("from", round(bin.from()));
      row.put("to", Double.isInfinite(bin.to()) ? null : round(bin.to()));
      row.put("customers", bin.customers());
      return row;
    }).toList());
    view.put("top", top.stream().map(prediction -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("customer_id", prediction.customerId());
      row.put("plan", prediction.plan());
      row.put("owner", prediction.owner());
      row.put("clv", round(prediction.clv()));
      row.put("p_alive", prediction.pAlive());
      row.put("expected_purchases", prediction.expectedPurchases());
      row.put("expected_value", round(prediction.expectedValue()));
      row.put("currency", prediction.currency());
      return row;
    }).toList());
    List<PeriodMetrics> complete = MetricsView.complete(periods);
    if (complete.isEmpty()) {
      view.put("simple", null);
    } else {
      Map<String, Object> fields = complete.get(complete.size() - 1).fields();
      Map<String, Object> simple = new LinkedHashMap<>();
      for (String field : List.of("period", "ltv", "arpa", "monthly_churn_rate", "clv_simple", "average_order_value", "purchase_frequency",
          "repeat_customer_rate", "cac", "ltv_to_cac")) {
        simple.put(field, fields.get(field));
      }
      simple.put("labels", complete.stream().map(PeriodMetrics::label).toList());
      simple.put("ltv_series", complete.stream().map(period -> period.fields().get("ltv")).toList());
      simple.put("clv_simple_series", complete.stream().map(period -> period.fields().get("clv_simple")).toList());
      view.put("simple", simple);
    }
    return view;
  }

  static Map<String, Object> prediction(ClvPredictions.Prediction prediction) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("as_of", prediction.asOf() == null ? null : prediction.asOf().toString());
    row.put("model", prediction.model());
    row.put("clv", round(prediction.clv()));
    row.put("p_alive", prediction.pAlive());
    row.put("expected_purchases", prediction.expectedPurchases());
    row.put("expected_value", round(prediction.expectedValue()));
    row.put("currency", prediction.currency());
    row.put("horizon_months", prediction.horizonMonths());
    return row;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
