package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

/** {@code holdfast models}: the stored churn models with their data, validation and which one scoring uses. */
@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false)
final class ModelsCommand extends DataCommand {
  @Option(names = "--choose", paramLabel = "ID", descriptionKey = "churn.choose")
  String choose;

  ModelsCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    try (DuckDbStore store = choose != null ? DuckDbStore.open(config) : DuckDbStore.openToRead(config)) {
      ChurnStore churn = new ChurnStore(store);
      if (choose != null && !churn.choose(choose)) {
        throw new InputException(messages.get("churn.unknown_model", choose));
      }
      List<ChurnStore.Model> models = churn.models();
      if (output == OutputFormat.JSON) {
        ArrayNode json = ChurnSupport.JSON.createArrayNode();
        for (ChurnStore.Model m : models) {
          json.addObject().put("id", m.id()).put("kind", m.kind()).put("created_at", m.createdAt().toString()).put("chosen", m.chosen())
              .<com.fasterxml.jackson.databind.node.ObjectNode>set("provenance", ScoreCommand.json(m.provenance()))
              .set("evaluation", ScoreCommand.json(m.evaluation()));
        }
        out.println(json.toPrettyString());
        return 0;
      }
      List<List<Object>> rows = new ArrayList<>();
      for (ChurnStore.Model m : models) {
        JsonNode data = ScoreCommand.json(m.provenance()).path("data");
        JsonNode evaluation = ScoreCommand.json(m.evaluation());
        rows.add(Arrays.asList(m.id(), m.kind(), m.createdAt().toString(), m.chosen() ? "*" : "", data.path("as_of").asText(),
            data.path("rows").asLong(), data.path("churners").asLong(), value(evaluation, "auc"), value(evaluation, "top_decile_lift"),
            value(evaluation, "brier"), output == OutputFormat.TABLE ? ChurnSupport.design(messages, evaluation.path("design").asText())
                : evaluation.path("design").asText()));
      }
      if (output == OutputFormat.TABLE && models.isEmpty()) {
        out.println(messages.get("churn.no_model"));
        return 0;
      }
      List<String> columns = List.of("id", "kind", "created_at", "chosen", "as_of", "rows", "churners", "auc", "top_decile_lift", "brier",
          "validation");
      Tables.print(out, output, messages.locale(), output == OutputFormat.TABLE ? ChurnSupport.titles(messages, columns) : columns, rows);
    }
    return 0;
  }

  private static Object value(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asDouble();
  }
}
