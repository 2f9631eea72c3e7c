package dev.holdfast.ml;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealVector;

/**
 * Weighted L2-penalised logistic regression fitted by Newton's method (iteratively reweighted least squares) with a
 * backtracking line search.
 *
 * <p>Minimises {@code Σ w_i [log(1 + e^η_i) − y_i η_i] + (λ/2) Σ_j β_j²} with {@code η_i = β₀ + x_i·β}; the
 * intercept is not penalised. The objective is strictly convex for {@code λ > 0}, so Newton's method converges to
 * its unique minimum; the line search only guards the first steps. It stops when a full step moves no coefficient by
 * more than {@code 1e-9}.
 */
final class LogisticRegression {
  private static final double STEP_TOLERANCE = 1e-9;
  /** A predicted decrease below this fraction of the objective is lost in its rounding. */
  private static final double UNMEASURABLE = 1e-11;

  private LogisticRegression() {}

  /** The fitted intercept and coefficients, and the Newton steps it took. */
  record Fit(double intercept, double[] coefficients, int iterations) {}

  /**
   * Fits the model.
   *
   * @param design row-major, {@code rows × width}
   * @param weights one per row, or {@code null} for all 1
   */
  static Fit fit(double[] design, int rows, int width, int[] labels, double[] weights, double l2, int maxIterations) {
    int size = width + 1;
    double[] theta = new double[size];
    double totalWeight = 0;
    double positiveWeight = 0;
    for (int row = 0; row < rows; row++) {
      double weight = weights == null ? 1 : weights[row];
      totalWeight += weight;
      positiveWeight += weight * labels[row];
    }
    theta[0] = LogOdds.logit(positiveWeight / totalWeight);
    double objective = objective(design, rows, width, labels, weights, l2, theta);
    double lastStep = Double.NaN;
    for (int iteration = 1; iteration <= maxIterations; iteration++) {
      double[] gradient = new double[size];
      double[][] hessian = new double[size][size];
      double[] x = new double[size];
      x[0] = 1;
      for (int row = 0; row < rows; row++) {
        System.arraycopy(design, row * width, x, 1, width);
        double eta = 0;
        for (int j = 0; j < size; j++) {
          eta += theta[j] * x[j];
        }
        double p = LogOdds.sigmoid(eta);
        double weight = weights == null ? 1 : weights[row];
        double residual = weight * (p - labels[row]);
        double curvature = weight * p * (1 - p);
        for (int j = 0; j < size; j++) {
          double xj = x[j];
          if (xj == 0) {
            continue;
          }
          gradient[j] += residual * xj;
          double scaled = curvature * xj;
          double[] hessianRow = hessian[j];
          for (int k = j; k < size; k++) {
            hessianRow[k] += scaled * x[k];
          }
        }
      }
      for (int j = 1; j < size; j++) {
        gradient[j] += l2 * theta[j];
        hessian[j][j] += l2;
      }
      for (int j = 0; j < size; j++) {
        for (int k = 0; k < j; k++) {
          hessian[j][k] = hessian[k][j];
        }
      }
      double[] step = solve(hessian, gradient);
      double slope = 0;
      for (int j = 0; j < size; j++) {
        slope += gradient[j] * step[j];
      }
      double t = 1;
      double[] candidate = new double[size];
      double next;
      while (true) {
        for (int j = 0; j < size; j++) {
          candidate[j] = theta[j] - t * step[j];
        }
        next = objective(design, rows, width, labels, weights, l2, candidate);
        // Near the minimum the predicted decrease is below the objective's rounding: take the full Newton step.
        boolean unmeasurable = slope < UNMEASURABLE * Math.max(1, Math.abs(objective));
        if (unmeasurable || next <= objective - 1e-4 * t * slope || t < 1e-12) {
          break;
        }
        t /= 2;
      }
      theta = candidate;
      objective = next;
      lastStep = 0;
      for (int j = 0; j < size; j++) {
        lastStep = Math.max(lastStep, Math.abs(step[j]));
      }
      if (lastStep < STEP_TOLERANCE) {
        double[] coefficients = new double[width];
        System.arraycopy(theta, 1, coefficients, 0, width);
        return new Fit(theta[0], coefficients, iteration);
      }
    }
    throw new ModelException("the logistic regression did not converge in " + maxIterations + " Newton steps (the"
        + " last moved a coefficient by " + lastStep + "); raise the l2 penalty or maxIterations");
  }

  private static double objective(double[] design, int rows, int width, int[] labels, double[] weights, double l2,
      double[] theta) {
    double sum = 0;
    for (int row = 0; row < rows; row++) {
      double eta = theta[0];
      int offset = row * width;
      for (int j = 0; j < width; j++) {
        eta += theta[j + 1] * design[offset + j];
      }
      double weight = weights == null ? 1 : weights[row];
      sum += weight * (LogOdds.softplus(eta) - labels[row] * eta);
    }
    double penalty = 0;
    for (int j = 1; j < theta.length; j++) {
      penalty += theta[j] * theta[j];
    }
    return sum + l2 / 2 * penalty;
  }

  private static double[] solve(double[][] hessian, double[] gradient) {
    try {
      RealVector solution = new CholeskyDecomposition(new Array2DRowRealMatrix(hessian, false), 1e-12, 1e-14)
          .getSolver().solve(new ArrayRealVector(gradient, false));
      return solution.toArray();
    } catch (MathIllegalArgumentException e) {
      throw new ModelException("the logistic regression's Hessian is not positive definite (" + e.getMessage()
          + "); the training rows may be too few or all alike", e);
    }
  }
}
