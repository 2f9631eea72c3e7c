package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma log-likelihood of repeat buyers' weighted {@code (x, m_x)} patterns and its analytic gradient in
 * {@code (p, q, γ)}.
 *
 * <p>Fader and Hardie (2013): the density of a customer's mean spend {@code m_x} over {@code x} repeat
 * transactions is {@code Γ(px+q) / (Γ(px) Γ(q)) · γ^q m_x^{px−1} x^{px} / (γ + x m_x)^{px+q}}. The terms in
 * {@code x} alone are computed once per distinct frequency, {@code ln Γ(px+q) − ln Γ(q)} as in
 * {@link GammaDifferences} relative to {@code q^{px}}, with {@code −px ln(γ/q)} and per pattern
 * {@code −(px+q) ln(1 + x m_x/γ)}, so that nothing cancels at the limit {@code q, γ → ∞} (every customer with the same
 * value rate); customers with {@code x = 0} carry no spend and are left out.
 */
final class GammaGammaLikelihood implements MaximumLikelihood.LogLikelihood {
  /** The distinct frequencies, ascending, their logarithms and the total weight of the customers with each. */
  private final double[] frequencies;
  private final double[] logFrequencies;
  private final double[] frequencyWeights;
  /** Per pattern: frequency, {@code m_x}, {@code ln m_x}, {@code x m_x} and weight. */
  private final double[] frequency;
  private final double[] spend;
  private final double[] logSpend;
  private final double[] totalSpend;
  private final double[] weight;
  private final double customers;
  final double meanSpend;
  final double correlation;

