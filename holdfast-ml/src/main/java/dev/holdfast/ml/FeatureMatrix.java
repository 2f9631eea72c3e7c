package dev.holdfast.ml;

import dev.holdfast.HoldfastException.InputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The numbers a churn model trains on or scores: one row per customer and observation date, one column per
 * {@link Feature}, with optional labels (1 = churned within the horizon), groups (the observation date, for
 * time-ordered validation) and row ids (customer ids).
 *
 * <p>Values are kept column by column and read as {@code float}, which is what XGBoost works in; a {@code float} keeps
 * about seven significant digits, enough for counts, rates and money to the cent below 100 000. A categorical value is
 * the index of its level as a float; a missing value of either kind is {@code NaN}. Instances are immutable.
 */
public final class FeatureMatrix {
  private final int rows;
  private final List<Feature> features;
  private final Map<String, Integer> columnByName;
  /** Each column as the caller's numbers (read as {@code float}), or as the matrix's own floats; the other is null. */
  private final double[][] doubles;
  private final float[][] floats;
  private final int[] labels;
  private final int[] groups;
  private final String[] ids;

  private FeatureMatrix(int rows, List<Feature> features, double[][] doubles, float[][] floats, int[] labels, int[] groups, String[] ids) {
    this.rows = rows;
    this.features = List.copyOf(features);
    this.doubles = doubles;
    this.floats = floats;
    this.labels = labels;
    this.groups = groups;
    this.ids = ids;
    this.columnByName = new HashMap<>();
    for (int column = 0; column < features.size(); column++) {
      columnByName.put(features.get(column).name(), column);
    }
  }

  /** Returns a builder that takes the matrix column by column. */
  public static Builder builder() {
    return new Builder();
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return features.size();
  }

  public List<Feature> features() {
    return features;
  }

  public Feature feature(int column) {
    return features.get(column);
  }

  /** Returns the column of the feature called {@code name}, or -1 when there is none. */
  public int columnOf(String name) {
    Integer column = columnByName.get(name);
    return column == null ? -1 : column;
  }

  /** Returns the value at {@code row} and {@code column}: a number, a level index, or {@code NaN} when missing. */
  public float value(int row, int column) {
    double[] numbers = doubles[column];
    return numbers != null ? (float) numbers[row] : floats[column][row];
  }

  /**
   * Copies rows {@code from} to {@code to} (exclusive) of {@code column} into {@code into}, row {@code r} at {@code
   * offset + (r − from) × stride}: a column into rows of a row-major design.
   */
  void copy(int column, int from, int to, float[] into, int offset, int stride) {
    double[] numbers = doubles[column];
    if (numbers != null) {
      for (int row = from, at = offset; row < to; row++, at += stride) {
        into[at] = (float) numbers[row];
      }
    } else {
      float[] values = floats[column];
      for (int row = from, at = offset; row < to; row++, at += stride) {
        into[at] = values[row];
      }
    }
  }

  public boolean hasLabels() {
    return labels != null;
  }

  public boolean hasGroups() {
    return groups != null;
  }

  public boolean hasIds() {
    return ids != null;
  }

  /** Returns 1 when the customer in {@code row} churned within the horizon, else 0. */
  public int label(int row) {
    return requireLabels()[row];
  }

  /** Returns a copy of the labels. */
  public int[] labels() {
    return requireLabels().clone();
  }

  /** Returns the number of rows labelled 1. */
  public int positives() {
    int positives = 0;
    for (int label : requireLabels()) {
      positives += label;
    }
    return positives;
  }

  /** Returns the group of {@code row}: by convention the observation date as days since 1970-01-01. */
  public int group(int row) {
    if (groups == null) {
      throw new IllegalStateException("this matrix has no groups; give them to the builder with groups(...)");
    }
    return groups[row];
  }

  /** Returns the id of {@code row} (a customer id), or the row number as text when the matrix has no ids. */
  public String id(int row) {
    return ids == null ? Integer.toString(row) : ids[row];
  }

