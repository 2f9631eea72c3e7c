package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;

/**
 * Customers' {@code (x, t_x, T)} summaries validated and grouped into weighted unique patterns, the only form in
 * which the Pareto/NBD likelihood reads them.
 *
 * <p>Customers with the same pattern contribute the same likelihood term, so one term times the number of them
 * replaces them all; terms that depend on the frequency alone are computed once per distinct frequency.
 */
final class ParetoNbdPatterns {
  /** The distinct frequencies, ascending, and the total weight of the customers with each. */
  final double[] frequencies;
  final double[] frequencyWeights;
  /** Per pattern: the index of its frequency in {@link #frequencies}, its recency, age and weight. */
  final int[] frequencyIndex;
  final double[] recency;
  final double[] age;
  final double[] weight;
  final double customers;
  final double repeatBuyers;
  final double meanFrequency;
  final double meanAge;

  private ParetoNbdPatterns(double[] frequencies, double[] frequencyWeights, int[] frequencyIndex, double[] recency,
      double[] age, double[] weight) {
    this.frequencies = frequencies;
    this.frequencyWeights = frequencyWeights;
    this.frequencyIndex = frequencyIndex;
    this.recency = recency;
    this.age = age;
    this.weight = weight;
    double total = 0;
    double repeat = 0;
    double purchases = 0;
    double time = 0;
    for (int k = 0; k < frequencies.length; k++) {
      total += frequencyWeights[k];
      purchases += frequencyWeights[k] * frequencies[k];
      if (frequencies[k] > 0) {
        repeat += frequencyWeights[k];
      }
    }
    for (int i = 0; i < age.length; i++) {
      time += weight[i] * age[i];
    }
    this.customers = total;
    this.repeatBuyers = repeat;
    this.meanFrequency = purchases / total;
    this.meanAge = time / total;
  }

  int size() {
    return weight.length;
  }

  /** Every {@code stride}-th pattern, with the frequencies' weights summed anew. */
  ParetoNbdPatterns everyNth(int stride) {
    int size = (size() + stride - 1) / stride;
    int[] sampleFrequency = new int[size];
    double[] sampleRecency = new double[size];
    double[] sampleAge = new double[size];
    double[] sampleWeight = new double[size];
    double[] sampleFrequencyWeights = new double[frequencies.length];
    for (int i = 0; i < size; i++) {
      int pattern = i * stride;
      sampleFrequency[i] = frequencyIndex[pattern];
      sampleRecency[i] = recency[pattern];
      sampleAge[i] = age[pattern];
      sampleWeight[i] = weight[pattern];
      sampleFrequencyWeights[frequencyIndex[pattern]] += weight[pattern];
    }
    return new ParetoNbdPatterns(frequencies, sampleFrequencyWeights, sampleFrequency, sampleRecency, sampleAge,
        sampleWeight);
  }

  /**
   * Validates and groups the customers; {@code weights} may be null (each row one customer).
   *
   * @throws InputException when the data cannot identify the Pareto/NBD model or a value is impossible
   */
  static ParetoNbdPatterns of(double[] frequency, double[] recency, double[] age, double[] weights) {
    if (frequency == null || recency == null || age == null) {
      throw new InputException("Pareto/NBD needs three arrays, frequency x, recency t_x and age T; one of them is"
          + " null");
    }
    int rows = frequency.length;
    if (recency.length != rows || age.length != rows || (weights != null && weights.length != rows)) {
      throw new InputException("Pareto/NBD input arrays differ in length: frequency " + rows + ", recency "
          + recency.length + ", age " + age.length + (weights == null ? "" : ", weights " + weights.length)
          + "; pass one entry per customer in each");
    }
    if (rows == 0) {
      throw new InputException("Pareto/NBD got no customers: pass the frequency, recency and age of every customer"
          + " in the cohort, including those who never bought again");
    }
    PatternTable table = new PatternTable(rows);
    for (int row = 0; row < rows; row++) {
      double w = weights == null ? 1 : weights[row];
      requireCustomer(row, frequency[row], recency[row], age[row]);
      requireWeight(row, w);
      if (w > 0) {
        table.add(frequency[row], recency[row], age[row], w);
      }
    }
    int patterns = table.size();
    if (patterns == 0) {
      throw new InputException("Pareto/NBD got " + rows + " customers, all with weight 0: give each customer a"
          + " weight of at least 1, or pass no weights");
    }
    int[] order = runsOfEqualRecency(table.first(), table.second());
    double[] patternFrequency = permute(table.first(), order);
    double[] patternRecency = permute(table.second(), order);
    double[] patternAge = permute(table.third(), order);
    double[] patternWeight = permute(table.weights(), order);
    double[] frequencies = PatternTable.distinctSorted(patternFrequency);
    double[] frequencyWeights = new double[frequencies.length];
    int[] frequencyIndex = new int[patterns];
    for (int pattern = 0; pattern < patterns; pattern++) {
      int index = Arrays.binarySearch(frequencies, patternFrequency[pattern]);
      frequencyIndex[pattern] = index;
      frequencyWeights[index] += patternWeight[pattern];
    }
    ParetoNbdPatterns grouped = new ParetoNbdPatterns(frequencies, frequencyWeights, frequencyIndex, patternRecency,
        patternAge, patternWeight);
    if (grouped.repeatBuyers == 0) {
      throw new InputException("Pareto/NBD cannot be fitted: none of the " + (long) grouped.customers
          + " customers made a repeat purchase (every frequency x is 0), so the purchase rate and the dropout rate"
          + " cannot be told apart; use a longer calibration period or a larger cohort");
    }
    if (grouped.meanAge == 0) {
      throw new InputException("Pareto/NBD cannot be fitted: every customer has age T = 0, so nobody was observed"
          + " for any time; end the calibration period after the first purchases");
    }
    return grouped;
  }

