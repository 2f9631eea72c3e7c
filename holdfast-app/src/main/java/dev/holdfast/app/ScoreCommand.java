package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.health.HealthScore;
import dev.holdfast.i18n.Messages;
import dev.holdfast.ml.ChurnModel;
import dev.holdfast.ml.Contributions;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.churn.ChurnStore;
import dev.holdfast.store.churn.ScoreText;
import dev.holdfast.store.clv.ClvPredictions;
import dev.holdfast.store.features.FeatureBuilder;
import dev.holdfast.store.features.FeatureSchema;
import dev.holdfast.store.features.FeatureTable;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.hipparchus.util.KthSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast score}: every customer active on the as-of date scored by the chosen model with the transforms
 * saved at training, the reasons (exact SHAP for the customers at risk, XGBoost's approximation for the rest), the
 * health score and the revenue at risk, written to the store as that day's scores (and optionally to a CSV file).
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false)
final class ScoreCommand extends DataCommand {
  @Option(names = "--model", paramLabel = "ID", descriptionKey = "churn.model_id")
  String modelId;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", descriptionKey = "churn.as_of")
  LocalDate asOf;

  @Option(names = "--exact-above", paramLabel = "P", defaultValue = "0.2", descriptionKey = "churn.exact_above")
  double exactAbove;

  @Option(names = "--exact-top", paramLabel = "N", defaultValue = "2000", descriptionKey = "churn.exact_top")
  int exactTop;

  @Option(names = "--out", paramLabel = "FILE.csv", descriptionKey = "churn.out")
  Path file;

  ScoreCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = spec.commandLine().getErr();
    if (exactTop < 0) {
      throw new InputException(messages.get("churn.bad_exact_top", exactTop));
    }
    if (!(exactAbove >= 0 && exactAbove <= 1)) {
      throw new InputException(messages.get("churn.bad_exact_above", exactAbove));
    }
    if (file != null) {
      Main.StoreOptions.refuseStoreAsOutput("--out", file, config, messages);
    }
    boolean parquet = file != null && checkOut(file, messages);
    try (DuckDbStore store = DuckDbStore.open(config)) {
      ChurnStore churn = new ChurnStore(store);
      ChurnStore.Model stored = churn.model(modelId).orElseThrow(() -> new InputException(
          modelId == null ? messages.get("churn.no_model") : messages.get("churn.unknown_model", modelId)));
      RetentionMetrics.trace("store opened");
      // the model (its JSON, the booster) is read on another thread while DuckDB builds the features
      byte[] artifact = churn.artifact(stored.id());
      java.util.concurrent.CompletableFuture<ChurnModel> loading =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> ChurnModel.load(artifact));
      JsonNode data = json(stored.provenance()).path("data");
      RetentionMetrics metrics = new RetentionMetrics(store, config, messages, clock);
      LocalDate day = ChurnSupport.day(metrics, asOf, messages);
      int window = data.path("window_days").asInt(config.churn().windowDays());
      FeatureBuilder.Design design = new FeatureBuilder.Design(day, window, data.path("horizon_days").asInt(config.churn().horizonDays()),
          data.path("lead_days").asInt(config.churn().leadDays()), 1, true);
      progress.println(messages.get("churn.progress.score", stored.id(), day));
      progress.flush();
      RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, day, day, day, List.of(), null, config.currency());
      FeatureTable table = new FeatureBuilder(store, metrics).build(query, design, schema(data));
      FeatureMatrix matrix = ChurnSupport.matrix(table, false);
      RetentionMetrics.trace("model matrix");
      progress.println(messages.get("churn.progress.predict", table.rows()));
      progress.flush();
      ChurnModel model = loaded(loading);
      RetentionMetrics.trace("model loaded");
      // exact reasons for the riskiest customers, the ones people read: at or above --exact-above, at most --exact-top
      ChurnModel.Explained explained = model.explain(matrix, p -> riskiest(p, exactTop, exactAbove));
      double[] probability = explained.probabilities();
      Contributions contributions = explained.contributions();
      RetentionMetrics.trace("predicted and explained");
      HealthScore health = HealthScore.of(config.churn());
      HealthScore.Rows healthRows = health.rows(ChurnSupport.healthInputs(table, health, messages));
      int components = health.components().size();
      ScoreText.HealthWriter healthText = new ScoreText.HealthWriter(
          health.components().stream().map(HoldfastConfig.HealthComponent::feature).toList(),
          health.components().stream().mapToDouble(HoldfastConfig.HealthComponent::points).toArray());
      Map<String, Double> clv = new ClvPredictions(store).values(config.currency());
      ChurnSupport.Reasons reasons = new ChurnSupport.Reasons(table, contributions.features(), window);
      reasons.learnDirections(contributions.rows(), contributions::value);
      RetentionMetrics.trace("predicted CLV read");
      // the plan the features saw (the running subscription's), kept with the score for the at-risk lists
      String[] plans = table.column("plan").categories();
      // what the summary needs is kept per row; the scores themselves (their texts are most of the memory) only for a
      // CSV file, so that each row is garbage once the database has taken it and the heap stays small. Made on the
      // database's threads, in any order: each call writes only its own row's elements
      int rows = table.rows();
      ChurnStore.Score[] scored = file != null && !parquet ? new ChurnStore.Score[rows] : null;
      double[] riskOf = new double[rows];
      boolean[] unvaluedOf = new boolean[rows];
      boolean[] poorOf = new boolean[rows];
      // one buffer per thread for a row's contributions (a new one for every row came to 180 MB of garbage)
      ThreadLocal<double[]> contributionRow = ThreadLocal.withInitial(() -> new double[contributions.features().size()]);
      ThreadLocal<double[]> healthValues = ThreadLocal.withInitial(() -> new double[components]);
      ThreadLocal<double[]> healthPoints = ThreadLocal.withInitial(() -> new double[components]);
      IntFunction<ChurnStore.Score> score = i -> {
        double[] values = healthValues.get();
        double[] points = healthPoints.get();
        double healthScore = healthRows.score(i, values, points);
        double mrr = table.value()[i];
        boolean subscriber = mrr > 0;
        Double lifetime = clv.get(table.customerIds()[i]);
        double value = subscriber ? mrr : lifetime != null ? lifetime : Double.NaN;
        String basis = subscriber ? "mrr" : lifetime != null ? "clv" : null;
        String band = health.band(healthScore);
        double atRisk = Double.isNaN(value) ? Double.NaN : probability[i] * value;
        riskOf[i] = Double.isNaN(atRisk) ? 0 : atRisk;
        unvaluedOf[i] = Double.isNaN(value);
        poorOf[i] = band.equals(HealthScore.POOR);
        ChurnStore.Score made = new ChurnStore.Score(table.customerIds()[i], day, stored.id(), probability[i], healthScore, band, value, basis,
            atRisk, contributions.isExact(i), reasons.json(i, contributions.row(i, contributionRow.get()), 3), healthText.write(values, points), plans[i]);
        if (scored != null) {
          scored[i] = made;
        }
        return made;
      };
      progress.println(messages.get("churn.progress.write", rows));
      progress.flush();
      // the reasons and health parts of the rows are phrased by the database's threads as they write them
      churn.replaceScores(day, stored.id(), healthText.signals(), rows, score, clock.instant());
      RetentionMetrics.trace("scores written");
      if (parquet) {
        parquet(store, file, day, healthText, messages);
      } else if (file != null) {
        write(file, Arrays.asList(scored), messages);
      }
      double atRisk = Arrays.stream(riskOf).sum();
      long unvalued = 0;
      long poor = 0;
      for (int i = 0; i < rows; i++) {
        unvalued += unvaluedOf[i] ? 1 : 0;
        poor += poorOf[i] ? 1 : 0;
      }
      if (unvalued > 0) {
        progress.println(messages.get("churn.no_value", unvalued, rows, config.currency()));
        progress.flush();
      }
      if (output == OutputFormat.TABLE) {
        out.println(messages.get("churn.scored", rows, day, stored.id(), explainedExactly(contributions), poor, atRisk,
            config.currency()));
      } else {
        // the same summary for scripts: one JSON object, or one CSV row under its header
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("customers", rows);
        summary.put("as_of", day.toString());
        summary.put("model_id", stored.id());
        summary.put("exact_reasons", explainedExactly(contributions));
        summary.put("poor_health", poor);
        // to the cent, written out in full (a double would print 1.2E7 from ten million on)
        summary.put("revenue_at_risk", java.math.BigDecimal.valueOf(atRisk).setScale(2, java.math.RoundingMode.HALF_UP));
        summary.put("currency", config.currency());
        if (output == OutputFormat.JSON) {
          Tables.json(out, summary);
        } else {
          Tables.print(out, output, messages.locale(), List.copyOf(summary.keySet()), List.of(List.copyOf(summary.values())));
        }
      }
    }
    return 0;
  }

  /**
   * Checks {@code --out} before any work: a name ending in .csv or .parquet (true for Parquet) in a folder that exists,
   * so that a typo does not cost a whole scoring run.
   */
  static boolean checkOut(Path file, Messages messages) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (Files.isDirectory(file)) {
      throw new InputException(messages.get("churn.out_is_folder", file));
    }
    if (!name.endsWith(".csv") && !name.endsWith(".parquet")) {
      throw new InputException(messages.get("churn.out_extension", file));
    }
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new InputException(messages.get("churn.out_no_folder", file, folder));
    }
    return name.endsWith(".parquet");
  }

  /** The model read on another thread, its failure rethrown as it was thrown there. */
  private static ChurnModel loaded(java.util.concurrent.CompletableFuture<ChurnModel> loading) {
    try {
      return loading.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static int explainedExactly(Contributions contributions) {
    int exact = 0;
    for (int row = 0; row < contributions.rows(); row++) {
      exact += contributions.isExact(row) ? 1 : 0;
    }
    return exact;
  }

  /** The rows to explain exactly: the {@code top} most probable at or above {@code above} (ties by row order). */
  static BitSet riskiest(double[] probability, int top, double above) {
    BitSet rows = new BitSet(probability.length);
    int count = 0;
    for (int i = 0; i < probability.length; i++) {
      count += probability[i] >= above ? 1 : 0;
    }
    if (top <= 0) {
      return rows;
    }
    if (count <= top) {
      for (int i = 0; i < probability.length; i++) {
        if (probability[i] >= above) {
          rows.set(i);
        }
      }
      return rows;
    }
    // the top-th largest probability; rows above it all go in, rows equal to it in row order until top is reached
    double threshold = largest(probability, top);
    int taken = 0;
    for (int i = 0; i < probability.length; i++) {
      if (probability[i] > threshold) {
        rows.set(i);
        taken++;
      }
    }
    for (int i = 0; i < probability.length && taken < top; i++) {
      if (probability[i] == threshold) {
        rows.set(i);
        taken++;
      }
    }
    return rows;
  }

  /**
   * The {@code k}-th largest of {@code values} (1 ≤ k ≤ their number): what sorting a copy would put at {@code length −
   * k}, found by Hipparchus' selection in a copy (sorting the 640,000 probabilities of the 1 M demo store took
   * 0.12–0.15 s in a fresh process).
   */
  static double largest(double[] values, int k) {
    return new KthSelector().select(values.clone(), null, values.length - k);
  }

  static JsonNode json(String text) {
    try {
      return ChurnSupport.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event types and attributes the model was trained with, from its provenance. */
  static FeatureSchema schema(JsonNode data) {
    List<FeatureSchema.EventType> types = new ArrayList<>();
    for (JsonNode type : data.path("schema").path("event_types")) {
      types.add(new FeatureSchema.EventType(type.get("type").asText(), type.get("name").asText(), type.get("has_value").asBoolean()));
    }
    List<FeatureSchema.Attribute> attributes = new ArrayList<>();
    for (JsonNode attribute : data.path("schema").path("attributes")) {
      attributes.add(new FeatureSchema.Attribute(attribute.get("key").asText(), attribute.get("numeric").asBoolean()));
    }
    return new FeatureSchema(types, attributes);
  }

  private static void write(Path file, List<ChurnStore.Score> scores, Messages messages) {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write("customer_id,as_of,model_id,probability,health,health_band,value,value_basis,revenue_at_risk,reasons\n");
      for (ChurnStore.Score s : scores) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : json(ScoreText.reasons(s.reasons(), s.exact()))) {
          reasons.add(ChurnSupport.text(messages, reason));
        }
        writer.write(String.join(",", csv(s.customerId()), s.asOf().toString(), csv(s.modelId()), number(s.probability()), number(s.health()),
            s.healthBand(), number(s.value()), s.valueBasis() == null ? "" : s.valueBasis(), number(s.revenueAtRisk()),
            csv(String.join("; ", reasons))));
        writer.write('\n');
      }
    } catch (IOException e) {
      throw new InputException(messages.get("churn.cannot_write", file, e.getMessage()));
    }
  }

  /**
   * The day's scores as Parquet, written by the store's engine: reasons in their stored form (docs/features.md, "Stored
   * reasons") with whether they are exact, health parts named ({@code {"signal": [value, points, max_points], …}}) by
   * the scorecard that wrote them.
   */
  private static void parquet(DuckDbStore store, Path file, LocalDate day, ScoreText.HealthWriter health, Messages messages) {
    String target = file.toAbsolutePath().toString().replace("'", "''");
    try (java.sql.PreparedStatement copy = store.connection().prepareStatement("COPY (SELECT customer_id, as_of, model_id, probability, health,"
        + " health_band, value, value_basis, revenue_at_risk, CAST(reasons AS VARCHAR) AS reasons, " + health.namedSql("parts")
        + " AS health_components, coalesce(reasons_exact, FALSE) AS reasons_exact FROM (SELECT *, json_extract_string(health_components, '$[*]')"
        + " AS parts FROM churn_scores WHERE as_of = ?) ORDER BY customer_id) TO '" + target + "' (FORMAT parquet)")) {
      copy.setObject(1, day);
      copy.execute();
    } catch (java.sql.SQLException e) {
      throw new InputException(messages.get("churn.cannot_write", file, e.getMessage()));
    }
  }

  /** A number as stored, every digit of its shortest form and no exponent (six significant digits would round money above 10,000). */
  private static String number(double value) {
    return Double.isNaN(value) ? "" : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String csv(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n") ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
