package dev.holdfast.clv;

import org.hipparchus.special.Gamma;

/**
 * The differences {@code ln Γ(c + x) − ln Γ(c)} and {@code ψ(c + x) − ψ(c)}, accurate where the two terms are large
 * and nearly equal: at a mixing distribution's limit of no heterogeneity its shape {@code c} runs off to infinity,
 * and {@code ln Γ(c)} of {@code 1e12} already carries an absolute rounding error of {@code 1e-3}.
 *
 * <p>For {@code c >= }{@value #LARGE} both come from Stirling's series (Abramowitz and Stegun 6.1.41 and 6.3.18)
 * written as differences: {@code ln Γ(c+x) − ln Γ(c) = (c − ½) ln(1 + x/c) + x ln(c+x) − x + S(c+x) − S(c)} with
 * {@code S(z) = Σ B_{2k} / (2k(2k−1) z^{2k−1})}, and {@code ψ(c+x) − ψ(c) = ln(1 + x/c) + x/(2c(c+x)) − Σ B_{2k} /
 * (2k) ((c+x)^{−2k} − c^{−2k})}, both truncated after the {@code z^{-13}} term, exact to double precision there.
 * Below, {@code ln Γ} differences are Hipparchus', whose rounding is then small, and {@code ψ} differences of whole
 * {@code x} up to {@value #SUM_LIMIT} are the exact sum {@code Σ_{k<x} 1/(c+k)}.
 */
final class GammaDifferences {
  /** Shapes from which the differences come from Stirling's series. */
  static final double LARGE = 10;
  /** Whole {@code x} up to this have {@code ψ(c+x) − ψ(c)} summed term by term. */
  static final int SUM_LIMIT = 10_000;

  private GammaDifferences() {
  }

  /** {@code ln Γ(c + x) − ln Γ(c)} for {@code c > 0} and {@code x >= 0}: the logarithm of the rising factorial. */
  static double logRising(double c, double x) {
    if (x == 0) {
      return 0;
    }
    if (c < LARGE) {
      return Gamma.logGamma(c + x) - Gamma.logGamma(c);
    }
    double end = c + x;
    return (c - 0.5) * LogExp.log1p(x / c) + x * Math.log(end) - x + stirling(end) - stirling(c);
  }

  /**
   * {@code ln Γ(c + x) − ln Γ(c) − x ln c}, the logarithm of the rising factorial relative to {@code c^x}, which stays
   * small (about {@code x²/(2c)}) where both parts grow with {@code ln c}.
   */
  static double logRisingRelative(double c, double x) {
    if (x == 0) {
      return 0;
    }
    if (c < LARGE) {
      return Gamma.logGamma(c + x) - Gamma.logGamma(c) - x * Math.log(c);
    }
    double growth = LogExp.log1p(x / c);
    return (c - 0.5) * growth + x * growth - x + stirling(c + x) - stirling(c);
  }

  /** {@code ψ(c + x) − ψ(c)} for {@code c > 0} and {@code x >= 0}. */
  static double digammaRising(double c, double x) {
    if (x == 0) {
      return 0;
    }
    if (x <= SUM_LIMIT && x == Math.rint(x) && (c < LARGE || x <= 64)) {
      double sum = 0;
      for (int k = (int) x - 1; k >= 0; k--) {
        sum += 1 / (c + k);
      }
      return sum;
    }
    if (c < LARGE) {
      return Digamma.of(c + x) - Digamma.of(c);
    }
    double end = c + x;
    return LogExp.log1p(x / c) + x / (2 * c * end) - (digammaSeries(end) - digammaSeries(c));
  }

  /** {@code Σ B_{2k} / (2k(2k−1) z^{2k−1})}, {@code k = 1..7}. */
  private static double stirling(double z) {
    double inverse = 1 / z;
    double square = inverse * inverse;
    return inverse * (1.0 / 12 - square * (1.0 / 360 - square * (1.0 / 1260 - square * (1.0 / 1680
        - square * (1.0 / 1188 - square * (691.0 / 360360 - square / 156))))));
  }

  /** {@code Σ B_{2k} / (2k z^{2k})}, {@code k = 1..7}. */
  private static double digammaSeries(double z) {
    double square = 1 / (z * z);
    return square * (1.0 / 12 - square * (1.0 / 120 - square * (1.0 / 252 - square * (1.0 / 240
        - square * (1.0 / 132 - square * (691.0 / 32760 - square / 12))))));
  }
}
