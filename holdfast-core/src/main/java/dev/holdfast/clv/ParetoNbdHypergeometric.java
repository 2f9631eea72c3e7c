package dev.holdfast.clv;

/**
 * The logarithm of the Gauss hypergeometric function {@code F = 2F1(a, b; a + 1; z)} for {@code a > 0},
 * {@code b > 0} and {@code 0 <= z < 1}, with its partial derivatives in {@code a}, {@code b} and {@code z}: the only
 * form in which 2F1 enters the Pareto/NBD likelihood, where {@code a = r + s + x}, {@code b} is {@code s + 1} or
 * {@code r + x} and {@code z = |α − β| / (max(α, β) + t)}.
 *
 * <p>Callers pass {@code 1 − z} as well, computed without cancellation (in the likelihood
 * {@code (min(α, β) + t) / (max(α, β) + t)}): near {@code z = 1}, where {@code F} grows like {@code (1 − z)^{1−b}},
 * the complement carries the precision that {@code z} itself has lost. Three evaluations, each with positive terms
 * only, so that nothing cancels:
 * <ul>
 *   <li>{@code b <= 1}: the power series (Abramowitz and Stegun 1964, 15.1.1), whose terms
 *       {@code a/(a+n) · (b)_n / n! · z^n} shrink at least by {@code z} each;
 *   <li>{@code b > 1}: Euler's transformation (A&amp;S 15.3.3) {@code F = (1 − z)^{1−b} 2F1(1, a + 1 − b; a + 1; z)},
 *       whose series again shrinks at least by {@code z} each term while the direct one first grows about
 *       {@code b z / (1 − z)} terms long ({@code a + 1 − b = r + x} or {@code s + 1} is positive in the model);
 *   <li>{@code z} above {@value #SERIES_LIMIT}, where a series needs more than about 1,500 terms: Euler's integral
 *       (A&amp;S 15.3.1) {@code F = a ∫_0^1 t^{a−1} (1 − z t)^{−b} dt}, which {@code t = exp(−e^w / a)} turns into
 *       {@code ∫ exp(w − e^w) (1 − z + z (1 − exp(−e^w / a)))^{−b} dw} over the real line. The integrand is analytic
 *       in a strip around the real axis and decays at both ends, so the trapezoidal rule with step {@code 1/4}
 *       converges geometrically (Trefethen and Weideman 2014, SIAM Review 56(3)); the near singularity at
 *       {@code t = 1/z}, the {@code t^{a−1}} singularity at 0 for {@code a < 1} and the concentration of the mass
 *       near {@code t = 1} for large {@code a} all become smooth bumps in {@code w}. Its range is cut where the
 *       neglected tails are below {@code e^{−38}} of the integral: 170 to 350 nodes for {@code 1 − z} down to
 *       {@code 1e-15}, more as the near singularity moves closer ({@code 1 − z = 1e-200} takes about 2,000).
 * </ul>
 * Series sums are rescaled before they overflow and the integral is summed relative to its largest term; against
 * 40-digit references the logarithm is accurate to about {@code 1e-14} relative to {@code max(1, |ln F|)} over
 * {@code a, b} in {@code [0.02, 1e5]} and {@code 1 − z} down to {@code 1e-15}, and the derivatives to about
 * {@code 1e-11} relative (see the tests).
 */
final class ParetoNbdHypergeometric {
  /** Index of {@code ln F} in the output of {@link #evaluate}. */
  static final int LOG = 0;
  /** Index of {@code ∂ ln F / ∂a}. */
  static final int D_A = 1;
  /** Index of {@code ∂ ln F / ∂b}. */
  static final int D_B = 2;
  /** Index of {@code ∂ ln F / ∂z}, with {@code 1 − z} moving with {@code z}. */
  static final int D_Z = 3;
  /**
   * Index of {@code ln F − (1 − b) ln(1 − z)}, computed without forming {@code ln F} where that is large (the Euler
   * series and the integral), so that differences between two arguments keep their precision.
   */
  static final int REDUCED = 4;
  /** Index of {@code ∂/∂b} of the reduced logarithm, {@code ∂ ln F / ∂b + ln(1 − z)}. */
  static final int REDUCED_D_B = 5;
  /** Index of {@code ∂/∂z} of the reduced logarithm, {@code ∂ ln F / ∂z − (b − 1)/(1 − z)}. */
  static final int REDUCED_D_Z = 6;
  /** The length of the output of {@link #evaluate}. */
  static final int OUTPUTS = 7;

