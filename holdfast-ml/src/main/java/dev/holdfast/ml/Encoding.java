package dev.holdfast.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The transforms a model learned from its training matrix, applied identically when it scores: how each feature
 * becomes one or more design columns.
 *
 * <p>{@link Mode#STANDARDISED} (the logistic model): a numeric feature becomes {@code (x - mean) / sd} after missing
 * values are replaced by the training median, plus a 0/1 "missing" column when training had missing values; a
 * categorical feature becomes one 0/1 column per training level (a full one-hot: the L2 penalty keeps it
 * identifiable and no level is an arbitrary reference). {@link Mode#TREES} (XGBoost): a numeric feature is passed as
 * it is, {@code NaN} included, since XGBoost learns a default direction for missing values at each split; a
 * categorical feature is one-hot as well, with {@code NaN} in all its columns when the value is missing. In both
 * modes a level the model never saw is all zeros. Levels and features are matched by name.
 */
final class Encoding {

  enum Mode { STANDARDISED, TREES }

  private final Mode mode;
  private final List<Feature> features;
  private final double[] median;
  private final double[] mean;
  private final double[] scale;
  private final boolean[] indicator;
  private final int[] firstColumn;
  private final String[] designNames;
  private final int[] source;

  private Encoding(Mode mode, List<Feature> features, double[] median, double[] mean, double[] scale,
      boolean[] indicator) {
    this.mode = mode;
    this.features = List.copyOf(features);
    this.median = median;
    this.mean = mean;
    this.scale = scale;
    this.indicator = indicator;
    this.firstColumn = new int[features.size()];
    var names = new ArrayList<String>();
    var sources = new ArrayList<Integer>();
    for (int feature = 0; feature < features.size(); feature++) {
      firstColumn[feature] = names.size();
      Feature described = features.get(feature);
      if (described instanceof Feature.Categorical categorical) {
        for (String level : categorical.levels()) {
          names.add(categorical.name() + "=" + level);
          sources.add(feature);
        }
      } else {
        names.add(described.name());
        sources.add(feature);
        if (mode == Mode.STANDARDISED && indicator[feature]) {
          names.add(described.name() + " missing");
          sources.add(feature);
        }
      }
    }
    this.designNames = names.toArray(String[]::new);
    this.source = sources.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Learns the transforms from {@code training}. */
  static Encoding fit(FeatureMatrix training, Mode mode) {
    int count = training.columns();
    double[] median = new double[count];
    double[] mean = new double[count];
    double[] scale = new double[count];
    boolean[] indicator = new boolean[count];
    Arrays.fill(scale, 1);
    if (mode == Mode.STANDARDISED) {
      int rows = training.rows();
      for (int feature = 0; feature < count; feature++) {
        if (!(training.feature(feature) instanceof Feature.Numeric)) {
          continue;
        }
        double[] present = new double[rows];
        int n = 0;
        for (int row = 0; row < rows; row++) {
          float value = training.value(row, feature);
          if (!Float.isNaN(value)) {
            present[n++] = value;
          }
        }
        indicator[feature] = n < rows;
        median[feature] = n == 0 ? 0 : median(Arrays.copyOf(present, n));
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += present[i];
        }
        double average = (sum + (rows - n) * median[feature]) / Math.max(rows, 1);
        double squares = 0;
        for (int i = 0; i < n; i++) {
          squares += (present[i] - average) * (present[i] - average);
        }
        squares += (rows - n) * (median[feature] - average) * (median[feature] - average);
        double sd = Math.sqrt(squares / Math.max(rows, 1));
        mean[feature] = average;
        scale[feature] = sd > 0 ? sd : 1;
      }
    }
    return new Encoding(mode, training.features(), median, mean, scale, indicator);
  }

  Mode mode() {
    return mode;
  }

  List<Feature> features() {
    return features;
  }

  /** The number of design columns. */
  int width() {
    return designNames.length;
  }

  /** The name of a design column: the feature, {@code feature=level}, or {@code feature missing}. */
  String designName(int column) {
    return designNames[column];
  }

  /** The feature a design column comes from. */
  int source(int column) {
    return source[column];
  }

  /** Whether a design column is a standardised numeric value (rather than a 0/1 indicator or level). */
  boolean isStandardisedValue(int column) {
    int feature = source[column];
    return mode == Mode.STANDARDISED && features.get(feature) instanceof Feature.Numeric
        && firstColumn[feature] == column;
  }

  /** The training median, mean and standard deviation of a numeric feature (standardised mode). */
  double median(int feature) {
    return median[feature];
  }

  double mean(int feature) {
    return mean[feature];
  }

  double scale(int feature) {
    return scale[feature];
  }

  /** Returns the design matrix of {@code data}, row-major, {@link #width()} columns, in double precision. */
  double[] standardised(FeatureMatrix data) {
    if (mode != Mode.STANDARDISED) {
      throw new IllegalStateException("this encoding is for trees");
    }
    Alignment alignment = align(data);
    int width = width();
    int rows = data.rows();
    double[] design = new double[Math.multiplyExact(rows, width)];
    for (int row = 0; row < rows; row++) {
      int offset = row * width;
      for (int feature = 0; feature < features.size(); feature++) {
        float value = data.value(row, alignment.column[feature]);
        int column = offset + firstColumn[feature];
        if (features.get(feature) instanceof Feature.Numeric) {
          boolean missing = Float.isNaN(value);
          design[column] = ((missing ? median[feature] : value) - mean[feature]) / scale[feature];
          if (indicator[feature]) {
            design[column + 1] = missing ? 1 : 0;
          }
        } else if (!Float.isNaN(value)) {
          int level = alignment.levels[feature][(int) value];
          if (level >= 0) {
            design[column + level] = 1;
          }
        }
      }
    }
    return design;
  }

  /** Rows per block of {@link #trees}. */
  private static final int TREES_BLOCK = 4_096;

  /** Returns the design matrix of {@code data} for XGBoost, row-major, {@link #width()} columns, NaN = missing. */
  float[] trees(FeatureMatrix data) {
    Alignment alignment = treesAlignment(data);
    int width = width();
    int rows = data.rows();
    float[] design = new float[Math.multiplyExact(rows, width)];
    // blocks of rows on all processors
    IntStream.range(0, (rows + TREES_BLOCK - 1) / TREES_BLOCK).parallel().forEach(block -> {
      int from = block * TREES_BLOCK;
      fillTrees(data, alignment, null, from, Math.min(rows, from + TREES_BLOCK) - from, design, from * width);
    });
    return design;
  }

  /**
   * The same design a block of rows at a time, for {@link TreeEnsemble#contributions(TreeEnsemble.DesignRows, int, int,
   * TreeEnsemble.ContributionSink)}: position {@code i} is row {@code rows[i]} of {@code data}, or row {@code i} where
   * {@code rows} is null.
   */
  TreeEnsemble.DesignRows treeRows(FeatureMatrix data, int[] rows) {
    Alignment alignment = treesAlignment(data);
    return (first, count, into) -> fillTrees(data, alignment, rows, first, count, into, 0);
  }

  private Alignment treesAlignment(FeatureMatrix data) {
    if (mode != Mode.TREES) {
      throw new IllegalStateException("this encoding is standardised");
    }
    return align(data);
  }

  /**
   * Writes {@code count} design rows from position {@code first} into {@code design} (all zeros there) from {@code at}:
   * each column of the rows in a loop of its own, as the matrix keeps its values column by column.
   */
  private void fillTrees(FeatureMatrix data, Alignment alignment, int[] rows, int first, int count, float[] design, int at) {
    int width = width();
    for (int feature = 0; feature < features.size(); feature++) {
      int source = alignment.column[feature];
      int column = firstColumn[feature];
      if (features.get(feature) instanceof Feature.Categorical categorical) {
        int[] levels = alignment.levels[feature];
        int size = categorical.levels().size();
        for (int r = 0; r < count; r++) {
          float value = data.value(rows == null ? first + r : rows[first + r], source);
          int cell = at + r * width + column;
          if (Float.isNaN(value)) {
            Arrays.fill(design, cell, cell + size, Float.NaN);
          } else if (levels[(int) value] >= 0) {
            design[cell + levels[(int) value]] = 1;
          }
        }
      } else if (rows == null) {
        data.copy(source, first, first + count, design, at + column, width);
      } else {
        for (int r = 0; r < count; r++) {
          design[at + r * width + column] = data.value(rows[first + r], source);
        }
      }
    }
  }

  /** Where each training feature is in {@code data}, and for a categorical the training index of each data level. */
  private record Alignment(int[] column, int[][] levels) {}

  private Alignment align(FeatureMatrix data) {
    int[] column = new int[features.size()];
    int[][] levels = new int[features.size()][];
    for (int feature = 0; feature < features.size(); feature++) {
      Feature expected = features.get(feature);
      int found = data.columnOf(expected.name());
      if (found < 0) {
        throw new ModelException("the data lacks feature \"" + expected.name() + "\", which the model was trained on;"
            + " the data has " + data.features().stream().map(Feature::name).toList());
      }
      column[feature] = found;
      Feature actual = data.feature(found);
      if (expected instanceof Feature.Categorical trained) {
        if (!(actual instanceof Feature.Categorical given)) {
          throw new ModelException("feature \"" + expected.name() + "\" is categorical in the model but numeric in"
              + " the data");
        }
        var index = new HashMap<String, Integer>();
        for (int level = 0; level < trained.levels().size(); level++) {
          index.put(trained.levels().get(level), level);
        }
        levels[feature] = given.levels().stream().mapToInt(level -> index.getOrDefault(level, -1)).toArray();
      } else if (!(actual instanceof Feature.Numeric)) {
        throw new ModelException("feature \"" + expected.name() + "\" is numeric in the model but categorical in"
            + " the data");
      }
    }
    return new Alignment(column, levels);
  }

  static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("mode", mode.name().toLowerCase(Locale.ROOT));
    ArrayNode list = json.putArray("features");
    for (int feature = 0; feature < features.size(); feature++) {
      ObjectNode entry = list.addObject();
      Feature described = features.get(feature);
      entry.put("name", described.name());
      if (described instanceof Feature.Categorical categorical) {
        entry.put("kind", "categorical");
        ArrayNode levels = entry.putArray("levels");
        categorical.levels().forEach(levels::add);
      } else {
        entry.put("kind", "numeric");
        if (mode == Mode.STANDARDISED) {
          entry.put("median", median[feature]).put("mean", mean[feature]).put("sd", scale[feature])
              .put("missing_indicator", indicator[feature]);
        }
      }
    }
    return json;
  }

  static Encoding fromJson(JsonNode json) {
    Mode mode = Mode.valueOf(Json.text(json, "mode").toUpperCase(Locale.ROOT));
    JsonNode list = Json.field(json, "features");
    int count = list.size();
    var features = new ArrayList<Feature>();
    double[] median = new double[count];
    double[] mean = new double[count];
    double[] scale = new double[count];
    boolean[] indicator = new boolean[count];
    Arrays.fill(scale, 1);
    for (int feature = 0; feature < count; feature++) {
      JsonNode entry = list.get(feature);
      String name = Json.text(entry, "name");
      String kind = Json.text(entry, "kind");
      switch (kind) {
        case "numeric" -> {
          features.add(new Feature.Numeric(name));
          if (mode == Mode.STANDARDISED) {
            median[feature] = Json.number(entry, "median");
            mean[feature] = Json.number(entry, "mean");
            scale[feature] = Json.number(entry, "sd");
            indicator[feature] = Json.field(entry, "missing_indicator").asBoolean();
          }
        }
        case "categorical" -> {
          var levels = new ArrayList<String>();
          Json.field(entry, "levels").forEach(level -> levels.add(level.asText()));
          features.add(new Feature.Categorical(name, levels));
        }
        default -> throw new ModelException("the model file describes feature \"" + name + "\" as \"" + kind
            + "\"; expected numeric or categorical");
      }
    }
    return new Encoding(mode, features, median, mean, scale, indicator);
  }
}
