package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.churn.ChurnStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast at-risk}: the customers to call first, by revenue at risk, with their reasons. */
@Command(name = "at-risk", mixinStandardHelpOptions = true, sortOptions = false)
final class AtRiskCommand extends DataCommand {
  @Option(names = "--top", paramLabel = "N", defaultValue = "20", descriptionKey = "churn.top")
  int top;

  @Option(names = "--segment", paramLabel = "ATTRIBUTE=VALUE", descriptionKey = "option.segment")
  String segment;

  @Option(names = "--owner", paramLabel = "NAME", descriptionKey = "churn.owner")
  String owner;

  @Option(names = "--sort", paramLabel = "revenue|probability|health", defaultValue = "revenue", descriptionKey = "churn.sort")
  String sort;

  AtRiskCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    if (top < 1) {
      throw new InputException(messages.get("churn.bad_top", top));
    }
    if (!List.of("revenue", "probability", "health").contains(sort)) {
      throw new InputException(messages.get("churn.bad_sort", sort));
    }
    String attribute = null;
    String value = null;
    if (owner != null) {
      attribute = "owner";
      value = owner;
    }
    if (segment != null) {
      int equals = segment.indexOf('=');
      if (equals <= 0) {
        throw new InputException(messages.get("metrics.segment_syntax", segment));
      }
      attribute = segment.substring(0, equals).strip();
      value = segment.substring(equals + 1).strip();
    }
    try (DuckDbStore store = DuckDbStore.open(config)) {
      ChurnStore churn = new ChurnStore(store);
      if (churn.latestDay().isEmpty()) {
        throw new InputException(messages.get("churn.no_scores"));
      }
      List<ChurnStore.AtRisk> list = churn.atRisk(top, attribute, value, sort);
      List<List<Object>> rows = new ArrayList<>();
      ArrayNode json = ChurnSupport.JSON.createArrayNode();
      for (ChurnStore.AtRisk row : list) {
        ChurnStore.Score s = row.score();
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : ScoreCommand.json(s.reasons())) {
          reasons.add(ChurnSupport.text(messages, reason));
        }
        rows.add(Arrays.asList(s.customerId(), row.owner(), row.plan(), round(s.probability() * 100, 1), round(s.health(), 0), s.healthBand(),
            round(s.value(), 2), s.valueBasis(), round(s.revenueAtRisk(), 2), String.join("; ", reasons)));
        ObjectNode node = json.addObject();
        node.put("customer_id", s.customerId());
        node.put("owner", row.owner());
        node.put("plan", row.plan());
        TrainCommand.put(node, "probability", s.probability());
        TrainCommand.put(node, "health", s.health());
        node.put("health_band", s.healthBand());
        TrainCommand.put(node, "value", s.value());
        node.put("value_basis", s.valueBasis());
        TrainCommand.put(node, "revenue_at_risk", s.revenueAtRisk());
        ArrayNode texts = node.putArray("reasons");
        reasons.forEach(texts::add);
      }
      if (output == OutputFormat.JSON) {
        out.println(json.toPrettyString());
        return 0;
      }
      if (output == OutputFormat.TABLE) {
        out.println(messages.get("churn.at_risk_header", churn.latestDay().get(), list.size(), config.currency()));
      }
      Tables.print(out, output, List.of("customer_id", "owner", "plan", "churn_pct", "health", "band", "value", "basis", "revenue_at_risk", "reasons"),
          rows);
    }
    return 0;
  }

  static Double round(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
