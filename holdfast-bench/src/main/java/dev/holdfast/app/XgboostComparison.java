package dev.holdfast.app;

import dev.holdfast.config.ConfigLoader;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.ml.CalibrationMethod;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.Feature;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.XgboostParameters;
import dev.holdfast.store.DuckDbStore;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * The same XGBoost training in XGBoost4J and in Python's xgboost: builds {@code holdfast train}'s training set from a
 * store (12 observation dates, the sampled rows), writes it as CSV (numbers as they are, categorical features as
 * level codes in columns named {@code cat:NAME}, the label last), then trains XGBoost4J on it with Holdfast's default
 * parameters and a fixed number of rounds (no early stopping, no calibration), and prints the seconds.
 * {@code holdfast-bench/scripts/xgboost-python.py} trains Python's xgboost on the CSV with the same parameters.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/xgboost-compare.sh /tmp/holdfast-bench/churn-1000000.duckdb 500
 * </pre>
 * It lives in the app's package to use the training-set code of {@code holdfast train} itself.
 */
public final class XgboostComparison {
  private XgboostComparison() {}

  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Path csv = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    HoldfastConfig config = ConfigLoader.load(null, Map.of(), Map.of("store.path", store.toString()));
    Clock clock = Clock.systemUTC();
    PrintWriter progress = new PrintWriter(System.err, true);
    FeatureMatrix matrix;
    try (DuckDbStore opened = DuckDbStore.open(config)) {
      matrix = TrainCommand.trainingSet(opened, config, Messages.of(Locale.ENGLISH), clock, null, null, progress).matrix();
    }
    write(matrix, csv);
    // the learning rate of the recorded comparison (docs/benchmarks.md) and of xgboost-python.py, whichever the default
    XgboostParameters parameters = XgboostParameters.defaults().withEta(0.05).withFixedRounds(rounds);
    ChurnTrainer trainer = new ChurnTrainer(parameters, CalibrationMethod.NONE, config.churn().seed(), clock);
    long start = System.nanoTime();
    trainer.train(matrix);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "XGBoost4J %s: %d rows × %d features, %d rounds, %d threads: %.2f s%n",
        System.getProperty("java.version"), matrix.rows(), matrix.columns(), rounds, parameters.threads(), seconds);
    System.out.println("parameters " + parameters.describe() + ", seed " + config.churn().seed());
  }

  private static void write(FeatureMatrix matrix, Path csv) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      for (int column = 0; column < matrix.columns(); column++) {
        Feature feature = matrix.feature(column);
        out.write((feature instanceof Feature.Categorical ? "cat:" : "") + feature.name() + ",");
      }
      out.write("label\n");
      StringBuilder line = new StringBuilder();
      for (int row = 0; row < matrix.rows(); row++) {
        line.setLength(0);
        for (int column = 0; column < matrix.columns(); column++) {
          float value = matrix.value(row, column);
          line.append(Float.isNaN(value) ? "" : Float.toString(value)).append(',');
        }
        line.append(matrix.label(row)).append('\n');
        out.write(line.toString());
      }
    }
  }
}