  /** Above this {@code z} the integral is cheaper than the series (about {@code 37 / −ln z} terms). */
  static final double SERIES_LIMIT = 0.975;
  private static final double TOLERANCE = 1e-17;
  /** Growing direct series (only when {@code a + 1 − b <= 0}) longer than this go to the integral. */
  private static final int MAX_GROWING_TERMS = 1_500;
  private static final double STEP = 0.25;
  private static final double SHRINK = Math.exp(-STEP);
  /** The integral's range ends where {@code e^{−TAIL}} bounds the neglected part. */
  private static final double TAIL = 38;
  private static final double UPPER = Math.log(40);
  private static final double RESCALE = 0x1p600;

  private ParetoNbdHypergeometric() {
  }

  /** {@code ln 2F1(a, b; a + 1; z)} given {@code z} and {@code oneMinusZ = 1 − z}. */
  static double log(double a, double b, double z, double oneMinusZ) {
    double[] out = new double[OUTPUTS];
    evaluate(a, b, z, oneMinusZ, out);
    return out[LOG];
  }

  /**
   * Writes {@code ln F} and its partial derivatives into {@code out} at {@link #LOG}, {@link #D_A}, {@link #D_B} and
   * {@link #D_Z}, and {@code ln F − (1 − b) ln(1 − z)} with its derivatives in {@code b} and {@code z} at
   * {@link #REDUCED}, {@link #REDUCED_D_B} and {@link #REDUCED_D_Z}; {@code out} has {@link #OUTPUTS} elements. The
   * reduced form is what the Pareto/NBD likelihood differences between two times: with large {@code b} the term
   * {@code (1 − b) ln(1 − z)} dominates {@code ln F} and is differenced analytically instead.
   *
   * @throws IllegalArgumentException when {@code a} or {@code b} is not a finite number {@code > 0},
   *     {@code oneMinusZ} is outside {@code (0, 1]} or {@code z + oneMinusZ} differs from 1 by more than rounding
   *     ({@code z} itself may round to 1 when the complement is below {@code 2^-53})
   */
  static void evaluate(double a, double b, double z, double oneMinusZ, double[] out) {
    evaluate(a, b, z, oneMinusZ, out, true);
  }

  /**
   * As {@link #evaluate(double, double, double, double, double[])}; without {@code derivatives} only {@link #LOG} and
   * {@link #REDUCED} are written, at about half the cost.
   */
  static void evaluate(double a, double b, double z, double oneMinusZ, double[] out, boolean derivatives) {
    requireArguments(a, b, z, oneMinusZ);
    if (z == 0) {
      out[LOG] = 0;
      out[D_A] = 0;
      out[D_B] = 0;
      out[D_Z] = a * b / (a + 1);
      out[REDUCED] = 0;
      out[REDUCED_D_B] = 0;
      out[REDUCED_D_Z] = out[D_Z] - (b - 1);
      return;
    }
    double d = a + 1 - b;
    if (z > SERIES_LIMIT) {
      integral(a, b, z, oneMinusZ, out, derivatives);
    } else if (b > 1 && d > 0) {
      eulerSeries(a, b, d, z, oneMinusZ, out, derivatives);
    } else if (b <= 1 || b * z / oneMinusZ < MAX_GROWING_TERMS) {
      directSeries(a, b, z, oneMinusZ, out, derivatives);
    } else {
      integral(a, b, z, oneMinusZ, out, derivatives);
    }
  }

