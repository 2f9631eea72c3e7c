package dev.holdfast.ml;

import java.time.Clock;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times XGBoost contributions on 100 000 rows × 20 features: exact TreeSHAP against the approximation, and the mixed
 * mode that is exact only for the riskiest tenth. Not a test: speed is measured, never asserted.
 *
 * <p>Wall-clock times depend on what else the machine runs; the process CPU time is printed beside them. Run from the
 * repository root (the first command also compiles the test classes):
 * <pre>
 * ./mvnw -q -B -o install -pl holdfast-ml -DskipTests
 * ./mvnw -q -B -o dependency:build-classpath -pl holdfast-ml -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/ml.cp
 * OMP_WAIT_POLICY=PASSIVE java -cp holdfast-ml/target/classes:holdfast-ml/target/test-classes:$(cat /tmp/ml.cp) \
 *     dev.holdfast.ml.ContributionsBenchmark [rows]
 * </pre>
 */
public final class ContributionsBenchmark {
  private ContributionsBenchmark() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    FeatureMatrix data = withNoise(SyntheticChurn.generate(rows, 1).matrix(), 10, 2);
    System.out.printf(Locale.ROOT, "%s, %d cores, Java %s, %s: %d rows × %d features%n", LocalDate.now(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("os.arch"), data.rows(), data.columns());
    run("depth 6, 100 rounds (the notes' design)",
        XgboostParameters.defaults().withMaxDepth(6).withEta(0.3).withFixedRounds(100), data);
    run("Holdfast defaults (depth 4, eta 0.1, early stopping)", XgboostParameters.defaults(), data);
  }

  private static void run(String name, XgboostParameters parameters, FeatureMatrix data) {
    var clock = new Stopwatch();
    var model = (XgboostModel) new ChurnTrainer(parameters, CalibrationMethod.NONE, 1, Clock.systemUTC()).train(data);
    String train = clock.lap();
    double[] probabilities = model.predict(data);
    String predict = clock.lap();
    Contributions approximate = model.contributions(data, new BitSet());
    String approximateTime = clock.lap();
    BitSet riskiest = riskiestTenth(probabilities);
    clock.lap();
    model.contributions(data, riskiest);
    String mixed = clock.lap();
    Contributions exact = model.contributions(data);
    String exactTime = clock.lap();
    double difference = 0;
    double size = 0;
    int sameTopReason = 0;
    int withReasons = 0;
    for (int row = 0; row < data.rows(); row++) {
      for (int feature = 0; feature < data.columns(); feature++) {
        difference += Math.abs(exact.value(row, feature) - approximate.value(row, feature));
        size += Math.abs(exact.value(row, feature));
      }
      var exactTop = exact.reasons(row, 1);
      if (!exactTop.isEmpty()) {
        withReasons++;
        var approximateTop = approximate.reasons(row, 1);
        if (!approximateTop.isEmpty() && approximateTop.get(0).feature().equals(exactTop.get(0).feature())) {
          sameTopReason++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d trees; train %s, predict %s, contributions: exact %s, approximate %s,"
            + " exact for the riskiest 10 %% + approximate %s; approximate differs from exact by %.1f %% (mean"
            + " absolute), same strongest reason for %.1f %% of rows%n",
        name, model.rounds(), train, predict, exactTime, approximateTime, mixed, 100 * difference / size,
        100.0 * sameTopReason / withReasons);
  }

  private static BitSet riskiestTenth(double[] probabilities) {
    double[] sorted = probabilities.clone();
    java.util.Arrays.sort(sorted);
    double threshold = sorted[(int) (0.9 * sorted.length)];
    BitSet rows = new BitSet();
    for (int row = 0; row < probabilities.length; row++) {
      if (probabilities[row] >= threshold) {
        rows.set(row);
      }
    }
    return rows;
  }

  /** Adds {@code count} standard normal columns that have nothing to do with churn. */
  private static FeatureMatrix withNoise(FeatureMatrix data, int count, long seed) {
    var builder = FeatureMatrix.builder();
    for (int column = 0; column < data.columns(); column++) {
      Feature feature = data.feature(column);
      if (feature instanceof Feature.Categorical categorical) {
        int[] codes = new int[data.rows()];
        for (int row = 0; row < data.rows(); row++) {
          float value = data.value(row, column);
          codes[row] = Float.isNaN(value) ? -1 : (int) value;
        }
        builder.categorical(feature.name(), categorical.levels(), codes);
      } else {
        float[] values = new float[data.rows()];
        for (int row = 0; row < data.rows(); row++) {
          values[row] = data.value(row, column);
        }
        builder.numeric(feature.name(), values);
      }
    }
    var random = new SplittableRandom(seed);
    for (int extra = 1; extra <= count; extra++) {
      double[] noise = new double[data.rows()];
      for (int row = 0; row < data.rows(); row++) {
        noise[row] = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
      }
      builder.numeric("noise_" + extra, noise);
    }
    return builder.labels(data.labels()).build();
  }

  /** Wall-clock and process CPU time (all threads, XGBoost's native ones included) since the last lap. */
  private static final class Stopwatch {
    private final com.sun.management.OperatingSystemMXBean system =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private long wall = System.nanoTime();
    private long cpu = system.getProcessCpuTime();

    String lap() {
      long nowWall = System.nanoTime();
      long nowCpu = system.getProcessCpuTime();
      String lap = String.format(Locale.ROOT, "%.2f s (CPU %.2f s)", (nowWall - wall) / 1e9, (nowCpu - cpu) / 1e9);
      wall = nowWall;
      cpu = nowCpu;
      return lap;
    }
  }
}
