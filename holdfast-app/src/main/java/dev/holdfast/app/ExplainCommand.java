package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.i18n.ReasonWords;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.churn.ChurnStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code holdfast explain CUSTOMER}: a customer's churn risk, why, the health score's parts and the history. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false)
final class ExplainCommand extends DataCommand {
  @Parameters(index = "0", paramLabel = "CUSTOMER", descriptionKey = "churn.customer")
  String customer;

  ExplainCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    try (DuckDbStore store = DuckDbStore.openToRead(config)) {
      ChurnStore scores = new ChurnStore(store);
      List<ChurnStore.Score> history = scores.history(customer);
      Optional<LocalDate> latestDay = scores.latestDay();
      if (history.isEmpty()) {
        // say which of three it is: nothing scored yet, an id the store does not hold, or a customer never active when scored
        throw new InputException(latestDay.isEmpty() ? messages.get("churn.no_scores")
            : !scores.hasCustomer(customer) ? messages.get("churn.unknown_customer", customer)
            : messages.get("churn.no_score_for", customer, latestDay.get()));
      }
      ChurnStore.Score latest = history.get(0);
      // a customer missing from the latest scoring day was not active then: their score is history, not today's risk
      boolean current = latestDay.isEmpty() || !latestDay.get().isAfter(latest.asOf());
      JsonNode reasons = ScoreCommand.json(latest.reasons());
      JsonNode parts = ScoreCommand.json(latest.healthParts());
      if (output == OutputFormat.JSON) {
        ObjectNode json = ChurnSupport.JSON.createObjectNode();
        json.put("customer_id", customer);
        json.put("as_of", latest.asOf().toString());
        json.put("current", current);
        json.put("model_id", latest.modelId());
        TrainCommand.put(json, "probability", latest.probability());
        TrainCommand.put(json, "health", latest.health());
        json.put("health_band", latest.healthBand());
        TrainCommand.put(json, "value", latest.value());
        json.put("value_basis", latest.valueBasis());
        TrainCommand.put(json, "revenue_at_risk", latest.revenueAtRisk());
        ArrayNode texts = json.putArray("reasons");
        for (JsonNode reason : reasons) {
          ObjectNode node = ((ObjectNode) reason.deepCopy()).put("text", ChurnSupport.text(messages, reason));
          texts.add(node);
        }
        json.set("health_components", parts);
        ArrayNode past = json.putArray("history");
        for (ChurnStore.Score s : history) {
          ObjectNode node = past.addObject().put("as_of", s.asOf().toString());
          TrainCommand.put(node, "probability", s.probability());
          TrainCommand.put(node, "health", s.health());
        }
        out.println(json.toPrettyString());
        return 0;
      }
      // in CSV the lines around the tables go to standard error, and the tables to standard output one after another,
      // separated by an empty line, so that each is valid CSV
      PrintWriter prose = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
      prose.println(messages.get("churn.explain_header", customer, latest.asOf(), AtRiskCommand.round(latest.probability() * 100, 1),
          AtRiskCommand.round(latest.health(), 0), ChurnSupport.band(messages, latest.healthBand()), latest.modelId()));
      if (!current) {
        prose.println(messages.get("churn.explain_stale", customer, latestDay.get(), latest.asOf()));
      }
      if (Double.isNaN(latest.value())) {
        prose.println(messages.get("churn.explain_no_value", config.currency()));
      }
      if (!Double.isNaN(latest.revenueAtRisk())) {
        prose.println(messages.get("churn.explain_value", AtRiskCommand.round(latest.value(), 2), ChurnSupport.basis(messages, latest.valueBasis()),
            AtRiskCommand.round(latest.revenueAtRisk(), 2), config.currency()));
      }
      List<List<Object>> rows = new ArrayList<>();
      for (JsonNode reason : reasons) {
        String signal = reason.path("signal").asText();
        rows.add(Arrays.asList(ChurnSupport.text(messages, reason), output == OutputFormat.TABLE ? ChurnSupport.signal(messages, signal) : signal,
            reason.path("contribution").asDouble()));
      }
      prose.println(messages.get("churn.explain_reasons"));
      if (rows.isEmpty() && output == OutputFormat.TABLE) {
        // a header over no rows reads as something missing
        out.println(messages.get("churn.explain_no_reasons"));
      } else {
        Tables.print(out, output, messages.locale(), columns(messages, output, "reason", "signal", "contribution"), rows);
      }
      List<List<Object>> health = new ArrayList<>();
      for (JsonNode part : parts) {
        String component = part.path("signal").asText();
        health.add(Arrays.asList(output == OutputFormat.TABLE ? ReasonWords.feature(messages, component) : component, part.path("value").isNull() ? null : part.path("value").asDouble(),
            part.path("points").isNull() ? null : part.path("points").asDouble(), part.path("max_points").asDouble()));
      }
      Tables.between(out, output);
      prose.println(messages.get("churn.explain_health"));
      Tables.print(out, output, messages.locale(), output == OutputFormat.TABLE ? ChurnSupport.titles(messages, List.of("component", "component_value", "points", "max_points"))
          : List.of("component", "value", "points", "max_points"), health);
      if (history.size() > 1) {
        List<List<Object>> past = new ArrayList<>();
        for (ChurnStore.Score s : history) {
          past.add(Arrays.asList(s.asOf(), AtRiskCommand.round(s.probability() * 100, 1), AtRiskCommand.round(s.health(), 1),
              output == OutputFormat.TABLE ? ChurnSupport.band(messages, s.healthBand()) : s.healthBand()));
        }
        Tables.between(out, output);
        prose.println(messages.get("churn.explain_history"));
        Tables.print(out, output, messages.locale(), columns(messages, output, "as_of", "churn_pct", "health", "band"), past);
      }
    }
    return 0;
  }

  /** Column names as they are for CSV, their titles in the reader's language for a table. */
  private static List<String> columns(Messages messages, OutputFormat output, String... names) {
    return output == OutputFormat.TABLE ? ChurnSupport.titles(messages, List.of(names)) : List.of(names);
  }
}