  /**
   * {@code Σ a/(a+n) (b)_n/n! z^n}, term ratio {@code z (a+n)(b+n) / ((a+n+1)(n+1))}; with derivatives, one
   * division per term gives the ratio, {@code 1/(b+n)} for {@code Σ_{k<n} 1/(b+k)} and {@code n/(a(a+n))}.
   */
  private static void directSeries(double a, double b, double z, double oneMinusZ, double[] out,
      boolean derivatives) {
    double term = 1;
    double sum = 1;
    double sumA = 0;
    double sumB = 0;
    double sumZ = 0;
    double harmonicB = 0;
    double logScale = 0;
    for (int n = 0; ; n++) {
      double next = n + 1.0;
      double shifted = a + next;
      double rising = b + n;
      if (derivatives) {
        double inverse = 1 / (shifted * next * rising);
        term *= z * (a + n) * rising * rising * inverse;
        harmonicB += shifted * next * inverse;
        sum += term;
        sumA += term * (next * next * rising * inverse / a);
        sumB += term * harmonicB;
        sumZ += term * next;
      } else {
        term *= z * (a + n) * rising / (shifted * next);
        sum += term;
      }
      if (sum > RESCALE) {
        term /= RESCALE;
        sum /= RESCALE;
        sumA /= RESCALE;
        sumB /= RESCALE;
        sumZ /= RESCALE;
        logScale += Math.log(RESCALE);
      }
      // later ratios are at most z (b+n+1)/(n+2), which decreases in n when b > 1 and is at most z otherwise
      double bound = b > 1 ? z * (b + next) / (next + 1) : z;
      if (bound < 1 && term * bound <= TOLERANCE * sum * (1 - bound)) {
        break;
      }
    }
    double logOneMinusZ = Math.log(oneMinusZ);
    out[LOG] = Math.log(sum) + logScale;
    out[REDUCED] = out[LOG] - (1 - b) * logOneMinusZ;
    if (derivatives) {
      out[D_A] = sumA / sum;
      out[D_B] = sumB / sum;
      out[D_Z] = sumZ / (z * sum);
      out[REDUCED_D_B] = out[D_B] + logOneMinusZ;
      out[REDUCED_D_Z] = out[D_Z] - (b - 1) / oneMinusZ;
    }
  }

  /**
   * {@code (1 − z)^{1−b} Σ (d)_n/(a+1)_n z^n} with {@code d = a + 1 − b > 0}; the terms' log-derivatives are
   * {@code Σ_{k<n} b / ((d+k)(a+1+k))} in {@code a} and {@code −Σ_{k<n} 1/(d+k)} in {@code b}, and with them one
   * division per term gives the ratio and both increments.
   */
  private static void eulerSeries(double a, double b, double d, double z, double oneMinusZ, double[] out,
      boolean derivatives) {
    double term = 1;
    double sum = 1;
    double sumA = 0;
    double sumB = 0;
    double sumZ = 0;
    double harmonicA = 0;
    double harmonicD = 0;
    for (int n = 0; ; n++) {
      double upper = d + n;
      double lower = a + 1 + n;
      if (derivatives) {
        double inverse = 1 / (upper * lower);
        term *= z * upper * upper * inverse;
        harmonicA += b * inverse;
        harmonicD += lower * inverse;
        sum += term;
        sumA += term * harmonicA;
        sumB += term * harmonicD;
        sumZ += term * (n + 1);
      } else {
        term *= z * upper / lower;
        sum += term;
      }
      if (term * z <= TOLERANCE * sum * oneMinusZ) {
        break;
      }
    }
    double logOneMinusZ = Math.log(oneMinusZ);
    out[REDUCED] = Math.log(sum);
    out[LOG] = (1 - b) * logOneMinusZ + out[REDUCED];
    if (derivatives) {
      out[D_A] = sumA / sum;
      out[D_B] = -logOneMinusZ - sumB / sum;
      out[D_Z] = (b - 1) / oneMinusZ + sumZ / (z * sum);
      out[REDUCED_D_B] = -sumB / sum;
      out[REDUCED_D_Z] = sumZ / (z * sum);
    }
  }

