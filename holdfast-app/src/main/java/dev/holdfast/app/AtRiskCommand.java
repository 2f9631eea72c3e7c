package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.churn.ChurnStore;
import dev.holdfast.store.retention.RetentionMetrics;
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

  @Option(names = "--segment", paramLabel = "ATTRIBUTE=VALUE", descriptionKey = "churn.segment")
  List<String> segments = new ArrayList<>();

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
    // every filter must hold: the owner and each segment
    List<Map.Entry<String, String>> filters = new ArrayList<>();
    if (owner != null) {
      filters.add(Map.entry("owner", owner));
    }
    for (String segment : segments) {
      int equals = segment.indexOf('=');
      if (equals <= 0) {
        throw new InputException(messages.get("metrics.segment_syntax", segment));
      }
      filters.add(Map.entry(segment.substring(0, equals).strip(), segment.substring(equals + 1).strip()));
    }
    try (DuckDbStore store = DuckDbStore.openToRead(config)) {
      ChurnStore churn = new ChurnStore(store);
      if (churn.latestDay().isEmpty()) {
        throw new InputException(messages.get("churn.no_scores"));
      }
      RetentionMetrics metrics = new RetentionMetrics(store, config, messages, clock);
      for (Map.Entry<String, String> filter : filters) {
        metrics.requireKnownAttribute(filter.getKey());
      }
      List<ChurnStore.AtRisk> list = churn.atRisk(top, filters, sort);
      List<List<Object>> rows = new ArrayList<>();
      ArrayNode json = ChurnSupport.JSON.createArrayNode();
      for (ChurnStore.AtRisk row : list) {
        ChurnStore.Score s = row.score();
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : ScoreCommand.json(s.reasons())) {
          reasons.add(ChurnSupport.text(messages, reason));
        }
        // a table for people shows the churn probability in percent; CSV carries the same fields and numbers as JSON
        boolean table = output == OutputFormat.TABLE;
        rows.add(Arrays.asList(s.customerId(), row.owner(), row.plan(), table ? round(s.probability() * 100, 1) : round(s.probability(), 4),
            round(s.health(), table ? 1 : 4), table ? ChurnSupport.band(messages, s.healthBand()) : s.healthBand(), round(s.value(), 2),
            table ? ChurnSupport.basis(messages, s.valueBasis()) : s.valueBasis(), round(s.revenueAtRisk(), 2), String.join("; ", reasons)));
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
      List<String> columns = List.of("customer_id", "owner", "plan", "probability", "health", "health_band", "value", "value_basis", "revenue_at_risk",
          "reasons");
      if (output == OutputFormat.TABLE && list.isEmpty()) {
        // an empty table says nothing: say whom the filters asked for
        List<String> asked = new ArrayList<>();
        filters.forEach(filter -> asked.add(filter.getKey() + "=" + filter.getValue()));
        out.println(messages.get("churn.at_risk_none", churn.latestDay().get(), String.join(", ", asked)));
        return 0;
      }
      if (output == OutputFormat.TABLE) {
        columns = List.of("customer_id", "owner", "plan", "churn_pct", "health", "band", "value", "basis", "revenue_at_risk", "reasons");
        out.println(messages.get("churn.at_risk_header." + sort, churn.latestDay().get(), list.size(), config.currency()));
        columns = ChurnSupport.titles(messages, columns);
      }
      Tables.print(out, output, messages.locale(), columns, rows);
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
