package dev.holdfast.store.features;

import java.time.LocalDate;
import java.util.List;

/**
 * Features of customers at observation dates, one row each, column by column: a numeric column holds doubles
 * (NaN where missing), a categorical one strings (null where missing). The label is 1 for a customer who churned
 * within the horizon after the date, 0 for one who did not, and NaN when scoring (not yet known); {@code value}
 * is the customer's MRR at the date (NaN for transactional customers).
 */
public record FeatureTable(FeatureSchema schema, String[] customerIds, LocalDate[] dates, int[] observations, double[] labels, double[] value,
    List<Column> columns) {

  /** One feature: its name, the signal it belongs to (for reasons), and its values. */
  public record Column(String name, String signal, double[] numbers, String[] categories) {
    public boolean categorical() {
      return categories != null;
    }
  }

  public FeatureTable {
    columns = List.copyOf(columns);
  }

  public int rows() {
    return customerIds.length;
  }

  public Column column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no feature named " + name));
  }
}
