package dev.holdfast.clv;

import java.util.Arrays;
import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The Pareto/NBD log-likelihood of weighted {@code (x, t_x, T)} patterns and its analytic gradient in
 * {@code (r, α, s, β)}.
 *
 * <p>Fader and Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions", the likelihood
 * function: {@code L = Γ(r+x) α^r β^s / Γ(r) · [(α+T)^{−(r+x)} (β+T)^{−s} + s/(r+s+x) · A₀]}, where
 * {@code s/(r+s+x) · A₀ = s · ΔI} with {@code ΔI = I(t_x) − I(T)} and
 * {@code I(t) = ∫_t^∞ (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ = (M+t)^{−(r+s+x)} / (r+s+x) · 2F1(r+s+x, b; r+s+x+1; z)}.
 * As in the note, {@code M = max(α, β)} picks the argument {@code z = |α − β| / (M + t)} in {@code [0, 1)}, with
 * {@code b = s + 1} when {@code α >= β} and {@code b = r + x} otherwise (the two forms are Pfaff transformations of
 * each other); {@code α = β} gives {@code z = 0}. See {@link ParetoNbdHypergeometric} for the evaluation of 2F1.
 *
 * <p>Everything is carried in logs, with the factor {@code β^s} moved into the bracket (see {@link Terms}):
 * {@code ln ΔI = ln I(t_x) + ln(1 − I(T)/I(t_x))}, and the two terms of the bracket are added by log-sum-exp. When
 * {@code T − t_x} is so short that the integrand changes by under 1 % across it, ΔI is the 4-point Gauss–Legendre
 * rule on the integral itself, exact to rounding there. The gradient of {@code ln I(t)} follows from the partial
 * derivatives of {@code ln 2F1} by the chain rule; {@code ln Γ(r+x) − ln Γ(r)} and
 * {@code ψ(r+x) − ψ(r) = Σ_{k<x} 1/(r+k)} depend on {@code x} alone and are computed once per distinct frequency,
 * and {@code I(t_x)} is computed once per run of patterns with the same {@code (x, t_x)}, which
 * {@link ParetoNbdPatterns} keeps together. When one rate is far larger than the other, as at the limit
 * {@code β → ∞} of no drop-out, ΔI comes from a short series instead (see {@link Terms}).
 */
final class ParetoNbdLikelihood implements MaximumLikelihood.LogLikelihood {
  /** ΔI by quadrature when the integrand's log changes by less than this across {@code [t_x, T]}. */
  private static final double SHORT_GAP = 0.01;
  private static final double[] GAUSS_NODES = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
      0.8611363115940526};
  private static final double[] GAUSS_WEIGHTS = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
      0.3478548451374538};
  /**
   * ΔI by the binomial series (see {@link Terms}) when {@code max(q, 1) (m+T)/|α − β|} is below this, which bounds the
   * ratio of its successive terms: at most 56 terms, where the two 2F1 series of the general case would need at least
   * as many each (their terms fall by {@code z >= 1/(1 + 0.5/q)}).
   */
  private static final double DISTANT = 0.5;
  /** Above this frequency {@code ψ(r+x) − ψ(r)} comes from the digamma function instead of the sum. */
  private static final int DIGAMMA_SUM_LIMIT = 10_000;

  private final ParetoNbdPatterns patterns;

  ParetoNbdLikelihood(ParetoNbdPatterns patterns) {
    this.patterns = patterns;
  }

  /**
   * Starting values: {@code r = 1} with {@code α} matching the mean purchase rate, and {@code s = 1} with
   * {@code β} the mean age, so that the mean dropout rate {@code s/β} starts at one per mean age.
   */
  double[] start() {
    double rate = patterns.meanFrequency / patterns.meanAge;
    double alpha = rate > 0 && Double.isFinite(1 / rate) ? 1 / rate : 1;
    return new double[] {1, alpha, 1, patterns.meanAge};
  }

  @Override
  public List<String> names() {
    return List.of("r", "alpha", "s", "beta");
  }

  @Override
  public List<String> symbols() {
    return List.of("r", "α", "s", "β");
  }

  /** The purchase rates' gamma and the drop-out rates' gamma (see {@link MaximumLikelihood}). */
  @Override
  public List<MaximumLikelihood.Pair> pairs() {
    return List.of(new MaximumLikelihood.Pair(MaximumLikelihood.Mixing.GAMMA, 0, 1),
        new MaximumLikelihood.Pair(MaximumLikelihood.Mixing.GAMMA, 2, 3));
  }

  @Override
  public double customers() {
    return patterns.customers;
  }

  @Override
  public int patterns() {
    return patterns.size();
  }

  @Override
  public ParetoNbdLikelihood everyNth(int stride) {
    return new ParetoNbdLikelihood(patterns.everyNth(stride));
  }

  @Override
  public double evaluate(double[] parameters, double[] gradient) {
    double r = parameters[0];
    double alpha = parameters[1];
    double s = parameters[2];
    double beta = parameters[3];
    for (double parameter : parameters) {
      if (!(parameter > 0) || Double.isInfinite(parameter)) {
        // outside the parameter space, where a search in log space lands when exp over- or underflows
        if (gradient != null) {
          Arrays.fill(gradient, Double.NaN);
        }
        return Double.NaN;
      }
    }
    double customers = patterns.customers;
    double logLikelihood = customers * r * Math.log(alpha);
    double gradientR = customers * Math.log(alpha);
    double logGammaR = Gamma.logGamma(r);
    for (int k = 0; k < patterns.frequencies.length; k++) {
      double x = patterns.frequencies[k];
      double w = patterns.frequencyWeights[k];
      if (x > 0) {
        logLikelihood += w * (Gamma.logGamma(r + x) - logGammaR);
        if (gradient != null) {
          gradientR += w * digammaDifference(r, x);
        }
      }
    }
    boolean withGradient = gradient != null;
    double[] sums = MaximumLikelihood.sumPatterns(patterns.size(), withGradient ? 5 : 1,
        (from, to, out) -> addPatterns(from, to, r, alpha, s, beta, withGradient, out));
    logLikelihood += sums[0];
    if (withGradient) {
      gradient[0] = gradientR + sums[1];
      gradient[1] = customers * r / alpha + sums[2];
      gradient[2] = sums[3];
      gradient[3] = sums[4];
    }
    return logLikelihood;
  }

  /** Adds each pattern's bracket term, {@code ln[β^s (α+T)^{−(r+x)}(β+T)^{−s} + s β^s ΔI]}, and its gradient. */
  private void addPatterns(int from, int to, double r, double alpha, double s, double beta, boolean withGradient,
      double[] out) {
    Terms terms = new Terms();
    double logLikelihood = 0;
    double sumR = 0;
    double sumAlpha = 0;
    double sumS = 0;
    double sumBeta = 0;
    for (int i = from; i < to; i++) {
      double w = patterns.weight[i];
      terms.evaluate(r, alpha, s, beta, patterns.frequencies[patterns.frequencyIndex[i]], patterns.recency[i],
          patterns.age[i], withGradient);
      logLikelihood += w * terms.logBracket();
      if (withGradient) {
        double dead = terms.deadShare();
        double alive = 1 - dead;
        sumR += w * (alive * terms.aliveGradient[0] + dead * terms.deadGradient[0]);
        sumAlpha += w * (alive * terms.aliveGradient[1] + dead * terms.deadGradient[1]);
        sumS += w * (alive * terms.aliveGradient[2] + dead * terms.deadGradient[2]);
        sumBeta += w * (alive * terms.aliveGradient[3] + dead * terms.deadGradient[3]);
      }
    }
    out[0] += logLikelihood;
    if (withGradient) {
      out[1] += sumR;
      out[2] += sumAlpha;
      out[3] += sumS;
      out[4] += sumBeta;
    }
  }

  /** One customer's log-likelihood. */
  static double single(ParetoNbdModel model, double x, double recency, double age) {
    Terms terms = new Terms();
    terms.evaluate(model.r(), model.alpha(), model.s(), model.beta(), x, recency, age, false);
    double r = model.r();
    return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(model.alpha()) + terms.logBracket();
  }

  /** {@code ψ(r+x) − ψ(r)} for a whole {@code x >= 0}. */
  static double digammaDifference(double r, double x) {
    if (x > DIGAMMA_SUM_LIMIT) {
      return Gamma.digamma(r + x) - Gamma.digamma(r);
    }
    double sum = 0;
    for (int k = (int) x - 1; k >= 0; k--) {
      sum += 1 / (r + k);
    }
    return sum;
  }

  /**
   * The two terms of one customer's bracket times {@code β^s}, in logs, with their gradients in
   * {@code (r, α, s, β)}: alive at {@code T}, {@code −(r+x) ln(α+T) − s ln(1 + T/β)}, and dead in
   * {@code (t_x, T]}, {@code ln s + s ln β + ln ΔI}. Multiplying by {@code β^s} inside the bracket keeps both terms
   * of moderate size when {@code s} and {@code β} are large (nearly exponential lifetimes), where
   * {@code s ln β} and {@code −s ln(β+T)} would otherwise cancel to nothing.
   *
   * <p>With {@code B(t) = s ln β + ln I(t)} and {@code ρ = I(T)/I(t_x)}, the dead term is
   * {@code ln s + B(t_x) + ln(1 − ρ)}. {@code B} is written with the reduced 2F1 logarithm
   * {@code R = ln 2F1 − (1 − b) ln(1 − z)}: {@code B(t) = −s ln(1 + t/β) − ln(β+t) − (r+x−1) ln(α+t) − ln a + R}
   * when {@code α < β}, and {@code B(t) = −s ln(1 + t/β) − (r+x) ln(α+t) − ln a + R} when {@code α >= β}; so
   * {@code ln ρ = B(T) − B(t_x)} comes from {@code ln(1 + (T − t_x)/(β + t_x))}-type differences and the difference
   * of two moderate {@code R}, never from two large logarithms.
   *
   * <p>When the rates are far apart, 2F1 is near {@code z = 1}, where it needs its integral. Then, with
   * {@code m = min(α, β)}, {@code D = |α − β|}, {@code y = m + τ} and {@code p}, {@code q} the exponents of
   * {@code m + τ} and {@code max(α, β) + τ} in the integrand ({@code r+x} and {@code s+1} when {@code α < β}, the
   * other way round otherwise), the binomial series of {@code (y + D)^{−q}} integrates term by term:
   * {@code ΔI = D^{−q} y₁^{1−p} Σ_n (−1)^n (q)_n/n! (y₁/D)^n ψ_n} with {@code y₁ = m + t_x},
   * {@code L = ln((m+T)/y₁)} and {@code ψ_n = (e^{(n+1−p)L} − 1)/(n+1−p)}, whose terms fall at least by
   * {@code max(q, 1) (m+T)/D} each; it is used when that is below {@value #DISTANT}. Reused from one pattern to the
   * next; not thread-safe.
   */
  static final class Terms {
    double logAlive;
    double logDead;
    final double[] aliveGradient = new double[4];
    final double[] deadGradient = new double[4];
    private final double[] hypergeometric = new double[ParetoNbdHypergeometric.OUTPUTS];
    private final double[] atRecency = new double[4];
    private final double[] atAge = new double[4];
    private final double[] logGauss = new double[GAUSS_NODES.length];
    private double reduced;
    private double logBracket;
    private double deadShare;
    /** The parameters and {@code (x, t_x)} of the last {@code B(t_x)}, which {@link #atRecency} holds the gradient of. */
    private final double[] recencyKey = new double[6];
    private boolean recencyGradient;
    private double logAtRecency = Double.NaN;
    private double reducedAtRecency;

    /** {@code ln} of the bracket times {@code β^s}, {@code ln(e^{logAlive} + e^{logDead})}. */
    double logBracket() {
      return logBracket;
    }

    /** The dead term's share of the bracket: {@code 1 − P(alive at T | x, t_x, T)}. */
    double deadShare() {
      return deadShare;
    }

    private void combine() {
      if (logDead == Double.NEGATIVE_INFINITY) {
        logBracket = logAlive;
        deadShare = 0;
        return;
      }
      double difference = logAlive - logDead;
      double smaller = Math.exp(-Math.abs(difference));
      logBracket = Math.max(logAlive, logDead) + LogExp.log1p(smaller);
      deadShare = difference > 0 ? smaller / (1 + smaller) : 1 / (1 + smaller);
    }

    /** Evaluates the terms, and their gradients when {@code withGradient}. */
    void evaluate(double r, double alpha, double s, double beta, double x, double recency, double age,
        boolean withGradient) {
      double shape = r + x;
      double logAlphaT = Math.log(alpha + age);
      double growthT = LogExp.log1p(age / beta);
      logAlive = -shape * logAlphaT - s * growthT;
      if (withGradient) {
        aliveGradient[0] = -logAlphaT;
        aliveGradient[1] = -shape / (alpha + age);
        aliveGradient[2] = -growthT;
        aliveGradient[3] = s * age / (beta * (beta + age));
      }
      double gap = age - recency;
      if (gap == 0) {
        logDead = Double.NEGATIVE_INFINITY;
        Arrays.fill(deadGradient, 0);
        combine();
        return;
      }
      double change = gap * (shape / (alpha + recency) + (s + 1) / (beta + recency));
      double logRatio = Double.NaN;
      if (change >= SHORT_GAP) {
        double distance = Math.abs(alpha - beta);
        double q = alpha < beta ? s + 1 : shape;
        if (Math.max(q, 1) * (Math.min(alpha, beta) + age) < DISTANT * distance) {
          logDead = Math.log(s) + distantGap(r, alpha, s, beta, x, recency, age, withGradient);
          combine();
          return;
        }
        double logA = Math.log(r + s + x);
        atRecency(r, alpha, s, beta, x, recency, logA, withGradient);
        base(r, alpha, s, beta, x, age, logAlphaT, logA, false, withGradient ? atAge : null);
        double reducedDifference = reduced - reducedAtRecency;
        double betaGrowth = LogExp.log1p(gap / (beta + recency));
        double alphaGrowth = LogExp.log1p(gap / (alpha + recency));
        logRatio = alpha < beta
            ? -s * betaGrowth - betaGrowth - (shape - 1) * alphaGrowth + reducedDifference
            : -s * betaGrowth - shape * alphaGrowth + reducedDifference;
      }
      if (logRatio < 0) {
        double complement = -LogExp.expm1(logRatio);
        logDead = Math.log(s) + logAtRecency + Math.log(complement);
        if (withGradient) {
          double ratio = Math.exp(logRatio);
          for (int j = 0; j < 4; j++) {
            deadGradient[j] = (atRecency[j] - ratio * atAge[j]) / complement;
          }
          deadGradient[2] += 1 / s;
        }
      } else {
        // a short gap, or one over which I(T) and I(t_x) agree to rounding
        logDead = Math.log(s) + shortGap(r, alpha, s, beta, x, recency, gap, withGradient);
        deadGradient[2] += 1 / s;
      }
      combine();
    }

    /**
     * Sets {@link #logAtRecency}, {@link #reducedAtRecency} and, when {@code withGradient}, {@link #atRecency} to
     * {@code B(t_x)} and its gradient, unless they already hold them for these parameters and {@code (x, t_x)}.
     */
    private void atRecency(double r, double alpha, double s, double beta, double x, double recency, double logA,
        boolean withGradient) {
      if (recencyKey[0] == r && recencyKey[1] == alpha && recencyKey[2] == s && recencyKey[3] == beta
          && recencyKey[4] == x && recencyKey[5] == recency && (recencyGradient || !withGradient)
          && !Double.isNaN(logAtRecency)) {
        return;
      }
      logAtRecency = base(r, alpha, s, beta, x, recency, Math.log(alpha + recency), logA, true,
          withGradient ? atRecency : null);
      reducedAtRecency = reduced;
      recencyGradient = withGradient;
      recencyKey[0] = r;
      recencyKey[1] = alpha;
      recencyKey[2] = s;
      recencyKey[3] = beta;
      recencyKey[4] = x;
      recencyKey[5] = recency;
    }

    /**
     * {@code ln(β^s ΔI)} by the binomial series of the class comment, its gradient into {@link #deadGradient} (the
     * {@code 1/s} of the dead term's {@code ln s} included).
     */
    private double distantGap(double r, double alpha, double s, double beta, double x, double recency, double age,
        boolean withGradient) {
      boolean alphaSmaller = alpha < beta;
      double smaller = alphaSmaller ? alpha : beta;
      double distance = Math.abs(alpha - beta);
      double p = alphaSmaller ? r + x : s + 1;
      double q = alphaSmaller ? s + 1 : r + x;
      double first = smaller + recency;
      double last = smaller + age;
      double span = LogExp.log1p((age - recency) / first);
      double ratio = first / distance;
      double growth = last / first;
      double bound = Math.max(q, 1) * last / distance;
      // term n: (−1)^n coefficient ψ_n, coefficient = (q)_n/n! (y₁/D)^n, power = e^{(n+1−p)L}
      double coefficient = 1;
      double power = Math.exp((1 - p) * span);
      double harmonic = 0;
      double sum = 0;
      double sumP = 0;
      double sumQ = 0;
      double sumRatio = 0;
      double sumSpan = 0;
      for (int n = 0; n < 400; n++) {
        double exponent = n + 1 - p;
        double u = exponent * span;
        double psi;
        double psiExponent;
        if (Math.abs(u) < 1e-4) {
          // ψ = L φ(u) with φ(u) = (e^u − 1)/u, and dψ/d(exponent) = L² φ'(u), by their Taylor series
          psi = span * (1 + u * (0.5 + u * (1.0 / 6 + u / 24)));
          psiExponent = span * span * (0.5 + u * (1.0 / 3 + u * (0.125 + u / 30)));
          power = Math.exp(u);
        } else if (Math.abs(u) < 0.5) {
          double shifted = LogExp.expm1(u);
          power = shifted + 1;
          psi = shifted / exponent;
          psiExponent = (span * power - psi) / exponent;
        } else {
          psi = (power - 1) / exponent;
          psiExponent = (span * power - psi) / exponent;
        }
        double signed = (n & 1) == 0 ? coefficient : -coefficient;
        double term = signed * psi;
        sum += term;
        if (withGradient) {
          sumP -= signed * psiExponent;
          sumQ += term * harmonic;
          sumRatio += term * n;
          sumSpan += signed * power;
        }
        if (coefficient * psi * bound <= 1e-17 * (1 - bound) * Math.abs(sum)) {
          break;
        }
        harmonic += 1 / (q + n);
        coefficient *= (q + n) / (n + 1) * ratio;
        power *= growth;
      }
      double logSum = Math.log(sum);
      double value = alphaSmaller
          ? -s * LogExp.log1p(-alpha / beta) - Math.log(distance) - (p - 1) * Math.log(first) + logSum
          : -s * LogExp.log1p(recency / beta) - q * Math.log(distance) + logSum;
      if (withGradient) {
        // partial derivatives of ln ΔI in p, q, y₁, y₂ and D, with s ln β folded in where it cancels
        double byRatio = sumRatio / sum;
        double bySpan = sumSpan / sum;
        double dLast = bySpan / last;
        double dDistance = -(q + byRatio) / distance;
        if (alphaSmaller) {
          deadGradient[0] = -Math.log(first) + sumP / sum;
          deadGradient[1] = (1 - p + byRatio - bySpan) / first + dLast - dDistance;
          deadGradient[2] = 1 / s - LogExp.log1p(-alpha / beta) + sumQ / sum;
          deadGradient[3] = -s * alpha / (beta * distance) - (1 + byRatio) / distance;
        } else {
          deadGradient[0] = -Math.log(distance) + sumQ / sum;
          deadGradient[1] = dDistance;
          deadGradient[2] = 1 / s - LogExp.log1p(recency / beta) + sumP / sum;
          deadGradient[3] = s * recency / (beta * first) + (byRatio - bySpan) / first + dLast - dDistance;
        }
      }
      return value;
    }

    /**
     * {@code B(t) = s ln β + ln I(t)} when {@code withValue}, its gradient in {@code (r, α, s, β)} into
     * {@code gradient} unless that is null, and the reduced 2F1 logarithm into {@link #reduced}. With
     * {@code a = r+s+x}, {@code M = max(α, β)}, {@code m = min(α, β)}, {@code z = (M−m)/(M+t)},
     * {@code ∂z/∂M = (m+t)/(M+t)²} and {@code ∂z/∂m = −1/(M+t)}.
     */
    private double base(double r, double alpha, double s, double beta, double x, double t, double logAlphaT,
        double logA, boolean withValue, double[] gradient) {
      double shape = r + x;
      double a = r + s + x;
      boolean alphaLarger = alpha >= beta;
      double larger = alphaLarger ? alpha : beta;
      double smaller = alphaLarger ? beta : alpha;
      double b = alphaLarger ? s + 1 : shape;
      double denominator = larger + t;
      double z = (larger - smaller) / denominator;
      double oneMinusZ = (smaller + t) / denominator;
      ParetoNbdHypergeometric.evaluate(a, b, z, oneMinusZ, hypergeometric, gradient != null);
      reduced = hypergeometric[ParetoNbdHypergeometric.REDUCED];
      double growth = withValue || gradient != null ? LogExp.log1p(t / beta) : Double.NaN;
      if (gradient != null) {
        double dA = hypergeometric[ParetoNbdHypergeometric.D_A];
        double reducedDB = hypergeometric[ParetoNbdHypergeometric.REDUCED_D_B];
        double reducedDZ = hypergeometric[ParetoNbdHypergeometric.REDUCED_D_Z];
        double betaDrift = s * t / (beta * (beta + t));
        if (alphaLarger) {
          gradient[0] = -logAlphaT - 1 / a + dA;
          gradient[1] = -shape / (alpha + t) + reducedDZ * oneMinusZ / denominator;
          gradient[2] = -growth - 1 / a + dA + reducedDB;
          gradient[3] = betaDrift - reducedDZ / denominator;
        } else {
          gradient[0] = -logAlphaT - 1 / a + dA + reducedDB;
          gradient[1] = -(shape - 1) / (alpha + t) - reducedDZ / denominator;
          gradient[2] = -growth - 1 / a + dA;
          gradient[3] = betaDrift - 1 / (beta + t) + reducedDZ * oneMinusZ / denominator;
        }
      }
      if (!withValue) {
        return Double.NaN;
      }
      return alphaLarger
          ? -s * growth - shape * logAlphaT - logA + reduced
          : -s * growth - Math.log(beta + t) - (shape - 1) * logAlphaT - logA + reduced;
    }

    /**
     * {@code ln(β^s ΔI)} by 4-point Gauss–Legendre over {@code [t_x, T]}, its gradient into {@link #deadGradient}; the
     * integrand times {@code β^s} is {@code (α+τ)^{−(r+x)} (1 + τ/β)^{−s} / (β+τ)}.
     */
    private double shortGap(double r, double alpha, double s, double beta, double x, double recency, double gap,
        boolean withGradient) {
      double shape = r + x;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < GAUSS_NODES.length; k++) {
        double tau = recency + gap * (1 + GAUSS_NODES[k]) / 2;
        logGauss[k] = Math.log(GAUSS_WEIGHTS[k]) - shape * Math.log(alpha + tau) - s * LogExp.log1p(tau / beta)
            - Math.log(beta + tau);
        max = Math.max(max, logGauss[k]);
      }
      double sum = 0;
      Arrays.fill(deadGradient, 0);
      for (int k = 0; k < GAUSS_NODES.length; k++) {
        double weight = Math.exp(logGauss[k] - max);
        sum += weight;
        if (!withGradient) {
          continue;
        }
        double tau = recency + gap * (1 + GAUSS_NODES[k]) / 2;
        deadGradient[0] -= weight * Math.log(alpha + tau);
        deadGradient[1] -= weight * shape / (alpha + tau);
        deadGradient[2] -= weight * LogExp.log1p(tau / beta);
        deadGradient[3] += weight * (s * tau / (beta * (beta + tau)) - 1 / (beta + tau));
      }
      for (int j = 0; j < 4; j++) {
        deadGradient[j] /= sum;
      }
      return Math.log(gap / 2) + max + Math.log(sum);
    }
  }
}
