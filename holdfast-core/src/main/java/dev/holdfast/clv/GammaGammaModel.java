package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Locale;

/**
 * The Gamma-Gamma model of the monetary value of repeat transactions (Fader and Hardie 2013, "The Gamma-Gamma
 * model of monetary value", brucehardie.com/notes/025), with its parameters fixed.
 *
 * <p>A customer's transaction values are {@code Gamma(p, rate ν)} around a personal mean {@code p/ν}, and
 * {@code ν ~ Gamma(q, rate γ)} across customers. The model is fitted on repeat buyers' number of repeat
 * transactions {@code x} and mean repeat spend {@code m_x}; it assumes spend independent of purchase frequency,
 * which {@link GammaGammaFit#frequencySpendCorrelation()} lets a caller check. {@code γ} is in the currency of the
 * data; {@code p} and {@code q} have no unit.
 *
 * @param p shape of each customer's transaction-value distribution, {@code > 0}
 * @param q shape of the distribution of {@code ν} across customers, {@code > 0}
 * @param gamma rate of the distribution of {@code ν} across customers, {@code > 0}
 */
public record GammaGammaModel(double p, double q, double gamma) {

  public GammaGammaModel {
    BgNbdModel.requirePositive("p", p);
    BgNbdModel.requirePositive("q", q);
    BgNbdModel.requirePositive("gamma", gamma);
  }

  /**
   * Fits the model by maximum likelihood on the repeat buyers among the rows; rows with {@code x = 0} are skipped
   * whatever their spend.
   *
   * @param frequency each customer's number of repeat transactions {@code x}, a whole number {@code >= 0}
   * @param meanSpend each customer's mean value of the repeat transactions {@code m_x}, {@code > 0} when
   *     {@code x > 0}
   * @throws InputException when the arrays are empty or differ in length, a value is impossible, fewer than two
   *     repeat buyers or only one distinct mean spend remain, or the search overflows; a supremum at a limit such
   *     as {@code q, γ → ∞} is reported in {@link GammaGammaFit#convergence()} instead
   */
  public static GammaGammaFit fit(double[] frequency, double[] meanSpend) {
    return fit(GammaGammaLikelihood.of(frequency, meanSpend, null));
  }

  /**
   * Fits the model to rows that each stand for {@code weights[i]} identical customers.
   *
   * @param weights the number of customers each row stands for, a whole number {@code >= 0}
   * @throws InputException as {@link #fit(double[], double[])}, or when a weight is invalid
   */
  public static GammaGammaFit fit(double[] frequency, double[] meanSpend, double[] weights) {
    if (weights == null) {
      throw new InputException("Gamma-Gamma weights are null: pass one weight per row, or call fit without weights");
    }
    return fit(GammaGammaLikelihood.of(frequency, meanSpend, weights));
  }

  private static GammaGammaFit fit(GammaGammaLikelihood likelihood) {
    MaximumLikelihood.Result result = MaximumLikelihood.maximize(likelihood, likelihood.start());
    Estimate[] estimates = result.estimates();
    return new GammaGammaFit(estimates[0], estimates[1], estimates[2], result.logLikelihood(), result.iterations(),
        Convergence.of(result, likelihood.symbols(), GammaGammaModel::meaning), (long) likelihood.customers(),
        likelihood.correlation);
  }

  /** The Gamma-Gamma's limits in words, for {@link Convergence}; null for those without a name of their own. */
  private static String meaning(MaximumLikelihood.Limit limit, double[] values) {
    boolean up = limit.direction() > 0;
    return switch (limit.role()) {
      case LOG -> up ? "each customer spends the same amount on every transaction: p → ∞" : null;
      case GAMMA_SHAPE -> up ? String.format(Locale.ROOT, "every customer has the same value rate: q, γ → ∞ with q/γ"
          + " = %.4g, so spend varies within customers only", values[1] / values[2]) : null;
      default -> null;
    };
  }

  /**
   * The mean transaction value across customers, {@code pγ / (q − 1)}; infinite when {@code q <= 1}.
   */
  public double expectedTransactionValue() {
    return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
  }

  /**
   * The expected mean transaction value of a customer with {@code x} repeat transactions of mean value {@code m_x}:
   * {@code E[M | x, m_x] = p (γ + x m_x) / (p x + q − 1)}, a weighted mean of the population mean
   * {@code pγ/(q−1)} and {@code m_x} with weight {@code px/(px+q−1)} on the latter; the population mean when
   * {@code x = 0}, and infinite when {@code px + q <= 1}.
   *
   * @throws InputException when {@code x} is not a whole number {@code >= 0}, or {@code x > 0} and {@code m_x} is
   *     not a finite number {@code > 0}
   */
  public double conditionalExpectedTransactionValue(double frequency, double meanSpend) {
    GammaGammaLikelihood.requireCustomer(-1, frequency, meanSpend);
    if (frequency == 0) {
      return expectedTransactionValue();
    }
    double denominator = p * frequency + q - 1;
    return denominator > 0 ? p * (gamma + frequency * meanSpend) / denominator : Double.POSITIVE_INFINITY;
  }
}
