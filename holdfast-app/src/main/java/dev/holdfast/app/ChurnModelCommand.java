package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.health.HealthScore;
import dev.holdfast.i18n.Messages;
import dev.holdfast.ml.ChurnModel;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.ModelException;
import dev.holdfast.ml.evaluation.CalibrationTable;
import dev.holdfast.ml.evaluation.Validation;
import dev.holdfast.ml.evaluation.ValidationReport;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.churn.ChurnStore;
import dev.holdfast.store.features.FeatureBuilder;
import dev.holdfast.store.features.FeatureTable;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * What {@code holdfast train} and {@code holdfast evaluate} share: builds the training set at observation dates,
 * validates the model on held-out dates (or folds for a single snapshot), backtests the health score on the same rows,
 * and (train) trains on every row and stores the model with its provenance and evaluation. {@code evaluate} is the
 * same without storing, for both model kinds or one.
 */
abstract class ChurnModelCommand extends DataCommand {
  @Option(names = "--model", paramLabel = "xgboost|logistic", descriptionKey = "churn.model")
  String model;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", descriptionKey = "churn.as_of")
  LocalDate asOf;

  @Option(names = "--observations", paramLabel = "N", descriptionKey = "churn.observations")
  Integer observations;

  @Option(names = "--folds", paramLabel = "K", descriptionKey = "churn.folds")
  Integer folds;

  @Option(names = "--seed", paramLabel = "N", descriptionKey = "churn.seed")
  Long seed;

  /** Whether the new model is stored beside the one in use rather than in its place ({@code train --keep-current}). */
  boolean keepCurrent() {
    return false;
  }

  /** A validation AUC this much below the model in use is said to be worse (beyond the rounding of the figures). */
  static final double WORSE_AUC = 0.005;

  ChurnModelCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  /** Whether the trained model is stored (train) or only evaluated (evaluate). */
  abstract boolean stores();

  /** A training set ready for models: the feature rows and their matrix. */
  record TrainingSet(FeatureBuilder.Design design, FeatureTable table, FeatureMatrix matrix, int dates) {}

