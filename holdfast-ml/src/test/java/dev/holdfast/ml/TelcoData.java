package dev.holdfast.ml;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The IBM Telco customer churn sample (7 043 customers) as a feature matrix: every column but {@code customerID} and
 * {@code Churn} is a feature; {@code SeniorCitizen}, {@code tenure}, {@code MonthlyCharges} and {@code TotalCharges}
 * are numeric (the 11 blank {@code TotalCharges} are missing), the rest categorical.
 *
 * <p>Read from {@code $HOLDFAST_DATA/telco-churn/}; a test that needs it is skipped when it is absent, unless
 * {@code HOLDFAST_REQUIRE_DATA=1}, when it fails. The file has no quoted fields (checked), so a plain split on commas
 * parses it.
 */
final class TelcoData {
  static final String FILE = "telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv";
  static final Set<String> NUMERIC = Set.of("SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges");

  private TelcoData() {}

  static FeatureMatrix load() {
    String root = System.getenv("HOLDFAST_DATA");
    Path path = root == null ? null : Path.of(root, FILE);
    if (path == null || !Files.isReadable(path)) {
      String message = "Telco churn data not found at " + (path == null ? "$HOLDFAST_DATA/" + FILE : path)
          + "; set HOLDFAST_DATA to the shared data directory";
      if ("1".equals(System.getenv("HOLDFAST_REQUIRE_DATA"))) {
        fail(message + " (HOLDFAST_REQUIRE_DATA=1)");
      }
      Assumptions.abort(message);
    }
    try {
      return parse(Files.readAllLines(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  static FeatureMatrix parse(List<String> lines) {
    String[] header = strip(lines.get(0)).split(",", -1);
    var records = new ArrayList<String[]>();
    for (int line = 1; line < lines.size(); line++) {
      String text = strip(lines.get(line));
      if (text.isEmpty()) {
        continue;
      }
      if (text.indexOf('"') >= 0) {
        throw new IllegalStateException("line " + (line + 1) + " has a quote; this reader splits on commas only");
      }
      String[] fields = text.split(",", -1);
      if (fields.length != header.length) {
        throw new IllegalStateException("line " + (line + 1) + " has " + fields.length + " fields, expected "
            + header.length);
      }
      records.add(fields);
    }
    int rows = records.size();
    var builder = FeatureMatrix.builder();
    int[] labels = new int[rows];
    String[] ids = new String[rows];
    for (int column = 0; column < header.length; column++) {
      String name = header[column];
      String[] values = new String[rows];
      for (int row = 0; row < rows; row++) {
        values[row] = records.get(row)[column].trim();
      }
      switch (name) {
        case "customerID" -> System.arraycopy(values, 0, ids, 0, rows);
        case "Churn" -> {
          for (int row = 0; row < rows; row++) {
            labels[row] = switch (values[row]) {
              case "Yes" -> 1;
              case "No" -> 0;
              default -> throw new IllegalStateException("row " + row + ": Churn is \"" + values[row] + "\"");
            };
          }
        }
        default -> {
          if (NUMERIC.contains(name)) {
            double[] numbers = new double[rows];
            for (int row = 0; row < rows; row++) {
              numbers[row] = values[row].isEmpty() ? Double.NaN : Double.parseDouble(values[row]);
            }
            builder.numeric(name, numbers);
          } else {
            builder.categorical(name, values);
          }
        }
      }
    }
    return builder.labels(labels).ids(ids).build();
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
