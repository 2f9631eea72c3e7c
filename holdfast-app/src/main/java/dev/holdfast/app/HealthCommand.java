package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.health.HealthScore;
import dev.holdfast.i18n.Messages;
import dev.holdfast.i18n.ReasonWords;
import dev.holdfast.store.DuckDbStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast health}: the health scorecard and its backtest on historical observation dates, beside the churn
 * model's validation when one is stored; and the customers per band on the latest scoring day.
 */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false)
final class HealthCommand extends DataCommand {
  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", descriptionKey = "churn.as_of")
  LocalDate asOf;

  @Option(names = "--observations", paramLabel = "N", descriptionKey = "churn.observations")
  Integer observations;

  HealthCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    try (DuckDbStore store = DuckDbStore.openToRead(config)) {
      TrainCommand.TrainingSet set = TrainCommand.trainingSet(store, config, messages, clock, asOf, observations, spec.commandLine().getErr());
      HealthScore.Backtest backtest = TrainCommand.backtest(set, config, messages);
      var chosen = new dev.holdfast.store.churn.ChurnStore(store).model(null);
      List<Object[]> bands = new dev.holdfast.store.churn.ChurnStore(store).bands();
      if (output == OutputFormat.JSON) {
        ObjectNode json = ChurnSupport.JSON.createObjectNode();
        var components = json.putArray("components");
        for (HoldfastConfig.HealthComponent c : config.churn().health()) {
          components.addObject().put("feature", c.feature()).put("points", c.points()).put("bad", c.bad()).put("good", c.good());
        }
        json.put("poor_below", config.churn().poorBelow());
        json.put("good_from", config.churn().goodFrom());
        json.set("backtest", TrainCommand.backtestJson(backtest));
        if (chosen.isPresent()) {
          JsonNode evaluation = ScoreCommand.json(chosen.get().evaluation());
          json.putObject("model").put("id", chosen.get().id()).set("evaluation", evaluation);
        }
        // the customers of the latest scoring day by band, as the table and CSV show them
        var latest = json.putArray("latest");
        for (Object[] band : bands) {
          ObjectNode row = latest.addObject().put("band", (String) band[0]).put("customers", ((Number) band[1]).longValue());
          row.putPOJO("mean_churn_pct", AtRiskCommand.round((Double) band[2] * 100, 1));
          row.putPOJO("revenue_at_risk", AtRiskCommand.round((Double) band[3], 2));
        }
        out.println(json.toPrettyString());
        return 0;
      }
      // in CSV the lines around the tables go to standard error, and the tables to standard output one after another,
      // separated by an empty line, so that each is valid CSV
      PrintWriter prose = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
      prose.println(messages.get("churn.health_header", config.churn().poorBelow(), config.churn().goodFrom()));
      List<List<Object>> rows = new ArrayList<>();
      for (HoldfastConfig.HealthComponent c : config.churn().health()) {
        rows.add(Arrays.asList(output == OutputFormat.TABLE ? ReasonWords.feature(messages, c.feature()) : c.feature(), c.points(), c.bad(), c.good()));
      }
      Tables.print(out, output, messages.locale(), titles(messages, output, "component", "points", "bad", "good"), rows);
      Tables.between(out, output);
      prose.println(messages.get("churn.health_backtest_header", set.table().rows(), set.dates(), backtest.churners()));
      List<List<Object>> rates = new ArrayList<>();
      for (HealthScore.BandRate rate : backtest.bands()) {
        rates.add(Arrays.asList(shownBand(messages, output, rate.band()), rate.customers(), rate.churners(), AtRiskCommand.round(rate.churnRate() * 100, 2)));
      }
      Tables.print(out, output, messages.locale(), titles(messages, output, "band", "rows", "churners", "churn_pct"), rates);
      // a measure the backtest cannot give (no churner, no poor row) reads as n/a, not "null"
      prose.println(messages.getWithMissing("churn.health_backtest", messages.get("reason.missing"), backtest.poor(), AtRiskCommand.round(backtest.precision(), 4),
          AtRiskCommand.round(backtest.recall(), 4), AtRiskCommand.round(backtest.lift(), 4), AtRiskCommand.round(backtest.auc(), 4)));
      if (chosen.isPresent()) {
        JsonNode evaluation = ScoreCommand.json(chosen.get().evaluation());
        prose.println(messages.get("churn.health_vs_model", chosen.get().id(), evaluation.path("auc").asDouble(), evaluation.path("top_decile_lift").asDouble()));
      }
      if (!bands.isEmpty()) {
        List<List<Object>> latest = new ArrayList<>();
        for (Object[] band : bands) {
          latest.add(Arrays.asList(shownBand(messages, output, (String) band[0]), band[1], AtRiskCommand.round((Double) band[2] * 100, 1), AtRiskCommand.round((Double) band[3], 2)));
        }
        Tables.between(out, output);
        prose.println(messages.get("churn.health_latest"));
        Tables.print(out, output, messages.locale(), titles(messages, output, "band", "customers", "mean_churn_pct", "revenue_at_risk"), latest);
      }
    }
    return 0;
  }

  private static String shownBand(Messages messages, OutputFormat output, String band) {
    return output == OutputFormat.TABLE ? ChurnSupport.band(messages, band) : band;
  }

  /** Column names as they are for CSV, their titles in the reader's language for a table. */
  private static List<String> titles(Messages messages, OutputFormat output, String... names) {
    return output == OutputFormat.TABLE ? ChurnSupport.titles(messages, List.of(names)) : List.of(names);
  }
}