  static TrainingSet trainingSet(DuckDbStore store, HoldfastConfig config, Messages messages, Clock clock, LocalDate asOf, Integer observations,
      PrintWriter progress) {
    if (observations != null && observations < 1) {
      throw new InputException(messages.get("churn.bad_observations", observations));
    }
    RetentionMetrics metrics = new RetentionMetrics(store, config, messages, clock);
    LocalDate day = ChurnSupport.day(metrics, asOf, messages);
    HoldfastConfig.Churn churn = config.churn();
    FeatureBuilder.Design design = new FeatureBuilder.Design(day, churn.windowDays(), churn.horizonDays(), churn.leadDays(),
        observations != null ? observations : churn.observations(), false, churn.maxTrainingRows());
    progress.println(messages.get("churn.progress.rows", design.dates().size(), design.dates().get(design.dates().size() - 1), design.dates().get(0)));
    progress.flush();
    RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, day, day, day, List.of(), null, config.currency());
    FeatureTable table = new FeatureBuilder(store, metrics).build(query, design, null);
    FeatureMatrix matrix = ChurnSupport.matrix(table, true);
    int dates = new TreeSet<>(Arrays.asList(table.dates())).size();
    progress.println(messages.get("churn.progress.built", table.rows(), matrix.positives(), matrix.columns(), dates));
    progress.flush();
    return new TrainingSet(design, table, matrix, dates);
  }

  /**
   * Validation: with at least three observation dates, time-ordered (each of the {@code newest} dates predicted by a
   * model trained on the dates whose outcomes were known by then); with fewer, or when {@code folds} is given,
   * stratified K-fold.
   */
  static ValidationReport validate(TrainingSet set, ChurnTrainer trainer, Integer folds, HoldfastConfig.Churn churn, long seed, int newest) {
    if (folds == null && set.dates() >= 3) {
      return Validation.timeOrdered(set.matrix(), trainer, Math.min(newest, set.dates() - 1), churn.leadDays() + churn.horizonDays());
    }
    return Validation.stratifiedKFold(set.matrix(), trainer, folds == null ? DEFAULT_FOLDS : folds, seed);
  }

  /** Below this many churners in the validated rows the measures are said to be rough. */
  static final int FEW_VALIDATED_CHURNERS = 30;

  /** At least this many churners and as many customers who stayed for a model to learn from (as ChurnTrainer asks). */
  private static final int MIN_PER_CLASS = 10;

  /** The folds of stratified validation when --folds is not given. */
  private static final int DEFAULT_FOLDS = 5;

  /**
   * Refuses, in the user's words, the designs whose validation could not be measured: too few churners or stayers in
   * all, more folds than the rarer outcome has rows, or (time-ordered) too few churners before a validated date, as in
   * a snapshot whose churn is known only at its one date.
   */
  static void checkOutcomes(TrainingSet set, Integer folds, HoldfastConfig.Churn churn, int newest, Messages messages) {
    int churners = set.matrix().positives();
    int stayed = set.table().rows() - churners;
    if (churners == 0) {
      // more observation dates cannot help where nobody churned after any of them
      throw new InputException(messages.get("churn.no_churners", stayed));
    }
    if (churners < MIN_PER_CLASS || stayed < MIN_PER_CLASS) {
      throw new InputException(messages.get("churn.too_few_outcomes", churners, stayed));
    }
    int rarer = Math.min(churners, stayed);
    String rarerName = churners <= stayed ? messages.get("churn.minority_churners") : messages.get("churn.minority_stayed");
    if (folds != null && folds > rarer) {
      throw new InputException(messages.get("churn.too_many_folds", String.valueOf(folds), String.valueOf(rarer), rarerName,
          set.table().rows()));
    }
    if (folds != null || set.dates() < 3) {
      // stratified K-fold (Validation.stratifiedKFold): each model learns from the other K − 1 folds, which hold all
      // but about a K-th of each outcome's rows
      if (rarer <= MIN_PER_CLASS) {
        // no number of folds leaves 10 to learn from beside the held-out ones
        throw new InputException(messages.get("churn.too_few_outcomes", churners, stayed));
      }
      int k = folds != null ? folds : DEFAULT_FOLDS;
      int learned = rarer - (rarer + k - 1) / k;
      if (learned < MIN_PER_CLASS) {
        int fewest = (rarer + (rarer - MIN_PER_CLASS) - 1) / (rarer - MIN_PER_CLASS);
        throw new InputException(messages.get("churn.folds_too_few_to_learn", String.valueOf(k), learned, rarerName, String.valueOf(fewest)));
      }
      return;
    }
    // the folds validate() will train: each of the newest dates, learnt from the rows a label window older
    int gap = churn.leadDays() + churn.horizonDays();
    FeatureMatrix matrix = set.matrix();
    for (Validation.Split split : Validation.timeOrderedSplits(matrix, Math.min(newest, set.dates() - 1), gap)) {
      int positives = 0;
      for (int row : split.training()) {
        positives += matrix.label(row);
      }
      int rows = split.training().length;
      if (positives < MIN_PER_CLASS || rows - positives < MIN_PER_CLASS) {
        throw new InputException(messages.get("churn.time_split_too_few", gap, LocalDate.ofEpochDay(split.group()), positives, rows));
      }
    }
  }

  /** The evaluation as stored and printed: the measures' means and spreads, the newest fold's calibration, the health backtest. */
  static ObjectNode evaluation(ValidationReport report, HealthScore.Backtest health) {
    ObjectNode json = ChurnSupport.JSON.createObjectNode();
    json.put("design", report.design());
    put(json, "auc", report.auc().mean());
    // one validated fold has no spread to measure: none is shown rather than 0
    put(json, "auc_sd", report.folds().size() > 1 ? report.auc().sd() : Double.NaN);
    int validatedRows = 0;
    int validatedChurners = 0;
    for (ValidationReport.Fold fold : report.folds()) {
      validatedRows += fold.evaluation().rows();
      validatedChurners += fold.evaluation().churners();
    }
    json.put("validated_rows", validatedRows);
    json.put("validated_churners", validatedChurners);
    put(json, "pr_auc", report.averagePrecision().mean());
    put(json, "brier", report.brier().mean());
    put(json, "top_decile_lift", report.topDecileLift().mean());
    put(json, "top_decile_capture", report.topDecileCapture().mean());
    ArrayNode calibration = json.putArray("calibration");
    CalibrationTable table = report.folds().get(report.folds().size() - 1).evaluation().calibration();
    int bin = 1;
    for (CalibrationTable.Bin b : table.bins()) {
      ObjectNode row = calibration.addObject();
      row.put("bin", bin++);
      put(row, "predicted", b.meanPredicted());
      put(row, "observed", b.observed());
      row.put("count", b.count());
    }
    json.set("health_backtest", backtestJson(health));
    try {
      json.set("validation", ChurnSupport.JSON.readTree(report.toJson()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return json;
  }

  static ObjectNode backtestJson(HealthScore.Backtest health) {
    ObjectNode backtest = ChurnSupport.JSON.createObjectNode();
    backtest.put("rows", health.rows());
    backtest.put("churners", health.churners());
    backtest.put("poor", health.poor());
    backtest.put("poor_churners", health.poorChurners());
    put(backtest, "precision", health.precision());
    put(backtest, "recall", health.recall());
    put(backtest, "lift", health.lift());
    put(backtest, "auc", health.auc());
    ArrayNode bands = backtest.putArray("bands");
    for (HealthScore.BandRate rate : health.bands()) {
      ObjectNode row = bands.addObject();
      row.put("band", rate.band());
      row.put("customers", rate.customers());
      row.put("churners", rate.churners());
      put(row, "churn_rate", rate.churnRate());
    }
    return backtest;
  }

  static void put(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, Math.round(value * 10000) / 10000.0);
    } else {
      node.putNull(name);
    }
  }

  static HealthScore.Backtest backtest(TrainingSet set, HoldfastConfig config, Messages messages) {
    HealthScore health = HealthScore.of(config.churn());
    double[] scores = health.scores(ChurnSupport.healthInputs(set.table(), health, messages), set.table().rows());
    return health.backtest(scores, set.table().labels());
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = spec.commandLine().getErr();
    long chosenSeed = seed != null ? seed : config.churn().seed();
    List<String> kinds = model != null ? List.of(checkKind(model, messages)) : stores() ? List.of(config.churn().model()) : List.of("xgboost", "logistic");
    if (folds != null && folds < 2) {
      throw new InputException(messages.get("churn.bad_folds", folds));
    }
    try (DuckDbStore store = stores() ? DuckDbStore.open(config) : DuckDbStore.openToRead(config)) {
      TrainingSet set = trainingSet(store, config, messages, clock, asOf, observations, progress);
      checkOutcomes(set, folds, config.churn(), stores() ? 1 : 3, messages);
      HealthScore.Backtest health = backtest(set, config, messages);
      ObjectNode result = ChurnSupport.JSON.createObjectNode();
      result.put("as_of", set.design().asOf().toString());
      result.put("rows", set.table().rows());
      result.put("churners", set.matrix().positives());
      result.put("observation_dates", set.dates());
      ObjectNode models = result.putObject("models");
      for (String kind : kinds) {
        ChurnTrainer trainer = ChurnSupport.trainer(kind, chosenSeed, clock);
        progress.println(messages.get("churn.progress.validate", kind));
        progress.flush();
        ValidationReport report;
        try {
          // train validates on the newest date (one more model); evaluate on the three newest
          report = validate(set, trainer, folds, config.churn(), chosenSeed, stores() ? 1 : 3);
        } catch (ModelException e) {
          throw new InputException(messages.get("churn.cannot_train", e.getMessage()));
        }
        if (Double.isNaN(report.auc().mean())) {
          // a validated date or fold whose rows all churned or all stayed: its ranking cannot be measured
          progress.println(messages.get("churn.validation_unmeasured", kind));
          progress.flush();
        }
        ObjectNode evaluation = evaluation(report, health);
        models.set(kind, evaluation);
        if (stores()) {
          progress.println(messages.get("churn.progress.train", kind, set.table().rows()));
          progress.flush();
          ChurnModel trained;
          try {
            trained = trainer.train(set.matrix());
          } catch (ModelException e) {
            throw new InputException(messages.get("churn.cannot_train", e.getMessage()));
          }
          ChurnStore saved = new ChurnStore(store);
          String id = newId(saved, kind, clock);
          java.util.Optional<ChurnStore.Model> current = saved.model(null);
          boolean choose = !keepCurrent() || current.isEmpty();
          saved.saveModel(new ChurnStore.Model(id, kind, clock.instant(), choose, provenance(trained, set, config, chosenSeed),
              evaluation.toString()), trained.save());
          result.put("model_id", id);
          result.put("chosen", choose);
          if (current.isPresent()) {
            ChurnStore.Model previous = current.get();
            result.put("previous_model_id", previous.id());
            double before = previousAuc(previous);
            if (!Double.isNaN(before)) {
              result.put("previous_auc", before);
            }
            // the validation AUCs of two models come from different dates, yet a clear fall is worth a look before scoring
            double after = report.auc().mean();
            if (after < before - WORSE_AUC) {
              progress.println(messages.get(choose ? "churn.worse_in_use" : "churn.worse_kept", id, String.format(java.util.Locale.ROOT, "%.3f", after),
                  previous.id(), String.format(java.util.Locale.ROOT, "%.3f", before)));
              progress.flush();
            }
          }
        }
      }
      print(out, output, messages, result);
    }
    return 0;
  }

  /** The validation AUC stored with a model, or NaN where it has none. */
  private static double previousAuc(ChurnStore.Model model) {
    try {
      JsonNode auc = ChurnSupport.JSON.readTree(model.evaluation()).get("auc");
      return auc == null || !auc.isNumber() ? Double.NaN : auc.asDouble();
    } catch (java.io.IOException e) {
      return Double.NaN;
    }
  }

  /** The kind and the time to the second, with -2, -3 … when a model of the same kind was saved in the same second. */
  static String newId(ChurnStore churn, String kind, Clock clock) {
    String stamp = kind + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(clock.instant().atOffset(ZoneOffset.UTC));
    java.util.Set<String> taken = churn.models().stream().map(ChurnStore.Model::id).collect(java.util.stream.Collectors.toSet());
    String id = stamp;
    for (int n = 2; taken.contains(id); n++) {
      id = stamp + "-" + n;
    }
    return id;
  }

  static String checkKind(String kind, Messages messages) {
    if (!kind.equals("xgboost") && !kind.equals("logistic")) {
      throw new InputException(messages.get("churn.bad_model", kind));
    }
    return kind;
  }

  private static String provenance(ChurnModel model, TrainingSet set, HoldfastConfig config, long seed) {
    try {
      ObjectNode json = (ObjectNode) ChurnSupport.JSON.readTree(model.provenance().toJson());
      ObjectNode data = json.putObject("data");
      data.put("as_of", set.design().asOf().toString());
      ArrayNode dates = data.putArray("observation_dates");
      set.design().dates().forEach(d -> dates.add(d.toString()));
      data.put("window_days", set.design().windowDays());
      data.put("horizon_days", set.design().horizonDays());
      data.put("lead_days", set.design().leadDays());
      data.put("rows", set.table().rows());
      data.put("churners", set.matrix().positives());
      data.put("currency", config.currency());
      data.put("seed", seed);
      ObjectNode schema = data.putObject("schema");
      ArrayNode types = schema.putArray("event_types");
      set.table().schema().eventTypes().forEach(t -> types.addObject().put("type", t.type()).put("name", t.name()).put("has_value", t.hasValue()));
      ArrayNode attributes = schema.putArray("attributes");
      set.table().schema().attributes().forEach(a -> attributes.addObject().put("key", a.key()).put("numeric", a.numeric()));
      return json.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void print(PrintWriter out, OutputFormat output, Messages messages, ObjectNode result) {
    if (output == OutputFormat.JSON) {
      out.println(result.toPrettyString());
      return;
    }
    // in CSV standard output holds the table alone; the sentences around it go to standard error
    PrintWriter prose = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
    prose.println(messages.get("churn.trained_header", result.get("as_of").asText(), result.get("rows").asLong(), result.get("churners").asLong(),
        result.get("observation_dates").asInt()));
    List<String> header = List.of("model", "validation", "auc", "auc_sd", "pr_auc", "brier", "top_decile_lift", "top_decile_capture");
    List<List<Object>> rows = new java.util.ArrayList<>();
    JsonNode health = null;
    for (var entry : (Iterable<Map.Entry<String, JsonNode>>) result.get("models")::fields) {
      JsonNode e = entry.getValue();
      String design = output == OutputFormat.TABLE ? ChurnSupport.design(messages, e.get("design").asText()) : e.get("design").asText();
      rows.add(Arrays.asList(entry.getKey(), design, num(e, "auc"), num(e, "auc_sd"), num(e, "pr_auc"), num(e, "brier"),
          num(e, "top_decile_lift"), num(e, "top_decile_capture")));
      health = e.get("health_backtest");
    }
    Tables.print(out, output, messages.locale(), output == OutputFormat.TABLE ? ChurnSupport.titles(messages, header) : header, rows);
    // the figures of a few validated churners swing with each one: said, so that an AUC of 1 is not read as a perfect model
    JsonNode first = result.get("models").elements().hasNext() ? result.get("models").elements().next() : null;
    if (first != null && first.has("validated_churners") && first.get("validated_churners").asInt() < FEW_VALIDATED_CHURNERS) {
      prose.println(messages.get("churn.validation_rough", first.get("validated_churners").asInt(), first.get("validated_rows").asInt()));
    }
    if (health != null) {
      prose.println(messages.getWithMissing("churn.health_backtest", messages.get("reason.missing"), health.get("poor").asLong(), num(health, "precision"), num(health, "recall"),
          num(health, "lift"), num(health, "auc")));
    }
    if (result.has("model_id")) {
      String id = result.get("model_id").asText();
      boolean chosen = result.path("chosen").asBoolean(true);
      String previous = result.has("previous_model_id") ? result.get("previous_model_id").asText() : null;
      prose.println(chosen ? messages.get("churn.saved", id) : messages.get("churn.saved_beside", id, previous));
    }
    prose.flush();
  }

  private static Object num(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asDouble();
  }
}
