package dev.holdfast.clv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pareto/NBD and sBG test data of {@code src/test/resources/clv} (see its SOURCE.md): the CDNOW summary, the
 * retention cohorts, the tables of {@code pareto_nbd_sbg_reference.out}, and 2F1 summed in {@link BigDecimal}.
 */
final class ParetoNbdReference {
  private ParetoNbdReference() {
  }

  /** CDNOW's 2,357 customers: frequency, recency and age in weeks, one array each. */
  record Cdnow(double[] frequency, double[] recency, double[] age) {
  }

  static Cdnow cdnow() {
    List<String[]> rows = csv("cdnow_customers_summary.csv", "ID,frequency,recency,T");
    double[][] columns = new double[3][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < 3; j++) {
        columns[j][i] = Double.parseDouble(rows.get(i)[j + 1]);
      }
    }
    return new Cdnow(columns[0], columns[1], columns[2]);
  }

  /** The survivors of a 1,000-customer cohort after 0..12 years: {@code regular} is column 1, high end column 2. */
  static long[] cohort(int column) {
    List<String[]> rows = csv("customer_retention.csv", "year,regular_pct_surviving,high_end_pct_surviving");
    long[] alive = new long[rows.size()];
    for (int year = 0; year < alive.length; year++) {
      alive[year] = Math.round(Double.parseDouble(rows.get(year)[column]) * 10);
    }
    return alive;
  }

  /** The comma-separated rows under the heading that starts with {@code heading}, up to the next blank line. */
  static List<double[]> table(String heading) {
    List<double[]> rows = new ArrayList<>();
    boolean inside = false;
    for (String line : lines("pareto_nbd_sbg_reference.out")) {
      if (line.startsWith(heading)) {
        inside = true;
      } else if (inside && line.isBlank()) {
        break;
      } else if (inside && !line.startsWith("#") && Character.isDigit(line.charAt(0))) {
        String[] fields = line.split(",", -1);
        double[] row = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
          row[i] = Double.parseDouble(fields[i].replace("+inf", "Infinity"));
        }
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("no table under " + heading + " in pareto_nbd_sbg_reference.out");
    }
    return rows;
  }

  /**
   * {@code ln 2F1(a, b; a + 1; z)} for {@code |z| < 1} from its power series summed at 50 significant digits until a
   * term is below {@code 1e-45} of the sum, from the exact binary values of the arguments.
   */
  static double logSeries(double a, double b, double z) {
    MathContext context = new MathContext(50);
    BigDecimal shapeA = new BigDecimal(a);
    BigDecimal shapeB = new BigDecimal(b);
    BigDecimal argument = new BigDecimal(z);
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    for (int n = 0; n < 5_000_000; n++) {
      BigDecimal numerator = shapeA.add(BigDecimal.valueOf(n)).multiply(shapeB.add(BigDecimal.valueOf(n)))
          .multiply(argument);
      BigDecimal denominator = shapeA.add(BigDecimal.valueOf(n + 1)).multiply(BigDecimal.valueOf(n + 1));
      term = term.multiply(numerator, context).divide(denominator, context);
      sum = sum.add(term, context);
      if (term.abs().compareTo(sum.abs().movePointLeft(45)) < 0) {
        return Math.log(sum.doubleValue());
      }
    }
    throw new IllegalStateException("2F1(" + a + ", " + b + "; a+1; " + z + ") did not converge");
  }

  private static List<String[]> csv(String name, String header) {
    List<String> lines = lines(name);
    if (!header.equals(lines.get(0))) {
      throw new IllegalStateException("unexpected header in " + name + ": " + lines.get(0));
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static List<String> lines(String name) {
    String resource = "/clv/" + name;
    try (InputStream in = ParetoNbdReference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test resource " + resource, e);
    }
  }
}