  /**
   * The trapezoidal rule over {@code w} for {@code ∫ exp(w − σ) g^{−b} dw} with {@code σ = e^w} and
   * {@code g = 1 − z e^{−σ/a}}, from {@code ln 40} down to where the rest is negligible: below
   * {@code σ_min = min(κ, 1) e^{−38} / (1 + b)}, with {@code κ = a (1 − z) / z} the scale of the near singularity,
   * when {@code b > 1}, and below {@code (1 − z)^b e^{−38}} when {@code b <= 1} ({@code g^{−b}} decreases in
   * {@code σ}, so the integral is at least {@code g(σ)^{−b}(1 − e^{−σ})} up to any {@code σ} and the tail beyond 40 at
   * most {@code e^{−40}} times that). The derivative in {@code z}, whose integrand has the extra factor {@code 1/g},
   * needs the range down to {@code σ_min} also when {@code b <= 1}, where the value itself does not.
   */
  private static void integral(double a, double b, double z, double oneMinusZ, double[] out,
      boolean derivatives) {
    double kappa = a * oneMinusZ / z;
    double lower;
    if (b > 1) {
      lower = Math.log(Math.min(kappa, 1) / (1 + b)) - TAIL;
    } else {
      lower = b * Math.log(oneMinusZ) - TAIL;
      if (derivatives) {
        lower = Math.min(lower, Math.log(Math.min(kappa, 1) / (1 + b)) - TAIL);
      }
    }
    int nodes = (int) Math.ceil((UPPER - lower) / STEP);
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double sumA = 0;
    double sumB = 0;
    double sumZ = 0;
    double sumReducedZ = 0;
    double sigma = 0;
    for (int k = 0; k <= nodes; k++) {
      double w = UPPER - k * STEP;
      // e^w by steps of e^{−STEP}, recomputed every 32 nodes so that rounding cannot drift
      sigma = (k & 31) == 0 ? Math.exp(w) : sigma * SHRINK;
      double decay = Math.expm1(-sigma / a);
      // g / (1 − z) = 1 + z (1 − e^{−σ/a}) / (1 − z): the integrand relative to its value at σ = 0
      double relative = 1 - z * decay / oneMinusZ;
      double logRelative = Math.log(relative);
      double logTerm = w - sigma - b * logRelative;
      if (logTerm > max) {
        double scale = Math.exp(max - logTerm);
        sum *= scale;
        sumA *= scale;
        sumB *= scale;
        sumZ *= scale;
        sumReducedZ *= scale;
        max = logTerm;
      }
      double weight = Math.exp(logTerm - max);
      sum += weight;
      if (derivatives) {
        double survivor = (1 + decay) / relative;
        sumA += weight * survivor * sigma;
        sumB += weight * logRelative;
        sumZ += weight * survivor;
        sumReducedZ += weight * decay / relative;
      }
    }
    double logOneMinusZ = Math.log(oneMinusZ);
    out[REDUCED] = Math.log(STEP) + max + Math.log(sum) - logOneMinusZ;
    out[LOG] = out[REDUCED] + (1 - b) * logOneMinusZ;
    if (!derivatives) {
      return;
    }
    out[D_A] = b * z / (a * a * oneMinusZ) * sumA / sum;
    out[D_B] = -logOneMinusZ - sumB / sum;
    out[D_Z] = b / oneMinusZ * sumZ / sum;
    out[REDUCED_D_B] = -sumB / sum;
    // D_Z − (b − 1)/(1 − z), arranged so that the terms of size b/(1 − z) cancel analytically
    out[REDUCED_D_Z] = (1 + b / oneMinusZ * sumReducedZ / sum) / oneMinusZ;
  }

  private static void requireArguments(double a, double b, double z, double oneMinusZ) {
    if (!(a > 0) || Double.isInfinite(a) || !(b > 0) || Double.isInfinite(b)) {
      throw new IllegalArgumentException("2F1(a, b; a + 1; z) needs finite a > 0 and b > 0: a = " + a + ", b = " + b);
    }
    if (!(z >= 0 && z <= 1) || !(oneMinusZ > 0 && oneMinusZ <= 1)
        || Math.abs(z + oneMinusZ - 1) > 4 * Math.ulp(1.0)) {
      throw new IllegalArgumentException("2F1(a, b; a + 1; z) needs 0 <= z < 1 and its complement 1 - z > 0: z = "
          + z + ", 1 - z = " + oneMinusZ);
    }
  }
}
