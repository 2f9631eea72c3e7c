package dev.holdfast.clv;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} of real arguments with {@code z < 1}, summed as its
 * power series.
 *
 * <p>{@code 2F1(a, b; c; z) = Σ_{n≥0} (a)_n (b)_n / ((c)_n n!) z^n} with {@code (x)_n} the rising factorial
 * (Abramowitz and Stegun 1964, 15.1.1). Each term is the previous one times {@code (a+n)(b+n) z / ((c+n)(n+1))},
 * so no factorial is formed. For {@code z < 0} Pfaff's transformation {@code 2F1(a, b; c; z) = (1 − z)^{−a}
 * 2F1(a, c − b; c; z / (z − 1))} (A&S 15.3.4) moves the argument into {@code [0, 1)}, where the terms no longer
 * alternate with growing size. The terms are added with Neumaier's compensated summation, which keeps the
 * hundreds of thousands of terms near {@code z = 1} accurate to about {@code 1e-15}, until the tail, bounded by a
 * geometric series in the current term ratio, is below {@code 1e-17} of the sum of the terms' magnitudes; that takes
 * about {@code 40 / (1 − z)} terms, and a series that needs more than {@link #MAX_TERMS} throws. A sum that exceeds
 * the double range is {@code Infinity}.
 */
final class Hypergeometric {
  /** The most terms one evaluation adds: enough for {@code z} up to about {@code 1 − 4e-6}. */
  static final int MAX_TERMS = 10_000_000;

  private static final double TOLERANCE = 1e-17;

  private Hypergeometric() {
  }

  /**
   * {@code 2F1(a, b; c; z)}.
   *
   * @throws IllegalArgumentException when an argument is not finite, {@code z >= 1}, or {@code c} is zero or a
   *     negative integer
   * @throws ArithmeticException when the series needs more than {@link #MAX_TERMS} terms ({@code z} too close to 1)
   */
  static double hyp2f1(double a, double b, double c, double z) {
    requireArguments(a, b, c, z);
    if (c <= 0 && c == Math.rint(c)) {
      throw new IllegalArgumentException("2F1 is undefined for c = " + c + ": c must not be zero or a negative integer");
    }
    if (z < 0) {
      double w = z / (z - 1);
      return Math.exp(-a * Math.log1p(-z)) * sum(a, c - b, c, w, 0, 1.0);
    }
    return sum(a, b, c, z, 0, 1.0);
  }

  /**
   * {@code c (2F1(a, b; c; z) − 1) / b}, the series without its leading 1, for {@code 0 <= z < 1} and {@code c > −1};
   * it is continuous in {@code b} and {@code c} through zero, where the quotient itself is {@code 0/0}.
   *
   * <p>Its terms are {@code (a)_n (b+1)_{n−1} / ((c+1)_{n−1} n!) z^n} for {@code n ≥ 1}; at {@code b = 0} it is
   * {@code c ∂2F1/∂b}, for instance {@code excess(1, 0, 1, z) = −ln(1 − z)}. The BG/NBD conditional expectation
   * needs it where the shape {@code a} of the dropout distribution is near 1.
   *
   * @throws IllegalArgumentException when an argument is not finite, {@code z} is outside {@code [0, 1)} or
   *     {@code c <= −1}
   * @throws ArithmeticException when the series needs more than {@link #MAX_TERMS} terms ({@code z} too close to 1)
   */
  static double excess(double a, double b, double c, double z) {
    requireArguments(a, b, c, z);
    if (z < 0) {
      throw new IllegalArgumentException("excess needs 0 <= z < 1: " + z);
    }
    if (!(c > -1)) {
      throw new IllegalArgumentException("excess needs c > -1: " + c);
    }
    return sum(a, b, c, z, 1, a * z);
  }

  private static void requireArguments(double a, double b, double c, double z) {
    if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || !Double.isFinite(z)) {
      throw new IllegalArgumentException(
          "2F1 arguments must be finite numbers: a = " + a + ", b = " + b + ", c = " + c + ", z = " + z);
    }
    if (!(z < 1)) {
      throw new IllegalArgumentException("2F1 series needs z < 1: " + z);
    }
  }

  /**
   * Sums the 2F1 terms from index {@code first} on, starting with {@code term}; the caller keeps
   * {@code c + n} away from zero for every {@code n >= first}.
   */
  private static double sum(double a, double b, double c, double z, int first, double term) {
    double sum = 0;
    double compensation = 0;
    double magnitude = 0;
    // The term ratio is monotone in n once n exceeds the parameters' size, so the tail bound holds from there.
    double monotoneFrom = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2;
    for (int n = first; n < first + MAX_TERMS; n++) {
      // Neumaier's compensated summation: near z = 1 the series has millions of terms
      double next = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
      sum = next;
      magnitude += Math.abs(term);
      if (term == 0) {
        return sum + compensation;
      }
      double ratio = (a + n) * (b + n) * z / ((c + n) * (n + 1.0));
      term *= ratio;
      if (n >= monotoneFrom) {
        double bound = Math.max(Math.abs(ratio), z);
        if (bound < 1 && Math.abs(term) <= TOLERANCE * magnitude * (1 - bound)) {
          return sum + (compensation + term);
        }
      } else if (a + n > 0 && b + n > 0 && c + n > 0) {
        // each factor (p+m)/(q+m) of later ratios is monotone in m towards 1, so none exceeds max(1, its value now):
        // a bound that holds long before n reaches the parameters' size (a BG/NBD near its limit has b, c ~ 1e12)
        double bound = z * Math.max(1, (a + n + 1) / (n + 2.0)) * Math.max(1, (b + n + 1) / (c + n + 1));
        if (bound < 1 && Math.abs(term) <= TOLERANCE * magnitude * (1 - bound)) {
          return sum + (compensation + term);
        }
      }
      if (!Double.isFinite(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
        + MAX_TERMS + " terms: z is too close to 1");
  }
}
