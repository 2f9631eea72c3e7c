package dev.holdfast.clv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDNOW calibration summary of 2,357 customers from {@code src/test/resources/clv} (see its SOURCE.md): repeat
 * purchases {@code x}, recency {@code t_x} and age {@code T} in weeks, and mean repeat spend {@code zbar} in US$.
 */
record CdnowSummary(double[] frequency, double[] recency, double[] age, double[] meanSpend) {
  private static final String RESOURCE = "/clv/cdnow_customers_summary_with_transactions.csv";

  static CdnowSummary load() {
    try (InputStream in = CdnowSummary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (!"ID,x,t_x,T,zbar".equals(header)) {
        throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
      }
      List<double[]> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          String[] fields = line.split(",", -1);
          rows.add(new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
              Double.parseDouble(fields[3]), Double.parseDouble(fields[4])});
        }
      }
      return new CdnowSummary(column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test resource " + RESOURCE, e);
    }
  }

  int size() {
    return frequency.length;
  }

  private static double[] column(List<double[]> rows, int index) {
    return rows.stream().mapToDouble(row -> row[index]).toArray();
  }
}