  private GammaGammaLikelihood(double[] frequency, double[] spend, double[] weight) {
    this.frequency = frequency;
    this.spend = spend;
    this.weight = weight;
    this.frequencies = PatternTable.distinctSorted(frequency);
    this.logFrequencies = Arrays.stream(frequencies).map(Math::log).toArray();
    this.frequencyWeights = new double[frequencies.length];
    this.logSpend = new double[spend.length];
    this.totalSpend = new double[spend.length];
    double total = 0;
    double sumX = 0;
    double sumM = 0;
    for (int i = 0; i < spend.length; i++) {
      frequencyWeights[Arrays.binarySearch(frequencies, frequency[i])] += weight[i];
      logSpend[i] = Math.log(spend[i]);
      totalSpend[i] = frequency[i] * spend[i];
      total += weight[i];
      sumX += weight[i] * frequency[i];
      sumM += weight[i] * spend[i];
    }
    double meanX = sumX / total;
    double meanM = sumM / total;
    double covariance = 0;
    double varianceX = 0;
    double varianceM = 0;
    for (int i = 0; i < spend.length; i++) {
      double dx = frequency[i] - meanX;
      double dm = spend[i] - meanM;
      covariance += weight[i] * dx * dm;
      varianceX += weight[i] * dx * dx;
      varianceM += weight[i] * dm * dm;
    }
    this.customers = total;
    this.meanSpend = meanM;
    this.correlation = varianceX > 0 && varianceM > 0
        ? Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceM))) : Double.NaN;
  }

  /**
   * Validates the customers and groups the repeat buyers; {@code weights} may be null (each row one customer).
   *
   * @throws InputException when a value is impossible or the repeat buyers cannot identify the model
   */
  static GammaGammaLikelihood of(double[] frequency, double[] meanSpend, double[] weights) {
    if (frequency == null || meanSpend == null) {
      throw new InputException("Gamma-Gamma needs two arrays, frequency x and mean spend m_x; one of them is null");
    }
    int rows = frequency.length;
    if (meanSpend.length != rows || (weights != null && weights.length != rows)) {
      throw new InputException("Gamma-Gamma input arrays differ in length: frequency " + rows + ", mean spend "
          + meanSpend.length + (weights == null ? "" : ", weights " + weights.length)
          + "; pass one entry per customer in each");
    }
    if (rows == 0) {
      throw new InputException("Gamma-Gamma got no customers: pass the frequency and mean repeat spend of the"
          + " customers, at least two of them repeat buyers");
    }
    PatternTable table = new PatternTable(rows);
    for (int row = 0; row < rows; row++) {
      double w = weights == null ? 1 : weights[row];
      requireCustomer(row, frequency[row], meanSpend[row]);
      BgNbdPatterns.requireWeight(row, w);
      if (w > 0 && frequency[row] > 0) {
        table.add(frequency[row], meanSpend[row], 0, w);
      }
    }
    double[] patternFrequency = table.first();
    double[] patternSpend = table.second();
    double[] patternWeight = table.weights();
    double repeatBuyers = Arrays.stream(patternWeight).sum();
    if (repeatBuyers < 2) {
      throw new InputException("Gamma-Gamma cannot be fitted: " + (long) repeatBuyers + " of the " + rows
          + " customers made a repeat purchase (x > 0); the spend model is estimated on repeat buyers' mean spend,"
          + " so it needs at least two of them");
    }
    if (PatternTable.distinctSorted(patternSpend).length < 2) {
      throw new InputException("Gamma-Gamma cannot be fitted: all " + (long) repeatBuyers + " repeat buyers have the"
          + " same mean spend m_x = " + patternSpend[0] + ", so the spread of spend across customers is unknown;"
          + " pass customers whose mean spends differ");
    }
    return new GammaGammaLikelihood(patternFrequency, patternSpend, patternWeight);
  }

  /**
   * Checks one customer's frequency and, for a repeat buyer, mean spend.
   *
   * @throws InputException naming the customer's index, the bad value and what it must be
   */
  static void requireCustomer(int row, double frequency, double meanSpend) {
    String customer = row < 0 ? "customer" : "customer at index " + row;
    if (!(frequency >= 0) || Double.isInfinite(frequency) || frequency != Math.rint(frequency)) {
      throw new InputException(customer + ": frequency x = " + frequency + " must be a whole number >= 0; x counts"
          + " the repeat purchases, those after the first");
    }
    if (frequency > 0 && (!(meanSpend > 0) || Double.isInfinite(meanSpend))) {
      throw new InputException(customer + ": mean spend m_x = " + meanSpend + " must be a finite number > 0 for a"
          + " repeat buyer; the Gamma-Gamma model describes positive transaction values, so leave out refunds and"
          + " customers whose repeat purchases net to zero or less");
    }
  }

  /** Starting values {@code p = 1, q = 3} and {@code γ} that matches the mean spend {@code pγ/(q−1)}. */
  double[] start() {
    return new double[] {1, 3, 2 * meanSpend};
  }

  @Override
  public List<String> names() {
    return List.of("p", "q", "gamma");
  }

  @Override
  public List<String> symbols() {
    return List.of("p", "q", "γ");
  }

  /** The value rates' gamma (see {@link MaximumLikelihood}); {@code p} is searched as its logarithm. */
  @Override
  public List<MaximumLikelihood.Pair> pairs() {
    return List.of(new MaximumLikelihood.Pair(MaximumLikelihood.Mixing.GAMMA, 1, 2));
  }

  @Override
  public double customers() {
    return customers;
  }

  @Override
  public int patterns() {
    return weight.length;
  }

  @Override
  public GammaGammaLikelihood everyNth(int stride) {
    int size = (weight.length + stride - 1) / stride;
    double[] sampleFrequency = new double[size];
    double[] sampleSpend = new double[size];
    double[] sampleWeight = new double[size];
    for (int i = 0; i < size; i++) {
      sampleFrequency[i] = frequency[i * stride];
      sampleSpend[i] = spend[i * stride];
      sampleWeight[i] = weight[i * stride];
    }
    return new GammaGammaLikelihood(sampleFrequency, sampleSpend, sampleWeight);
  }

  @Override
  public double evaluate(double[] parameters, double[] gradient) {
    double p = parameters[0];
    double q = parameters[1];
    double gamma = parameters[2];
    double logRate = Math.log(gamma / q);
    double logLikelihood = 0;
    double gradientP = 0;
    double gradientQ = 0;
    double gradientGamma = 0;
    for (int k = 0; k < frequencies.length; k++) {
      double x = frequencies[k];
      double w = frequencyWeights[k];
      double shape = p * x;
      logLikelihood += w * (GammaDifferences.logRisingRelative(q, shape) - shape * logRate - Gamma.logGamma(shape)
          + shape * logFrequencies[k]);
      if (gradient != null) {
        gradientP += w * x * (Digamma.of(shape + q) - Digamma.of(shape) - Math.log(gamma) + logFrequencies[k]);
        gradientQ += w * GammaDifferences.digammaRising(q, shape);
        gradientGamma -= w * shape / gamma;
      }
    }
    boolean withGradient = gradient != null;
    double[] sums = MaximumLikelihood.sumPatterns(weight.length, withGradient ? 4 : 1,
        (from, to, out) -> addPatterns(from, to, p, q, gamma, withGradient, out));
    logLikelihood += sums[0];
    if (withGradient) {
      gradient[0] = gradientP + sums[1];
      gradient[1] = gradientQ + sums[2];
      gradient[2] = gradientGamma + sums[3];
    }
    return logLikelihood;
  }

  /**
   * Adds the spend terms of patterns {@code [from, to)} and, when asked, their derivatives: {@code (px−1) ln m_x −
   * (px+q) ln(1 + x m_x/γ)}, the rest of {@code ln(γ^q / (γ + x m_x)^{px+q})} being {@code −px ln γ}, which the
   * frequency terms carry.
   */
  private void addPatterns(int from, int to, double p, double q, double gamma, boolean withGradient, double[] out) {
    double logLikelihood = 0;
    double sumP = 0;
    double sumQ = 0;
    double sumGamma = 0;
    for (int i = from; i < to; i++) {
      double w = weight[i];
      double x = frequency[i];
      double growth = LogExp.log1p(totalSpend[i] / gamma);
      logLikelihood += w * ((p * x - 1) * logSpend[i] - (p * x + q) * growth);
      if (withGradient) {
        sumP += w * x * (logSpend[i] - growth);
        sumQ -= w * growth;
        sumGamma += w * (p * x + q) * totalSpend[i] / (gamma * (gamma + totalSpend[i]));
      }
    }
    out[0] += logLikelihood;
    if (withGradient) {
      out[1] += sumP;
      out[2] += sumQ;
      out[3] += sumGamma;
    }
  }
}
