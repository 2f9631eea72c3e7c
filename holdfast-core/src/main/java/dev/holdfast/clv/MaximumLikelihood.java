package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Maximum-likelihood estimation of a model whose parameters are all positive, shared by the CLV models, including
 * fits whose supremum lies on the boundary of the parameter space.
 *
 * <p>The search runs over unconstrained coordinates and minimises the mean negative log-likelihood per customer, so
 * that its tolerances do not depend on the number of customers. A coordinate is the logarithm of a parameter, except
 * that the two parameters of a mixing distribution declared as a {@link Pair} move as its mean and its shape: a
 * gamma's {@code ln(shape/rate)} and {@code ln shape}, a beta's {@code ln(a/b)} (the logit of its mean) and
 * {@code ln(a+b)}. The limits in which the CLV models reduce to simpler ones (no drop-out: a mean going to 0; the
 * same rate for every customer: a shape going to infinity at a fixed mean) then each lie at one coordinate's
 * infinity. Quasi-Newton (BFGS) steps of at most {@value #MAX_STEP} in every coordinate bring the search near the
 * maximum; Newton steps on the Hessian, itself central differences of the analytic gradient, then converge to where
 * the next step would be under {@code 1e-6} standard errors. The standard errors come from the inverse of that
 * Hessian (see {@link Estimate}), carried to the parameters' logarithms by the Jacobian of the coordinates.
 *
 * <p>Boundaries. Where the likelihood rises towards a limit as a coordinate {@code u} runs off to infinity, it does so
 * like a power of the parameter, {@code f ≈ f∞ + c e^{−k|u|}} in the objective {@code f}: the slope {@code g} and
 * curvature {@code h} along {@code u} give the rest of the gain, {@code g²/h}, and the rate {@code k = h/|g|} (where
 * {@code h} is rounding far out on the tail, {@code k = 1}, a first power, stands in). At every fresh Hessian, each
 * coordinate at least {@value #FAR} from its start whose slope still points away from it, a mixing distribution's
 * mean before its shape, is moved in one jump to where that rest is below {@code 1e-15} of the objective, and held
 * there if the objective there is no higher and lower by no more than the rest allows: a limit. A coordinate that far
 * out along which the log-likelihood changes by less than {@code 1e-7} per unit (slope and curvature) is held as a
 * limit as it is; once a limit is held, any such coordinate is held as not identified. The free coordinates then
 * converge as above. The log-likelihood is the limit's to {@code 1e-15}, and parameters that depend on a held
 * coordinate have no standard error; the others' come from the Hessian over the free coordinates, that is with the
 * limit taken as given. Large data first get starting values (and a first Hessian) from a sample of their patterns,
 * and the per-pattern sums run in parallel chunks.
 */
final class MaximumLikelihood {
  /** Patterns per parallel task when summing the likelihood. */
  static final int CHUNK = 1 << 12;
  /** Patterns in the sample that gives large data its starting values. */
  static final int SAMPLE = 1 << 14;
  private static final int MAX_ITERATIONS = 1_000;
  private static final int MAX_NEWTON_STEPS = 50;
  /** The largest move of a coordinate in one quasi-Newton or Newton step. */
  static final double MAX_STEP = 2;
  /** No coordinate moves further than this from its start: parameters stay within a factor {@code e^40} of it. */
  static final double MAX_DISTANCE = 40;
  /** Coordinates at least this far from their start are tested for a limit. */
  static final double FAR = 6;
  /** A limit is held where the rest of the gain is below this fraction of the mean negative log-likelihood. */
  private static final double LIMIT_GAIN = 1e-15;
  private static final double MIN_JUMP = 2;
  private static final double MAX_JUMP = 30;
  /** Far coordinates, or once a limit is held any, whose slope and curvature in log-likelihood units are below this. */
  private static final double FLAT = 1e-7;
  /** The quasi-Newton search hands over to Newton's when its own decrement estimate is below this. */
  private static final double NEAR = 1e-10;
  /** Step in the coordinates for the finite-difference Hessian. */
  private static final double HESSIAN_STEP = 1e-4;
  /** Converged when the next Newton step is shorter than 1e-6 standard errors (the bound squared). */
  private static final double CONVERGED = 1e-12;
  /** Also converged when the steps stop shrinking (rounding) and the next one is shorter than 1e-4 standard errors. */
  private static final double ROUNDING = 1e-8;
  /**
   * A Hessian still counts as the current one after one Newton step shorter than {@code 1e-4} standard errors (the
   * bound squared): it has changed by a fraction of about {@code 1e-4/sqrt(customers)} since, and the step has
   * converged quadratically, which saves recomputing it.
   */
  private static final double TINY_STEP = 1e-8;
  /** Changes of the mean negative log-likelihood below this fraction of it are rounding. */
  private static final double RESOLUTION = 1e-12;

  private MaximumLikelihood() {
  }

  /** A log-likelihood over weighted customer patterns and its gradient in the natural (positive) parameters. */
  interface LogLikelihood {
    /**
     * Returns the log-likelihood of all customers at {@code parameters}; when {@code gradient} is not null, writes
     * the partial derivatives with respect to each parameter into it.
     */
    double evaluate(double[] parameters, double[] gradient);

    /** The parameters' names, for messages. */
    List<String> names();

    /** The parameters' symbols for limits in words ({@code α} for {@code alpha}); the names by default. */
    default List<String> symbols() {
      return names();
    }

    /** The parameters that are the two parameters of one mixing distribution; none by default. */
    default List<Pair> pairs() {
      return List.of();
    }

    /** The total weight of the customers. */
    double customers();

    /** The number of patterns {@link #evaluate} sums over. */
    int patterns();

    /** The same likelihood over every {@code stride}-th pattern only. */
    LogLikelihood everyNth(int stride);
  }

  /** The two kinds of mixing distribution whose parameters the search moves as a mean and a shape. */
  enum Mixing {
    /** {@code Gamma(shape, rate)}: coordinates {@code ln shape} (first) and {@code ln(shape/rate)}, its mean. */
    GAMMA,
    /** {@code Beta(a, b)}: coordinates {@code ln(a/b)} (first), the logit of its mean, and {@code ln(a+b)}. */
    BETA
  }

  /**
   * Two parameters of one mixing distribution: for {@link Mixing#GAMMA} the shape and the rate, for
   * {@link Mixing#BETA} {@code a} and {@code b}, by their index in the parameters.
   */
  record Pair(Mixing mixing, int first, int second) {
  }

  /** What a coordinate is: its parameter's logarithm or one of a pair's two. */
  enum Role {
    LOG, GAMMA_SHAPE, GAMMA_MEAN, BETA_MEAN, BETA_CONCENTRATION
  }

  /**
   * The search coordinate {@code coordinate}, held at a limit, {@code direction} +1 for its infinity and −1 for minus
   * infinity, or held because the limits left it unidentified, direction 0; {@code first} and {@code second} are the
   * parameters of its pair (both its own parameter for {@link Role#LOG}).
   */
  record Limit(int coordinate, Role role, int direction, int first, int second) {
    boolean unidentified() {
      return direction == 0;
    }

    /**
     * The limit in symbols, such as {@code "a/(a+b) → 0"} or {@code "r, α → ∞ with r/α = 0.0823"}, at the
     * estimates {@code values}.
     */
    String describe(List<String> symbols, double[] values) {
      String one = symbols.get(first);
      String two = symbols.get(second);
      boolean up = direction > 0;
      return switch (role) {
        case LOG -> one + (up ? " → ∞" : " → 0");
        case GAMMA_SHAPE -> one + ", " + two + (up ? " → ∞" : " → 0") + " with " + one + "/" + two + " = "
            + format(values[first] / values[second]);
        case GAMMA_MEAN -> one + "/" + two + (up ? " → ∞" : " → 0");
        case BETA_MEAN -> one + "/(" + one + "+" + two + ")" + (up ? " → 1" : " → 0");
        case BETA_CONCENTRATION -> one + ", " + two + (up ? " → ∞" : " → 0") + " with " + one + "/(" + one + "+" + two
            + ") = " + format(values[first] / (values[first] + values[second]));
      };
    }

    /** The coordinate's quantity in symbols, such as {@code "a+b"} or {@code "r/α"}. */
    String quantity(List<String> symbols) {
      String one = symbols.get(first);
      String two = symbols.get(second);
      return switch (role) {
        case LOG, GAMMA_SHAPE -> one;
        case GAMMA_MEAN -> one + "/" + two;
        case BETA_MEAN -> one + "/(" + one + "+" + two + ")";
        case BETA_CONCENTRATION -> one + "+" + two;
      };
    }

    private static String format(double value) {
      return String.format(Locale.ROOT, "%.4g", value);
    }
  }

  /** Adds the terms of patterns {@code [from, to)} into {@code sums}, which starts at zero. */
  interface PatternSum {
    void add(int from, int to, double[] sums);
  }

  /**
   * Sums per-pattern terms over {@code patterns} patterns into {@code width} totals, in chunks of
   * {@value #CHUNK} patterns that run in parallel once there are several; the chunk totals are added in chunk
   * order, so the result does not depend on the threads.
   */
  static double[] sumPatterns(int patterns, int width, PatternSum sum) {
    int chunks = (patterns + CHUNK - 1) / CHUNK;
    if (chunks <= 1) {
      double[] sums = new double[width];
      sum.add(0, patterns, sums);
      return sums;
    }
    double[][] partial = new double[chunks][width];
    IntStream.range(0, chunks).parallel()
        .forEach(chunk -> sum.add(chunk * CHUNK, Math.min(patterns, (chunk + 1) * CHUNK), partial[chunk]));
    double[] sums = new double[width];
    for (double[] chunk : partial) {
      for (int i = 0; i < width; i++) {
        sums[i] += chunk[i];
      }
    }
    return sums;
  }

  /**
   * What the search found: the estimates in the order of the start values, how it ended, the limits it held (empty
   * unless {@code verdict} is {@link Convergence.Verdict#BOUNDARY}, or held before it gave up) and the names of the
   * parameters whose standard errors those limits make NaN.
   */
  record Result(Estimate[] estimates, double logLikelihood, int iterations, Convergence.Verdict verdict,
      List<Limit> limits, List<String> boundaryParameters) {
    boolean converged() {
      return verdict == Convergence.Verdict.CONVERGED;
    }

    /** The estimates' values. */
    double[] values() {
      return Arrays.stream(estimates).mapToDouble(Estimate::value).toArray();
    }

    /** The limits in symbols (see {@link Limit#describe}), the unidentified coordinates left out. */
    List<String> describeLimits(List<String> symbols) {
      double[] values = values();
      return limits.stream().filter(limit -> !limit.unidentified()).map(limit -> limit.describe(symbols, values))
          .toList();
    }
  }

  /**
   * Maximises {@code likelihood} from {@code start} (natural scale, all {@code > 0}). With more than
   * {@code 4 × }{@value #SAMPLE} patterns the search first runs on a systematic sample of about {@value #SAMPLE}
   * of them; if that converges, the full data start from its estimate and its Hessian, which leaves them a few
   * Newton steps, and if it ends at a boundary, from its estimate with the held coordinates back at their start.
   */
  static Result maximize(LogLikelihood likelihood, double[] start) {
    Space space = new Space(start.length, likelihood.pairs());
    double[] origin = space.coordinates(start);
    double[] from = origin;
    Curvature guess = null;
    if (likelihood.patterns() > 4 * SAMPLE) {
      try {
        Search sampled = search(likelihood.everyNth(likelihood.patterns() / SAMPLE), space, origin, origin, null);
        if (sampled.converged() && sampled.limits().isEmpty() && sampled.curvature() != null
            && sampled.curvature().exact()) {
          from = sampled.point();
          guess = sampled.curvature();
        } else if (sampled.converged()) {
          from = sampled.point().clone();
          for (Limit limit : sampled.limits()) {
            from[limit.coordinate()] = origin[limit.coordinate()];
          }
        }
      } catch (InputException sampleDiverged) {
        // the full data may still identify the model: search it from the original start
      }
    }
    Search search = search(likelihood, space, from, origin, guess);
    double customers = likelihood.customers();
    double[] point = search.point();
    double[] logParameters = space.logParameters(point);
    double[][] jacobian = space.jacobian(point);
    boolean[] free = search.free();
    RealMatrix covariance = search.curvature() == null ? null : search.curvature().covariance();
    int[] index = search.curvature() == null ? new int[0] : search.curvature().index();
    Estimate[] estimates = new Estimate[point.length];
    List<String> boundaryParameters = new ArrayList<>();
    for (int i = 0; i < point.length; i++) {
      double value = Math.exp(logParameters[i]);
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new InputException("the maximum-likelihood search diverged: " + likelihood.names().get(i) + " went to "
            + (value > 0 ? "infinity" : "zero") + " (log " + logParameters[i] + "), so these data cannot identify the"
            + " model; check that the customers vary in their purchasing, or fit a larger sample");
      }
      boolean held = false;
      for (int k = 0; k < point.length; k++) {
        held |= !free[k] && jacobian[i][k] != 0;
      }
      if (held) {
        boundaryParameters.add(likelihood.names().get(i));
      }
      double logError = Double.NaN;
      if (!held && covariance != null) {
        double variance = 0;
        for (int a = 0; a < index.length; a++) {
          for (int b = 0; b < index.length; b++) {
            variance += jacobian[i][index[a]] * covariance.getEntry(a, b) * jacobian[i][index[b]];
          }
        }
        logError = Math.sqrt(variance / customers);
      }
      estimates[i] = Estimate.fromLogScale(value, logError);
    }
    Convergence.Verdict verdict = !search.converged() ? Convergence.Verdict.NOT_CONVERGED
        : search.limits().isEmpty() ? Convergence.Verdict.CONVERGED : Convergence.Verdict.BOUNDARY;
    return new Result(estimates, search.logLikelihood(), search.iterations(), verdict, search.limits(),
        boundaryParameters);
  }

  /** Where one search ended: its point, which coordinates were free, the Hessian there over those, and the limits. */
  private record Search(double[] point, boolean[] free, Curvature curvature, List<Limit> limits, double logLikelihood,
      int iterations, boolean converged) {
  }

  private static Search search(LogLikelihood likelihood, Space space, double[] start, double[] origin,
      Curvature guess) {
    Objective objective = new Objective(likelihood, space);
    double[] point = start.clone();
    int iterations = 0;
    if (guess == null) {
      QuasiNewton quasiNewton = quasiNewton(objective, point, origin);
      point = objective.best(quasiNewton.point());
      iterations = quasiNewton.iterations();
    }
    Newton newton = new Newton(objective, origin, likelihood.customers(), space);
    Search polished = newton.polish(point, guess);
    return new Search(polished.point(), polished.free(), polished.curvature(), polished.limits(),
        -objective.value(polished.point()) * likelihood.customers(), iterations + polished.iterations(),
        polished.converged());
  }

  private record QuasiNewton(double[] point, int iterations) {
  }

  /**
   * BFGS with backtracking (Armijo) line searches, each step first capped at {@value #MAX_STEP} in every coordinate:
   * until its own estimate of the Newton decrement is below {@value #NEAR}, its line search fails or three
   * iterations in a row gain only rounding.
   */
  private static QuasiNewton quasiNewton(Objective objective, double[] start, double[] origin) {
    int n = start.length;
    double customers = objective.customers;
    double[] point = start.clone();
    double value = objective.value(point);
    double[] gradient = objective.gradient(point);
    double[][] inverse = null;
    int stale = 0;
    int iteration = 0;
    while (iteration < MAX_ITERATIONS && Double.isFinite(value)) {
      double[] direction = new double[n];
      if (inverse == null) {
        double largest = 0;
        for (double component : gradient) {
          largest = Math.max(largest, Math.abs(component));
        }
        for (int i = 0; i < n; i++) {
          direction[i] = -gradient[i] / Math.max(largest, Double.MIN_NORMAL);
        }
      } else {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            direction[i] -= inverse[i][j] * gradient[j];
          }
        }
      }
      double slope = dot(gradient, direction);
      if (!(slope < 0)) {
        if (inverse == null) {
          break;
        }
        inverse = null;
        continue;
      }
      if (inverse != null && -slope * customers < NEAR) {
        break;
      }
      double scale = Math.min(1, MAX_STEP / maxAbs(direction));
      for (int i = 0; i < n; i++) {
        direction[i] *= scale;
      }
      slope *= scale;
      double[] trial = null;
      double trialValue = Double.NaN;
      double length = 1;
      for (int halving = 0; halving < 40; halving++, length /= 2) {
        double[] candidate = clamp(point, direction, length, origin);
        double candidateValue = halving == 0 ? objective.valueWithGradient(candidate) : objective.value(candidate);
        if (candidateValue <= value + 1e-4 * length * slope) {
          trial = candidate;
          trialValue = candidateValue;
          break;
        }
      }
      if (trial == null) {
        break;
      }
      iteration++;
      double[] trialGradient = objective.gradient(trial);
      double[] step = new double[n];
      double[] change = new double[n];
      for (int i = 0; i < n; i++) {
        step[i] = trial[i] - point[i];
        change[i] = trialGradient[i] - gradient[i];
      }
      double curvature = dot(step, change);
      if (curvature > 1e-12 * Math.sqrt(dot(step, step) * dot(change, change))) {
        if (inverse == null) {
          inverse = new double[n][n];
          for (int i = 0; i < n; i++) {
            inverse[i][i] = curvature / dot(change, change);
          }
        }
        update(inverse, step, change, curvature);
      }
      boolean gained = value - trialValue > RESOLUTION * Math.abs(trialValue);
      stale = gained ? 0 : stale + 1;
      point = trial;
      value = trialValue;
      gradient = trialGradient;
      if (stale >= 3) {
        break;
      }
    }
    return new QuasiNewton(point, iteration);
  }

  /** The BFGS update of the inverse Hessian: {@code H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ}, {@code ρ = 1/(yᵀs)}. */
  private static void update(double[][] inverse, double[] step, double[] change, double curvature) {
    int n = step.length;
    double rho = 1 / curvature;
    double[] hy = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        hy[i] += inverse[i][j] * change[j];
      }
    }
    double yhy = dot(change, hy);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        inverse[i][j] += -rho * (step[i] * hy[j] + hy[i] * step[j]) + (rho * rho * yhy + rho) * step[i] * step[j];
      }
    }
  }

  /**
   * Newton steps with step halving over the free coordinates, holding limits as they appear (see the class
   * comment).
   */
  private static final class Newton {
    private final Objective objective;
    private final double[] origin;
    private final double customers;
    private final Space space;
    private final boolean[] free;
    private final List<Limit> limits = new ArrayList<>();
    /** Per coordinate, where a jump towards a limit last failed (NaN: never), so that it is not retried there. */
    private final double[] failedAt;
    private double[] point;
    private double value;

    Newton(Objective objective, double[] origin, double customers, Space space) {
      this.objective = objective;
      this.origin = origin;
      this.customers = customers;
      this.space = space;
      this.free = new boolean[origin.length];
      Arrays.fill(free, true);
      this.failedAt = new double[origin.length];
      Arrays.fill(failedAt, Double.NaN);
    }

    /**
     * Newton steps until the next one would move the estimates by less than {@code 1e-6} standard errors, or by less
     * than {@code 1e-4} when rounding in the likelihood stops further progress. A Hessian is reused while the steps
     * shrink at least fourfold and recomputed otherwise, and always at the last point or one step shorter than
     * {@code 1e-4} standard errors before it ({@link #TINY_STEP}), and that Hessian gives the covariance;
     * {@code guess}, when not null, is the first. Where the Hessian is not positive definite the step uses it with a
     * ridge added (Levenberg); the covariance is then null. Limits are looked for at every Hessian computed at the
     * current point.
     */
    Search polish(double[] start, Curvature guess) {
      point = start.clone();
      value = objective.value(point);
      Curvature curvature = guess;
      double previousDecrement = Double.POSITIVE_INFINITY;
      boolean tinyStepFromFresh = false;
      int steps = 0;
      for (int round = 0; round < 3 * MAX_NEWTON_STEPS; round++) {
        if (curvature == null) {
          curvature = Curvature.at(objective, point, free);
          if (curvature.factor() == null) {
            return end(null, steps, curvature.index().length == 0);
          }
        }
        boolean atPoint = curvature.isAt(point, free);
        boolean fresh = atPoint || tinyStepFromFresh;
        double[] gradient = objective.gradient(point);
        if (atPoint && holdLimits(curvature, gradient)) {
          curvature = null;
          previousDecrement = Double.POSITIVE_INFINITY;
          tinyStepFromFresh = false;
          continue;
        }
        int[] index = curvature.index();
        double[] reduced = new double[index.length];
        for (int a = 0; a < index.length; a++) {
          reduced[a] = gradient[index[a]];
        }
        double[] solved = curvature.factor().getSolver().solve(new ArrayRealVector(reduced)).toArray();
        double[] direction = new double[point.length];
        for (int a = 0; a < index.length; a++) {
          direction[index[a]] = -solved[a];
        }
        double slope = dot(gradient, direction);
        // the squared length of the Newton step in standard errors
        double decrement = -slope * customers;
        boolean stalled = decrement > previousDecrement / 4;
        if (decrement <= CONVERGED || (stalled && decrement <= ROUNDING) || steps == MAX_NEWTON_STEPS) {
          if (fresh || steps == MAX_NEWTON_STEPS) {
            return end(curvature, steps, fresh && curvature.exact() && decrement <= ROUNDING);
          }
          curvature = null;
          continue;
        }
        double scale = Math.min(1, MAX_STEP / maxAbs(direction));
        for (int i = 0; i < direction.length; i++) {
          direction[i] *= scale;
        }
        double[] trial = lineSearch(objective, point, value, direction, slope * scale, origin);
        if (trial == null) {
          if (!fresh) {
            curvature = null;
            continue;
          }
          return end(curvature, steps, curvature.exact() && decrement <= ROUNDING);
        }
        tinyStepFromFresh = atPoint && scale == 1 && decrement <= TINY_STEP;
        if (stalled) {
          curvature = null;
          tinyStepFromFresh = false;
        }
        previousDecrement = decrement;
        point = trial;
        value = objective.value(point);
        steps++;
      }
      return end(null, steps, false);
    }

    private Search end(Curvature curvature, int steps, boolean converged) {
      return new Search(point, free.clone(), curvature, List.copyOf(limits), -value * customers, steps, converged);
    }

    /**
     * At a fresh Hessian: once a limit is held, holds the free coordinates that no longer matter; then tries each
     * free coordinate for a limit. Returns whether it held any (the point may have moved).
     */
    private boolean holdLimits(Curvature curvature, double[] gradient) {
      int[] index = curvature.index();
      RealMatrix hessian = curvature.hessian();
      boolean held = false;
      if (!limits.isEmpty()) {
        for (int a = 0; a < index.length; a++) {
          int i = index[a];
          if (Math.abs(hessian.getEntry(a, a)) * customers < FLAT && Math.abs(gradient[i]) * customers < FLAT) {
            hold(i, 0);
            held = true;
          }
        }
        if (held) {
          return true;
        }
      }
      // far from the start and falling outwards or flat: a mixing distribution's mean before its shape (with the
      // mean at a limit the shape no longer matters), then the steepest first; flat ones are held as they are,
      // falling ones tried with a jump
      List<Integer> candidates = new ArrayList<>();
      for (int a = 0; a < index.length; a++) {
        int i = index[a];
        double offset = point[i] - origin[i];
        boolean flat = Math.abs(gradient[i]) * customers < FLAT
            && Math.abs(hessian.getEntry(a, a)) * customers < FLAT;
        if (Math.abs(offset) >= FAR && !(Math.abs(point[i] - failedAt[i]) < 1) && (flat || gradient[i] * offset < 0)) {
          candidates.add(a);
        }
      }
      candidates.sort(Comparator.comparing((Integer a) -> !isMean(space.roles[index[a]]))
          .thenComparing(a -> -Math.abs(gradient[index[a]])));
      for (int a : candidates) {
        int i = index[a];
        int outward = point[i] > origin[i] ? 1 : -1;
        boolean flat = Math.abs(gradient[i]) * customers < FLAT
            && Math.abs(hessian.getEntry(a, a)) * customers < FLAT;
        boolean falling = gradient[i] * outward < 0;
        if (falling && Math.abs(point[i] - origin[i]) < MAX_DISTANCE - 1e-9
            && jump(i, outward, gradient[i], hessian.getEntry(a, a))) {
          return true;
        }
        if (flat || Math.abs(point[i] - origin[i]) >= MAX_DISTANCE - 1e-9) {
          hold(i, outward);
          return true;
        }
        failedAt[i] = point[i];
      }
      return false;
    }

    /**
     * Moves coordinate {@code i} outwards to where the exponential tail fitted to {@code slope} and {@code curvature}
     * leaves a gain below {@value #LIMIT_GAIN} of the objective, and holds it there if the objective there is no
     * higher and lower by no more than that tail allows; shorter jumps are tried when it is lower by more (not yet
     * in the tail, or rounding far out). Where the curvature is rounding (far out on a tail) or implies a rate
     * outside {@code [1/8, 8]}, the rate of a first power of the parameter, 1, stands in. Returns whether it held the
     * coordinate.
     */
    private boolean jump(int i, int outward, double slope, double curvature) {
      double rate = curvature / Math.abs(slope);
      if (!(rate >= 0.125 && rate <= 8)) {
        rate = 1;
      }
      double rest = Math.abs(slope) / rate;
      double rounding = RESOLUTION * Math.abs(value);
      double target = LIMIT_GAIN * Math.max(1, Math.abs(value));
      double length = rest > target ? Math.log(rest / target) / rate : MIN_JUMP;
      length = Math.min(Math.max(length, MIN_JUMP), MAX_JUMP);
      length = Math.min(length, MAX_DISTANCE - Math.abs(point[i] - origin[i]));
      for (; length >= MIN_JUMP / 4; length /= 2) {
        double[] trial = point.clone();
        trial[i] += outward * length;
        double trialValue = objective.value(trial);
        if (trialValue > value + rounding) {
          return false;
        }
        if (trialValue >= value - 2 * rest - rounding) {
          point = trial;
          value = trialValue;
          hold(i, outward);
          return true;
        }
      }
      return false;
    }

    private static boolean isMean(Role role) {
      return role == Role.GAMMA_MEAN || role == Role.BETA_MEAN;
    }

    private void hold(int i, int direction) {
      free[i] = false;
      Role role = space.roles[i];
      int partner = space.partners[i];
      boolean first = role == Role.LOG || role == Role.GAMMA_SHAPE || role == Role.BETA_MEAN;
      limits.add(new Limit(i, role, direction, first ? i : partner, first ? partner : i));
    }
  }

  /**
   * The longest of the steps {@code direction}, {@code direction/2}, ... that lowers the objective; one that leaves
   * it unchanged within rounding counts when the slope along the direction has shrunk. Null when none does.
   */
  private static double[] lineSearch(Objective objective, double[] point, double value, double[] direction,
      double slope, double[] origin) {
    double length = 1;
    for (int halving = 0; halving < 30; halving++, length /= 2) {
      double[] trial = clamp(point, direction, length, origin);
      double trialValue = halving == 0 ? objective.valueWithGradient(trial) : objective.value(trial);
      if (trialValue < value) {
        return trial;
      }
      if (trialValue <= value + RESOLUTION * Math.abs(value)
          && Math.abs(dot(objective.gradient(trial), direction)) < Math.abs(slope)) {
        return trial;
      }
    }
    return null;
  }

  /** {@code point + length · direction}, each coordinate kept within {@value #MAX_DISTANCE} of {@code origin}. */
  private static double[] clamp(double[] point, double[] direction, double length, double[] origin) {
    double[] trial = new double[point.length];
    for (int i = 0; i < point.length; i++) {
      trial[i] = Math.max(origin[i] - MAX_DISTANCE, Math.min(origin[i] + MAX_DISTANCE,
          point[i] + length * direction[i]));
    }
    return trial;
  }

  private static double dot(double[] left, double[] right) {
    double sum = 0;
    for (int i = 0; i < left.length; i++) {
      sum += left[i] * right[i];
    }
    return sum;
  }

  private static double maxAbs(double[] values) {
    double largest = 0;
    for (double value : values) {
      largest = Math.max(largest, Math.abs(value));
    }
    return largest;
  }

  /**
   * The Hessian of the mean negative log-likelihood at {@code point} over the free coordinates {@code index},
   * factorised: exactly when it is positive definite (then {@code covariance} is its inverse), otherwise with the
   * smallest ridge that makes it so.
   */
  private record Curvature(double[] point, int[] index, RealMatrix hessian, CholeskyDecomposition factor,
      boolean exact, RealMatrix covariance) {
    static Curvature at(Objective objective, double[] point, boolean[] free) {
      int[] index = IntStream.range(0, point.length).filter(i -> free[i]).toArray();
      if (index.length == 0) {
        return new Curvature(point.clone(), index, null, null, true, null);
      }
      RealMatrix hessian = MaximumLikelihood.hessian(objective, point, index);
      CholeskyDecomposition exact = cholesky(hessian, 0);
      if (exact != null) {
        return new Curvature(point.clone(), index, hessian, exact, true, exact.getSolver().getInverse());
      }
      CholeskyDecomposition ridged = null;
      for (double ridge = 1e-8; ridged == null && ridge < 1e8; ridge *= 10) {
        ridged = cholesky(hessian, ridge);
      }
      return new Curvature(point.clone(), index, hessian, ridged, false, null);
    }

    boolean isAt(double[] at, boolean[] free) {
      if (!Arrays.equals(point, at)) {
        return false;
      }
      int[] now = IntStream.range(0, at.length).filter(i -> free[i]).toArray();
      return Arrays.equals(index, now);
    }
  }

  private static CholeskyDecomposition cholesky(RealMatrix hessian, double ridge) {
    RealMatrix matrix = hessian.copy();
    double scale = 0;
    for (int i = 0; i < matrix.getRowDimension(); i++) {
      scale = Math.max(scale, Math.abs(matrix.getEntry(i, i)));
    }
    for (int i = 0; i < matrix.getRowDimension(); i++) {
      matrix.addToEntry(i, i, ridge * Math.max(scale, 1e-300));
    }
    if (!Double.isFinite(scale)) {
      return null;
    }
    try {
      return new CholeskyDecomposition(matrix, 1e-10, 1e-300);
    } catch (MathIllegalArgumentException notPositiveDefinite) {
      return null;
    }
  }

  private static RealMatrix hessian(Objective objective, double[] point, int[] index) {
    int n = index.length;
    double[][] entries = new double[n][n];
    double[] shifted = point.clone();
    for (int b = 0; b < n; b++) {
      int j = index[b];
      shifted[j] = point[j] + HESSIAN_STEP;
      double[] up = objective.gradient(shifted);
      shifted[j] = point[j] - HESSIAN_STEP;
      double[] down = objective.gradient(shifted);
      shifted[j] = point[j];
      for (int a = 0; a < n; a++) {
        entries[a][b] = (up[index[a]] - down[index[a]]) / (2 * HESSIAN_STEP);
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        double mean = (entries[a][b] + entries[b][a]) / 2;
        entries[a][b] = mean;
        entries[b][a] = mean;
      }
    }
    return new Array2DRowRealMatrix(entries, false);
  }

  /**
   * The search coordinates of the parameters: logarithms, and for each {@link Pair} the mean and shape coordinates of
   * its {@link Mixing}. Coordinate {@code i} sits at parameter {@code i}'s index: for a gamma the shape's index holds
   * {@code ln shape} and the rate's {@code ln(shape/rate)}; for a beta {@code a}'s holds {@code ln(a/b)} and
   * {@code b}'s {@code ln(a+b)}.
   */
  private static final class Space {
    final Role[] roles;
    final int[] partners;

    Space(int parameters, List<Pair> pairs) {
      roles = new Role[parameters];
      partners = new int[parameters];
      Arrays.fill(roles, Role.LOG);
      Arrays.setAll(partners, i -> i);
      for (Pair pair : pairs) {
        if (roles[pair.first()] != Role.LOG || roles[pair.second()] != Role.LOG || pair.first() == pair.second()) {
          throw new IllegalArgumentException("pairs must not share parameters: " + pairs);
        }
        boolean gamma = pair.mixing() == Mixing.GAMMA;
        roles[pair.first()] = gamma ? Role.GAMMA_SHAPE : Role.BETA_MEAN;
        roles[pair.second()] = gamma ? Role.GAMMA_MEAN : Role.BETA_CONCENTRATION;
        partners[pair.first()] = pair.second();
        partners[pair.second()] = pair.first();
      }
    }

    double[] coordinates(double[] parameters) {
      double[] point = new double[parameters.length];
      for (int i = 0; i < point.length; i++) {
        int j = partners[i];
        point[i] = switch (roles[i]) {
          case LOG, GAMMA_SHAPE -> Math.log(parameters[i]);
          case GAMMA_MEAN -> Math.log(parameters[j] / parameters[i]);
          case BETA_MEAN -> Math.log(parameters[i] / parameters[j]);
          case BETA_CONCENTRATION -> Math.log(parameters[i] + parameters[j]);
        };
      }
      return point;
    }

    double[] logParameters(double[] point) {
      double[] logs = new double[point.length];
      for (int i = 0; i < point.length; i++) {
        int j = partners[i];
        logs[i] = switch (roles[i]) {
          case LOG, GAMMA_SHAPE -> point[i];
          case GAMMA_MEAN -> point[j] - point[i];
          case BETA_MEAN -> point[j] - softplus(-point[i]);
          case BETA_CONCENTRATION -> point[i] - softplus(point[j]);
        };
      }
      return logs;
    }

    /** {@code ∂ ln θ_l / ∂ u_k} at {@code point}. */
    double[][] jacobian(double[] point) {
      int n = point.length;
      double[][] jacobian = new double[n][n];
      for (int i = 0; i < n; i++) {
        int j = partners[i];
        switch (roles[i]) {
          case LOG, GAMMA_SHAPE -> jacobian[i][i] = 1;
          case GAMMA_MEAN -> {
            jacobian[i][j] = 1;
            jacobian[i][i] = -1;
          }
          case BETA_MEAN -> {
            jacobian[i][i] = logistic(-point[i]);
            jacobian[i][j] = 1;
          }
          case BETA_CONCENTRATION -> {
            jacobian[i][j] = -logistic(point[j]);
            jacobian[i][i] = 1;
          }
        }
      }
      return jacobian;
    }

    /** {@code ln(1 + e^x)} without overflow. */
    private static double softplus(double x) {
      return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static double logistic(double x) {
      return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
  }

  /**
   * The mean negative log-likelihood over the search coordinates, remembering its last point and the best one
   * seen; not finite where the likelihood is not.
   */
  private static final class Objective {
    private final LogLikelihood likelihood;
    private final Space space;
    private final double customers;
    private double[] lastPoint;
    private double lastValue;
    private double[] lastGradient;
    private double[] bestPoint;
    private double bestValue = Double.POSITIVE_INFINITY;

    Objective(LogLikelihood likelihood, Space space) {
      this.likelihood = likelihood;
      this.space = space;
      this.customers = likelihood.customers();
    }

    double value(double[] point) {
      if (!Arrays.equals(point, lastPoint)) {
        evaluate(point, false);
      }
      return lastValue;
    }

    /** The value, with the gradient computed in the same pass for a later {@link #gradient} call. */
    double valueWithGradient(double[] point) {
      if (!Arrays.equals(point, lastPoint) || lastGradient == null) {
        evaluate(point, true);
      }
      return lastValue;
    }

    double[] gradient(double[] point) {
      if (!Arrays.equals(point, lastPoint) || lastGradient == null) {
        evaluate(point, true);
      }
      return lastGradient.clone();
    }

    double[] best(double[] fallback) {
      return bestPoint == null ? fallback : bestPoint.clone();
    }

    private void evaluate(double[] point, boolean withGradient) {
      double[] logs = space.logParameters(point);
      double[] parameters = new double[point.length];
      for (int i = 0; i < point.length; i++) {
        parameters[i] = Math.exp(logs[i]);
      }
      double[] gradient = withGradient ? new double[point.length] : null;
      double logLikelihood = likelihood.evaluate(parameters, gradient);
      double value = Double.isFinite(logLikelihood) ? -logLikelihood / customers : Double.POSITIVE_INFINITY;
      lastPoint = point.clone();
      lastValue = value;
      lastGradient = null;
      if (gradient != null) {
        double[] logGradient = new double[point.length];
        for (int i = 0; i < point.length; i++) {
          logGradient[i] = -gradient[i] * parameters[i] / customers;
        }
        double[][] jacobian = space.jacobian(point);
        lastGradient = new double[point.length];
        for (int k = 0; k < point.length; k++) {
          for (int l = 0; l < point.length; l++) {
            lastGradient[k] += logGradient[l] * jacobian[l][k];
          }
        }
      }
      if (value < bestValue) {
        bestValue = value;
        bestPoint = point.clone();
      }
    }
  }
}