  /**
   * An order of the patterns in which those with the same {@code (x, t_x)} follow each other, runs in the order of
   * their first pattern: the likelihood computes the integral from {@code t_x} once per run (a counting sort).
   */
  private static int[] runsOfEqualRecency(double[] frequency, double[] recency) {
    int patterns = frequency.length;
    PatternTable pairs = new PatternTable(patterns);
    int[] run = new int[patterns];
    for (int pattern = 0; pattern < patterns; pattern++) {
      run[pattern] = pairs.add(frequency[pattern], recency[pattern], 0, 1);
    }
    int[] next = new int[pairs.size() + 1];
    for (int pattern = 0; pattern < patterns; pattern++) {
      next[run[pattern] + 1]++;
    }
    for (int k = 1; k < next.length; k++) {
      next[k] += next[k - 1];
    }
    int[] order = new int[patterns];
    for (int pattern = 0; pattern < patterns; pattern++) {
      order[next[run[pattern]]++] = pattern;
    }
    return order;
  }

  private static double[] permute(double[] values, int[] order) {
    double[] permuted = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      permuted[i] = values[order[i]];
    }
    return permuted;
  }

  /**
   * Checks one customer's summary.
   *
   * @param row the customer's index for the message, or {@code -1} for a single customer
   * @throws InputException naming the customer's index, the bad value and what it must be
   */
  static void requireCustomer(int row, double frequency, double recency, double age) {
    String customer = row < 0 ? "customer" : "customer at index " + row;
    if (!(frequency >= 0) || Double.isInfinite(frequency) || frequency != Math.rint(frequency)) {
      throw new InputException(customer + ": frequency x = " + frequency + " must be a whole number >= 0; x counts"
          + " the repeat purchases, those after the first");
    }
    if (!(recency >= 0) || Double.isInfinite(recency)) {
      throw new InputException(customer + ": recency t_x = " + recency + " must be a finite number >= 0; t_x is the"
          + " time from the first purchase to the last one");
    }
    if (!(age >= 0) || Double.isInfinite(age)) {
      throw new InputException(customer + ": age T = " + age + " must be a finite number >= 0; T is the time from"
          + " the first purchase to the end of the calibration period");
    }
    if (recency > age) {
      throw new InputException(customer + ": recency t_x = " + recency + " exceeds age T = " + age + "; the last"
          + " purchase must fall within the calibration period, so t_x <= T");
    }
    if (frequency == 0 && recency != 0) {
      throw new InputException(customer + ": recency t_x = " + recency + " with frequency x = 0; a customer with no"
          + " repeat purchase has t_x = 0");
    }
  }

  private static void requireWeight(int row, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight) || weight != Math.rint(weight)) {
      throw new InputException("customer at index " + row + ": weight " + weight + " must be a whole number >= 0;"
          + " a weight counts the customers that share the row's values");
    }
  }
}
