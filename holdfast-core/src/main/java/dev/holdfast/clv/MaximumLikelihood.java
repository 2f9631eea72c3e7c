package dev.holdfast.clv;

import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Maximum-likelihood estimation of a model whose parameters are all positive, shared by the CLV models.
 *
 * <p>The search runs over {@code φ = log θ} so that it is unconstrained, and minimises the mean negative
 * log-likelihood per customer so that its tolerances do not depend on the number of customers. Hipparchus'
 * Polak–Ribière conjugate gradient with the model's analytic gradient brings it near the maximum, which it
 * approaches slowly along the likelihood's flat ridges; Newton steps on the Hessian, itself central differences of
 * the analytic gradient, then converge to where the next step would be under {@code 1e-6} standard errors. The
 * standard errors come from the inverse of that Hessian (see {@link Estimate}). Large data first get starting values
 * from a sample of their patterns, and the per-pattern sums run in parallel chunks.
 */
final class MaximumLikelihood {
  private static final int MAX_ITERATIONS = 2_000;
  /** Patterns per parallel task when summing the likelihood. */
  static final int CHUNK = 1 << 14;
  /** Patterns in the sample that gives large data its starting values. */
  static final int SAMPLE = 1 << 14;
  /** Relative tolerance of the conjugate-gradient search and its line searches: enough to reach Newton's basin. */
  private static final double SEARCH_TOLERANCE = 1e-4;
  private static final int MAX_NEWTON_STEPS = 50;
  /** Step in log space for the finite-difference Hessian. */
  private static final double HESSIAN_STEP = 1e-4;
  /** Converged when the next Newton step is shorter than 1e-6 standard errors (the bound squared). */
  private static final double CONVERGED = 1e-12;
  /** Also converged when the steps stop shrinking (rounding) and the next one is shorter than 1e-4 standard errors. */
  private static final double ROUNDING = 1e-8;
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

    /** The total weight of the customers. */
    double customers();

    /** The number of patterns {@link #evaluate} sums over. */
    int patterns();

    /** The same likelihood over every {@code stride}-th pattern only. */
    LogLikelihood everyNth(int stride);
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

  /** What the search found: the estimates in the order of the start values. */
  record Result(Estimate[] estimates, double logLikelihood, int iterations, boolean converged) {
  }