  /** Returns the matrix made of the given rows, in the given order; rows may repeat. */
  public FeatureMatrix select(int[] selected) {
    int width = features.size();
    double[][] pickedDoubles = new double[width][];
    float[][] pickedFloats = new float[width][];
    for (int column = 0; column < width; column++) {
      if (doubles[column] != null) {
        double[] source = doubles[column];
        pickedDoubles[column] = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
          pickedDoubles[column][i] = source[selected[i]];
        }
      } else {
        float[] source = floats[column];
        pickedFloats[column] = new float[selected.length];
        for (int i = 0; i < selected.length; i++) {
          pickedFloats[column][i] = source[selected[i]];
        }
      }
    }
    return new FeatureMatrix(selected.length, features, pickedDoubles, pickedFloats, pick(labels, selected), pick(groups, selected),
        ids == null ? null : Arrays.stream(selected).mapToObj(row -> ids[row]).toArray(String[]::new));
  }

  /**
   * Deals the rows into {@code folds} folds of near-equal size with near-equal churn rates (stratified K-fold): the
   * churners are shuffled with {@code seed} and dealt round-robin, then the others continue the deal.
   *
   * @return for each row, its fold in {@code [0, folds)}
   */
  public int[] stratifiedFolds(int folds, long seed) {
    int[] labelsOfRows = requireLabels();
    if (folds < 2 || folds > rows) {
      throw new IllegalArgumentException("folds must be between 2 and the number of rows (" + rows + "): " + folds);
    }
    var random = new SplittableRandom(seed);
    int[] fold = new int[rows];
    int dealt = 0;
    for (int label = 1; label >= 0; label--) {
      int[] members = new int[rows];
      int count = 0;
      for (int row = 0; row < rows; row++) {
        if (labelsOfRows[row] == label) {
          members[count++] = row;
        }
      }
      for (int i = count - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = members[i];
        members[i] = members[j];
        members[j] = swap;
      }
      for (int i = 0; i < count; i++) {
        fold[members[i]] = dealt++ % folds;
      }
    }
    return fold;
  }

  /** The values row after row, as {@code float}: a copy. */
  float[] rawValues() {
    int width = features.size();
    float[] values = new float[Math.multiplyExact(rows, width)];
    for (int row = 0; row < rows; row++) {
      for (int column = 0; column < width; column++) {
        values[row * width + column] = value(row, column);
      }
    }
    return values;
  }

  private int[] requireLabels() {
    if (labels == null) {
      throw new IllegalStateException("this matrix has no labels; give them to the builder with labels(...)");
    }
    return labels;
  }

  private static int[] pick(int[] source, int[] selected) {
    if (source == null) {
      return null;
    }
    int[] picked = new int[selected.length];
    for (int i = 0; i < selected.length; i++) {
      picked[i] = source[selected[i]];
    }
    return picked;
  }

  /** Collects a matrix column by column; every column, the labels, groups and ids must have the same length. */
  public static final class Builder {
    private final List<Feature> features = new ArrayList<>();
    /** Each feature's column: a {@code float[]} of the builder's own, or the caller's {@code double[]}. */
    private final List<Object> columns = new ArrayList<>();
    private int rows = -1;
    private String firstColumn;
    private int[] labels;
    private int[] groups;
    private String[] ids;

    private Builder() {}

    /**
     * Adds a numeric feature; {@code NaN} marks a missing value, infinities (as {@code float}) are refused. The matrix
     * keeps the column itself and reads it as {@code float} (a copy of every column took a second for a million rows),
     * so it must not change afterwards.
     */
    public Builder numeric(String name, double[] column) {
      for (int row = 0; row < column.length; row++) {
        if (Float.isInfinite((float) column[row])) {
          throw infinite(name, row, (float) column[row]);
        }
      }
      return add(new Feature.Numeric(name), column);
    }

    /** Adds a numeric feature; {@code NaN} marks a missing value, infinities are refused. */
    public Builder numeric(String name, float[] column) {
      return add(new Feature.Numeric(name), finite(name, column).clone());
    }

    private static float[] finite(String name, float[] column) {
      for (int row = 0; row < column.length; row++) {
        if (Float.isInfinite(column[row])) {
          throw infinite(name, row, column[row]);
        }
      }
      return column;
    }

    private static InputException infinite(String name, int row, float value) {
      return new InputException("feature \"" + name + "\" row " + row + ": " + value + " is not a number a model can use;"
          + " give a finite value, or NaN when it is missing");
    }

    /**
     * Adds a categorical feature from its values as text; {@code null} and blank values are missing. The levels are
     * the distinct values in their natural (alphabetical) order, so the coding does not depend on the row order.
     */
    public Builder categorical(String name, String[] column) {
      // a hash set first: a column has few levels and many rows, and a tree set compares every row's text
      var distinct = new HashSet<String>();
      String previous = null;
      for (String value : column) {
        if (value != null && value != previous && !value.isBlank()) {
          distinct.add(value);
          previous = value;
        }
      }
      List<String> levels = distinct.stream().sorted().toList();
      var codeOf = new HashMap<String, Integer>();
      for (int i = 0; i < levels.size(); i++) {
        codeOf.put(levels.get(i), i);
      }
      float[] codes = new float[column.length];
      // rows of one level often hold the same text object: its code is looked up once for a run of them
      String last = null;
      float lastCode = Float.NaN;
      for (int row = 0; row < column.length; row++) {
        String value = column[row];
        if (value != last || row == 0) {
          last = value;
          lastCode = value == null || value.isBlank() ? Float.NaN : codeOf.get(value);
        }
        codes[row] = lastCode;
      }
      return add(new Feature.Categorical(name, levels), codes);
    }

    /** Adds a categorical feature already coded: {@code codes[row]} indexes {@code levels}, -1 marks a missing value. */
    public Builder categorical(String name, List<String> levels, int[] codes) {
      float[] converted = new float[codes.length];
      for (int row = 0; row < codes.length; row++) {
        int code = codes[row];
        if (code < -1 || code >= levels.size()) {
          throw new InputException("feature \"" + name + "\" row " + row + ": code " + code + " is outside its "
              + levels.size() + " levels; use -1 for a missing value");
        }
        converted[row] = code == -1 ? Float.NaN : code;
      }
      return add(new Feature.Categorical(name, levels), converted);
    }

    /** Sets the labels: 1 when the customer churned within the horizon, 0 when not. */
    public Builder labels(int[] column) {
      for (int row = 0; row < column.length; row++) {
        if (column[row] != 0 && column[row] != 1) {
          throw new InputException("label of row " + row + " is " + column[row] + "; labels must be 0 or 1");
        }
      }
      length("labels", column.length);
      labels = column.clone();
      return this;
    }

    /** Sets the labels: {@code true} when the customer churned within the horizon. */
    public Builder labels(boolean[] column) {
      int[] converted = new int[column.length];
      for (int row = 0; row < column.length; row++) {
        converted[row] = column[row] ? 1 : 0;
      }
      return labels(converted);
    }

    /** Sets the groups of the rows, ordered in time: by convention the observation date as an epoch day. */
    public Builder groups(int[] column) {
      length("groups", column.length);
      groups = column.clone();
      return this;
    }

    /** Sets the groups from the observation dates of the rows. */
    public Builder observationDates(LocalDate[] dates) {
      int[] days = new int[dates.length];
      for (int row = 0; row < dates.length; row++) {
        days[row] = Math.toIntExact(dates[row].toEpochDay());
      }
      return groups(days);
    }

    /** Sets the row ids, usually customer ids. */
    public Builder ids(String[] column) {
      length("ids", column.length);
      ids = column.clone();
      return this;
    }

    public FeatureMatrix build() {
      if (features.isEmpty()) {
        throw new IllegalStateException("a feature matrix needs at least one feature");
      }
      int width = features.size();
      double[][] doubles = new double[width][];
      float[][] floats = new float[width][];
      for (int column = 0; column < width; column++) {
        if (columns.get(column) instanceof double[] numbers) {
          doubles[column] = numbers;
        } else {
          floats[column] = (float[]) columns.get(column);
        }
      }
      return new FeatureMatrix(rows, features, doubles, floats, labels, groups, ids);
    }

    private Builder add(Feature feature, Object column) {
      for (Feature existing : features) {
        if (existing.name().equals(feature.name())) {
          throw new IllegalArgumentException("feature \"" + feature.name() + "\" was added twice");
        }
      }
      length("feature \"" + feature.name() + "\"", column instanceof float[] floats ? floats.length : ((double[]) column).length);
      features.add(feature);
      columns.add(column);
      return this;
    }

    private void length(String what, int length) {
      if (rows == -1) {
        rows = length;
        firstColumn = what;
      } else if (length != rows) {
        throw new IllegalArgumentException(what + " has " + length + " rows, but " + firstColumn + " has " + rows);
      }
    }
  }
}
