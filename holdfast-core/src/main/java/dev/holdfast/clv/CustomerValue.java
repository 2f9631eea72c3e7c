package dev.holdfast.clv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Predicted customer lifetime value over a horizon: the BG/NBD model's expected purchases month by month,
 * times the Gamma-Gamma model's expected transaction value, discounted to today.
 *
 * <p>CLV = Σ_{m=1..H} (E[Y(m·w)] − E[Y((m−1)·w)]) · E[M] / (1 + d)^{m/12}, with E[Y(t)] the expected
 * purchases in the next t time units given (x, t_x, T) (BG/NBD eq. 10), w the units in a month, E[M] the
 * expected transaction value given (x, m_x) (Gamma-Gamma; the population mean for x = 0) and d the yearly
 * discount rate. Customers with the same history share one computation, which is what keeps a million
 * customers fast: they have far fewer distinct (x, t_x, T) than customers.
 */
public final class CustomerValue {
  /** One customer's predictions. */
  public record Prediction(double probabilityAlive, double expectedPurchases, double expectedValue, double value) {}

  private final PurchaseModel purchases;
  private final GammaGammaModel spend;
  private final double fallbackValue;
  private final int horizonMonths;
  private final double unitsPerMonth;
  private final double yearlyDiscount;

  /**
   * @param spend the spend model, or null to value every purchase at {@code fallbackValue}
   * @param unitsPerMonth time units of the histories in a month (weeks: 365.25 / 12 / 7)
   */
  public CustomerValue(PurchaseModel purchases, GammaGammaModel spend, double fallbackValue, int horizonMonths, double unitsPerMonth,
      double yearlyDiscount) {
    if (horizonMonths < 1 || horizonMonths > 1200) {
      throw new IllegalArgumentException("the horizon is 1 to 1200 months: " + horizonMonths);
    }
    if (!(yearlyDiscount >= 0 && yearlyDiscount < 10)) {
      throw new IllegalArgumentException("the yearly discount rate is a fraction from 0 (such as 0.1 for 10 %): " + yearlyDiscount);
    }
    if (!(unitsPerMonth > 0)) {
      throw new IllegalArgumentException("units per month must be positive: " + unitsPerMonth);
    }
    this.purchases = purchases;
    this.spend = spend;
    this.fallbackValue = fallbackValue;
    this.horizonMonths = horizonMonths;
    this.unitsPerMonth = unitsPerMonth;
    this.yearlyDiscount = yearlyDiscount;
  }

  /**
   * Predictions for every customer i of the histories (x, t_x, T, m_x), in the same order. The expected purchases
   * factor into P(alive | x, t_x, T) times the purchases of a customer alive at T, which depend on (x, T) only: those
   * (a hypergeometric series at each month end for the BG/NBD) are computed once per distinct (x, T), on every
   * core, and P(alive) and the spend once per distinct history.
   */
  public Prediction[] predict(double[] frequency, double[] recency, double[] age, double[] meanSpend) {
    Map<Shape, Integer> shapeIndex = new HashMap<>();
    List<Shape> shapes = new ArrayList<>();
    Map<History, Integer> distinct = new HashMap<>();
    List<History> histories = new ArrayList<>();
    int[] historyOf = new int[frequency.length];
    for (int i = 0; i < frequency.length; i++) {
      History history = new History(frequency[i], recency[i], age[i], frequency[i] > 0 ? meanSpend[i] : 0);
      historyOf[i] = distinct.computeIfAbsent(history, key -> {
        histories.add(key);
        shapeIndex.computeIfAbsent(new Shape(key.frequency(), key.age()), shape -> {
          shapes.add(shape);
          return shapes.size() - 1;
        });
        return histories.size() - 1;
      });
    }
    // per (x, T): purchases over the horizon and their discounted sum, if alive at T
    double[][] ifAlive = new double[shapes.size()][];
    IntStream.range(0, shapes.size()).parallel().forEach(k -> ifAlive[k] = ifAlive(shapes.get(k)));
    Prediction[] byHistory = new Prediction[histories.size()];
    IntStream.range(0, byHistory.length).parallel().forEach(h -> {
      History history = histories.get(h);
      double[] purchases = ifAlive[shapeIndex.get(new Shape(history.frequency(), history.age()))];
      double alive = this.purchases.probabilityAlive(history.frequency(), history.recency(), history.age());
      // a repeat buyer whose repeat purchases net to zero or less tells the spend model nothing: the population mean
      double value = spend == null ? fallbackValue : history.meanSpend() > 0
          ? spend.conditionalExpectedTransactionValue(history.frequency(), history.meanSpend()) : spend.expectedTransactionValue();
      byHistory[h] = new Prediction(alive, alive * purchases[0], value, Math.max(0, alive * purchases[1] * value));
    });
    Prediction[] predictions = new Prediction[frequency.length];
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = byHistory[historyOf[i]];
    }
    return predictions;
  }

  private record History(double frequency, double recency, double age, double meanSpend) {}

  private record Shape(double frequency, double age) {}

  /** {total, discounted} expected purchases over the horizon of a customer alive at T with x repeat purchases. */
  private double[] ifAlive(Shape shape) {
    double discounted = 0;
    double before = 0;
    for (int month = 1; month <= horizonMonths; month++) {
      double upTo = purchases.expectedPurchasesIfAlive(month * unitsPerMonth, shape.frequency(), shape.age());
      discounted += (upTo - before) / Math.pow(1 + yearlyDiscount, month / 12.0);
      before = upTo;
    }
    return new double[] {before, discounted};
  }
}