  /**
   * Maximises {@code likelihood} from {@code start} (natural scale, all {@code > 0}). With more than
   * {@code 4 × }{@value #SAMPLE} patterns the search first runs on a systematic sample of about {@value #SAMPLE}
   * of them and starts from that estimate, which leaves the full data a few Newton steps.
   */
  static Result maximize(LogLikelihood likelihood, double[] start) {
    if (likelihood.patterns() > 4 * SAMPLE) {
      try {
        Result sampled = maximize(likelihood.everyNth(likelihood.patterns() / SAMPLE), start);
        if (sampled.converged()) {
          start = Arrays.stream(sampled.estimates()).mapToDouble(Estimate::value).toArray();
        }
      } catch (InputException sampleDiverged) {
        // the full data may still identify the model: search it from the original start
      }
    }
    double customers = likelihood.customers();
    Objective objective = new Objective(likelihood, customers);
    double[] point = new double[start.length];
    for (int i = 0; i < start.length; i++) {
      point[i] = Math.log(start[i]);
    }
    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
        NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(SEARCH_TOLERANCE, 1e-12),
        SEARCH_TOLERANCE, SEARCH_TOLERANCE, SEARCH_TOLERANCE);
    try {
      PointValuePair optimum = optimizer.optimize(new MaxEval(100 * MAX_ITERATIONS), new MaxIter(MAX_ITERATIONS),
          new ObjectiveFunction(objective::value), new ObjectiveFunctionGradient(objective::gradient),
          GoalType.MINIMIZE, new InitialGuess(point));
      point = optimum.getPoint();
    } catch (MathIllegalStateException tooManyIterations) {
      // the Newton steps below continue from the best point seen and decide convergence
    }
    point = objective.best(point);
    int iterations = optimizer.getIterations();
    Polished polished = polish(objective, point, customers);
    iterations += polished.steps();
    point = polished.point();
    double logLikelihood = -objective.value(point) * customers;
    Estimate[] estimates = new Estimate[point.length];
    RealMatrix covariance = polished.covariance();
    for (int i = 0; i < point.length; i++) {
      double value = Math.exp(point[i]);
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new InputException("the maximum-likelihood search diverged: " + likelihood.names().get(i) + " went to "
            + (value > 0 ? "infinity" : "zero") + " (log " + point[i] + "), so these data cannot identify the model;"
            + " check that the customers vary in their purchasing, or fit a larger sample");
      }
      double logError = covariance == null ? Double.NaN : Math.sqrt(covariance.getEntry(i, i) / customers);
      estimates[i] = Estimate.fromLogScale(value, logError);
    }
    return new Result(estimates, logLikelihood, iterations, polished.converged());
  }

  private record Polished(double[] point, RealMatrix covariance, int steps, boolean converged) {
  }

  /**
   * Newton steps with step halving until the next step would move the estimates by less than {@code 1e-6} standard
   * errors, or by less than {@code 1e-4} when rounding in the likelihood stops further progress. A Hessian is
   * reused while the steps shrink at least fourfold and recomputed otherwise, and always at the last point, whose
   * Hessian gives the covariance. Where the Hessian is not positive definite the step uses it with a ridge added
   * (Levenberg); the covariance is then null.
   */
  private static Polished polish(Objective objective, double[] start, double customers) {
    double[] point = start.clone();
    double value = objective.value(point);
    Curvature curvature = null;
    double previousDecrement = Double.POSITIVE_INFINITY;
    int steps = 0;
    for (int round = 0; round < 3 * MAX_NEWTON_STEPS; round++) {
      if (curvature == null) {
        curvature = Curvature.at(objective, point);
        if (curvature.factor() == null) {
          return new Polished(point, null, steps, false);
        }
      }
      boolean fresh = Arrays.equals(curvature.point(), point);
      double[] gradient = objective.gradient(point);
      double[] direction = curvature.factor().getSolver().solve(new ArrayRealVector(gradient)).mapMultiply(-1)
          .toArray();
      double slope = dot(gradient, direction);
      // the squared length of the Newton step in standard errors
      double decrement = -slope * customers;
      boolean stalled = decrement > previousDecrement / 4;
      if (decrement <= CONVERGED || (stalled && decrement <= ROUNDING) || steps == MAX_NEWTON_STEPS) {
        if (fresh || steps == MAX_NEWTON_STEPS) {
          return new Polished(point, curvature.covariance(), steps,
              fresh && curvature.exact() && decrement <= ROUNDING);
        }
        curvature = null;
        continue;
      }
      double[] trial = lineSearch(objective, point, value, direction, slope);
      if (trial == null) {
        if (!fresh) {
          curvature = null;
          continue;
        }
        return new Polished(point, curvature.covariance(), steps, curvature.exact() && decrement <= ROUNDING);
      }
      if (stalled) {
        curvature = null;
      }
      previousDecrement = decrement;
      point = trial;
      value = objective.value(point);
      steps++;
    }
    return new Polished(point, null, steps, false);
  }

  /**
   * The longest of the steps {@code direction}, {@code direction/2}, ... that lowers the objective; one that leaves
   * it unchanged within rounding counts when the slope along the direction has shrunk. Null when none does.
   */
  private static double[] lineSearch(Objective objective, double[] point, double value, double[] direction,
      double slope) {
    double[] trial = new double[point.length];
    double length = 1;
    for (int halving = 0; halving < 30; halving++, length /= 2) {
      for (int i = 0; i < point.length; i++) {
        trial[i] = point[i] + length * direction[i];
      }
      double trialValue = objective.value(trial);
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

  private static double dot(double[] left, double[] right) {
    double sum = 0;
    for (int i = 0; i < left.length; i++) {
      sum += left[i] * right[i];
    }
    return sum;
  }

  /**
   * The Hessian of the mean negative log-likelihood at {@code point}, factorised: exactly when it is positive
   * definite (then {@code covariance} is its inverse), otherwise with the smallest ridge that makes it so.
   */
  private record Curvature(double[] point, CholeskyDecomposition factor, boolean exact, RealMatrix covariance) {
    static Curvature at(Objective objective, double[] point) {
      RealMatrix hessian = hessian(objective, point);
      CholeskyDecomposition exact = cholesky(hessian, 0);
      if (exact != null) {
        return new Curvature(point.clone(), exact, true, exact.getSolver().getInverse());
      }
      CholeskyDecomposition ridged = null;
      for (double ridge = 1e-8; ridged == null && ridge < 1e8; ridge *= 10) {
        ridged = cholesky(hessian, ridge);
      }
      return new Curvature(point.clone(), ridged, false, null);
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

  private static RealMatrix hessian(Objective objective, double[] point) {
    int n = point.length;
    double[][] entries = new double[n][n];
    double[] shifted = point.clone();
    for (int j = 0; j < n; j++) {
      shifted[j] = point[j] + HESSIAN_STEP;
      double[] up = objective.gradient(shifted);
      shifted[j] = point[j] - HESSIAN_STEP;
      double[] down = objective.gradient(shifted);
      shifted[j] = point[j];
      for (int i = 0; i < n; i++) {
        entries[i][j] = (up[i] - down[i]) / (2 * HESSIAN_STEP);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = (entries[i][j] + entries[j][i]) / 2;
        entries[i][j] = mean;
        entries[j][i] = mean;
      }
    }
    return new Array2DRowRealMatrix(entries, false);
  }

  /** The mean negative log-likelihood over log parameters, remembering its last point and the best one seen. */
  private static final class Objective {
    private final LogLikelihood likelihood;
    private final double customers;
    private double[] lastPoint;
    private double lastValue;
    private double[] lastGradient;
    private double[] bestPoint;
    private double bestValue = Double.POSITIVE_INFINITY;

    Objective(LogLikelihood likelihood, double customers) {
      this.likelihood = likelihood;
      this.customers = customers;
    }

    double value(double[] point) {
      if (!Arrays.equals(point, lastPoint)) {
        evaluate(point, false);
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
      double[] parameters = new double[point.length];
      for (int i = 0; i < point.length; i++) {
        parameters[i] = Math.exp(point[i]);
      }
      double[] gradient = withGradient ? new double[point.length] : null;
      double logLikelihood = likelihood.evaluate(parameters, gradient);
      double value = Double.isFinite(logLikelihood) ? -logLikelihood / customers : Double.MAX_VALUE;
      lastPoint = point.clone();
      lastValue = value;
      lastGradient = null;
      if (gradient != null) {
        lastGradient = new double[point.length];
        for (int i = 0; i < point.length; i++) {
          lastGradient[i] = -gradient[i] * parameters[i] / customers;
        }
      }
      if (value < bestValue) {
        bestValue = value;
        bestPoint = point.clone();
      }
    }
  }
}
