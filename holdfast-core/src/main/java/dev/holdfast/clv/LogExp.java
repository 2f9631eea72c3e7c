package dev.holdfast.clv;

/**
 * {@code ln(1 + x)} and {@code e^x − 1}, accurate to a few units in the last place and several times faster than
 * {@link Math#log1p} and {@link Math#expm1}, which are not intrinsics on Java 17 and would dominate the per-pattern
 * likelihood terms.
 *
 * <p>Both use Kahan's trick (Goldberg 1991, "What every computer scientist should know about floating-point
 * arithmetic", theorem 4): with {@code u = 1 + x} rounded, {@code ln(1 + x) = ln(u) x / (u − 1)}, and with
 * {@code u = e^x} rounded, {@code e^x − 1 = (u − 1) x / ln u}; the rounding of {@code u} cancels in the quotient.
 */
final class LogExp {
  private LogExp() {
  }

  /** {@code ln(1 + x)} for {@code x > −1}. */
  static double log1p(double x) {
    double u = 1 + x;
    return u == 1 ? x : Math.log(u) * x / (u - 1);
  }

  /** {@code e^x − 1}. */
  static double expm1(double x) {
    double u = Math.exp(x);
    if (u == 1) {
      return x;
    }
    double shifted = u - 1;
    return shifted == -1 ? -1 : shifted * x / Math.log(u);
  }
}
