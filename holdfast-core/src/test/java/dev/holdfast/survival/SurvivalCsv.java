package dev.holdfast.survival;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A lifelines CSV from {@code src/test/resources/survival}: a header line, then comma-separated values. */
final class SurvivalCsv {
  private final List<String> header;
  private final List<String[]> rows;

  private SurvivalCsv(List<String> header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  static SurvivalCsv load(String name) {
    try (InputStream in = SurvivalCsv.class.getResourceAsStream("/survival/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource /survival/" + name + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> header = Arrays.asList(reader.readLine().split(",", -1));
      List<String[]> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return new SurvivalCsv(header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test resource /survival/" + name, e);
    }
  }

  int size() {
    return rows.size();
  }

  String[] strings(String column) {
    int index = header.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + header);
    }
    return rows.stream().map(row -> row[index]).toArray(String[]::new);
  }

  double[] doubles(String column) {
    return Arrays.stream(strings(column)).mapToDouble(Double::parseDouble).toArray();
  }

  int[] ints(String column) {
    return Arrays.stream(strings(column)).mapToInt(value -> (int) Double.parseDouble(value)).toArray();
  }
}
