package dev.holdfast.ml;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Churn data with planted drivers: the true probability of churn is logistic in three of ten features, so a model can
 * be checked against the truth (coefficients, reasons, calibration). Used by the tests and the benchmarks.
 *
 * <p>{@code logit P(churn) = −1.0 − 0.04 tenure_months − 1.6 logins_change + 0.7 open_tickets}, about 21 % churn.
 * The other seven features ({@code mrr}, {@code seats}, {@code nps} with 20 % missing, {@code orders_90d}, {@code
 * support_minutes}, and the categoricals {@code plan} and {@code region}) are independent of churn and of each other.
 * Rows are spread evenly over six monthly observation dates from 2026-01-01 (their groups).
 */
public final class SyntheticChurn {
  public static final double INTERCEPT = -1.0;
  public static final double TENURE_MONTHS = -0.04;
  public static final double LOGINS_CHANGE = -1.6;
  public static final double OPEN_TICKETS = 0.7;
  /** The features that drive churn. */
  public static final List<String> DRIVERS = List.of("tenure_months", "logins_change", "open_tickets");

  private static final String[] PLANS = {"basic", "pro", "business"};
  private static final String[] REGIONS = {"americas", "apac", "emea", "other"};
  private static final LocalDate FIRST_DATE = LocalDate.of(2026, 1, 1);

  private SyntheticChurn() {}

  /** A generated matrix with labels drawn from {@link #probabilities}. */
  public record Sample(FeatureMatrix matrix, double[] probabilities) {}

  /** Generates {@code rows} customers; the same seed gives the same sample. */
  public static Sample generate(int rows, long seed) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1: " + rows);
    }
    var random = new SplittableRandom(seed);
    double[] tenure = new double[rows];
    double[] logins = new double[rows];
    double[] tickets = new double[rows];
    double[] mrr = new double[rows];
    double[] seats = new double[rows];
    double[] nps = new double[rows];
    double[] orders = new double[rows];
    double[] supportMinutes = new double[rows];
    String[] plan = new String[rows];
    String[] region = new String[rows];
    int[] labels = new int[rows];
    LocalDate[] dates = new LocalDate[rows];
    String[] ids = new String[rows];
    double[] probabilities = new double[rows];
    for (int row = 0; row < rows; row++) {
      tenure[row] = 1 + random.nextInt(60);
      logins[row] = 0.5 * gaussian(random);
      tickets[row] = poisson(random, 1.0);
      mrr[row] = Math.exp(4 + 0.8 * gaussian(random));
      seats[row] = 1 + poisson(random, 3);
      nps[row] = random.nextDouble() < 0.2 ? Double.NaN : random.nextInt(11);
      orders[row] = poisson(random, 2);
      supportMinutes[row] = -15 * Math.log(1 - random.nextDouble());
      plan[row] = PLANS[random.nextInt(PLANS.length)];
      region[row] = REGIONS[random.nextInt(REGIONS.length)];
      double logit = INTERCEPT + TENURE_MONTHS * tenure[row] + LOGINS_CHANGE * logins[row] + OPEN_TICKETS * tickets[row];
      probabilities[row] = LogOdds.sigmoid(logit);
      labels[row] = random.nextDouble() < probabilities[row] ? 1 : 0;
      dates[row] = FIRST_DATE.plusMonths(row % 6);
      ids[row] = String.format(Locale.ROOT, "c%07d", row);
    }
    FeatureMatrix matrix = FeatureMatrix.builder()
        .numeric("tenure_months", tenure)
        .numeric("logins_change", logins)
        .numeric("open_tickets", tickets)
        .numeric("mrr", mrr)
        .numeric("seats", seats)
        .numeric("nps", nps)
        .numeric("orders_90d", orders)
        .numeric("support_minutes", supportMinutes)
        .categorical("plan", plan)
        .categorical("region", region)
        .labels(labels)
        .observationDates(dates)
        .ids(ids)
        .build();
    return new Sample(matrix, probabilities);
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
