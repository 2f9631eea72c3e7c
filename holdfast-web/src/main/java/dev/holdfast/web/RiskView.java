package dev.holdfast.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.store.customer.ChurnScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The at-risk list, a customer's risk history and the churn model's quality, as the API gives them. */
final class RiskView {
  private RiskView() {}

  static Map<String, Object> atRisk(Optional<ChurnScores.Page> page, ChurnScores.Query query, Locale language) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("scored", page.isPresent());
    view.put("sort", query.order().code());
    view.put("order", query.descending() ? "desc" : "asc");
    view.put("limit", query.limit());
    view.put("offset", query.offset());
    view.put("filters", query.filters().stream().map(filter -> filter.attribute() + "=" + filter.value()).toList());
    if (page.isEmpty()) {
      view.put("customers", List.of());
      return view;
    }
    ChurnScores.Page scored = page.get();
    view.put("as_of", scored.asOf().toString());
    view.put("model_id", scored.modelId());
    view.put("total", scored.customers());
    view.put("revenue_at_risk", round(scored.revenueAtRisk()));
    view.put("bands", Map.of("poor", scored.poor(), "fair", scored.fair(), "good", scored.good()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ChurnScores.AtRisk row : scored.rows()) {
      Map<String, Object> customer = score(row.score(), language);
      customer.put("plan", row.plan());
      customer.put("country", row.country());
      customer.put("owner", row.owner());
      rows.add(customer);
    }
    view.put("customers", rows);
    view.put("more", scored.customers() > query.offset() + rows.size());
    return view;
  }

  static Map<String, Object> score(ChurnScores.Score score, Locale language) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("customer_id", score.customerId());
    view.put("as_of", score.asOf().toString());
    view.put("model_id", score.modelId());
    view.put("probability", score.probability());
    view.put("health", score.health());
    view.put("health_band", score.healthBand());
    view.put("value", score.value());
    view.put("value_basis", score.valueBasis());
    view.put("revenue_at_risk", score.revenueAtRisk());
    view.put("reasons", score.reasons().stream().map(reason -> {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("signal", reason.signal());
      item.put("contribution", reason.contribution());
      item.put("message", reason.message());
      item.put("args", reason.args());
      item.put("text", ReasonText.of(reason, language));
      return item;
    }).toList());
    view.put("health_components", score.healthComponents().stream().map(component -> {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("signal", component.signal());
      item.put("name", ReasonText.feature(component.signal(), language));
      item.put("value", component.value());
      item.put("points", component.points());
      item.put("max_points", component.maxPoints());
      return item;
    }).toList());
    return view;
  }

  /** The model in use with its evaluation and provenance as the trainer wrote them, or {@code model: null}. */
  static Map<String, Object> model(Optional<ChurnScores.Model> model) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (model.isEmpty()) {
      view.put("model", null);
      return view;
    }
    ChurnScores.Model trained = model.get();
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("id", trained.id());
    about.put("kind", trained.kind());
    about.put("created_at", trained.createdAt() == null ? null : trained.createdAt().toString());
    about.put("chosen", trained.chosen());
    JsonNode evaluation = Json.parseOrNull(trained.evaluation());
    about.put("evaluation", evaluation == null ? Map.of() : evaluation);
    JsonNode provenance = Json.parseOrNull(trained.provenance());
    about.put("provenance", provenance == null ? Map.of() : provenance);
    view.put("model", about);
    return view;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
