package dev.holdfast.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A fitted Kaplan–Meier curve: its table of distinct times, the estimate at any time, the median and the
 * restricted mean survival time.
 *
 * <p>The table has one row per distinct observed time, event or censoring, as an R {@code survfit} object;
 * S is a right-continuous step function that only drops at event times. See {@link KaplanMeier} for the
 * estimator, {@link MedianSurvival} and {@link RestrictedMean} for how those summaries are defined.
 */
public final class SurvivalCurve {
  /** R's {@code survmean} compares with 0.5 within {@code .Machine$double.eps^0.5}. */
  private static final double HALF_TOLERANCE = Math.sqrt(Math.ulp(1.0));

  private final int subjects;
  private final double[] times;
  private final int[] atRisk;
  private final int[] events;
  private final double[] survival;
  private final double[] logError;
  private final double[] lower;
  private final double[] upper;
  private final ConfidenceType confidenceType;
  private final double confidenceLevel;
  private final List<SurvivalStep> steps;

  SurvivalCurve(int subjects, double[] times, int[] atRisk, int[] events, int[] censored, double[] survival,
      double[] logError, double[] lower, double[] upper, ConfidenceType confidenceType,
      double confidenceLevel) {
    this.subjects = subjects;
    this.times = times;
    this.atRisk = atRisk;
    this.events = events;
    this.survival = survival;
    this.logError = logError;
    this.lower = lower;
    this.upper = upper;
    this.confidenceType = confidenceType;
    this.confidenceLevel = confidenceLevel;
    List<SurvivalStep> table = new ArrayList<>(times.length);
    for (int row = 0; row < times.length; row++) {
      table.add(new SurvivalStep(times[row], atRisk[row], events[row], censored[row], survival[row],
          standardError(row), lower[row], upper[row]));
    }
    this.steps = List.copyOf(table);
  }

  /** The table, one row per distinct observed time in ascending order. */
  public List<SurvivalStep> steps() {
    return steps;
  }

  public int subjects() {
    return subjects;
  }

  /** The number of subjects with an observed event. */
  public int events() {
    return Arrays.stream(events).sum();
  }

  /** The largest observed time, event or censoring: the end of follow-up. */
  public double lastObservedTime() {
    return times[times.length - 1];
  }

  public ConfidenceType confidenceType() {
    return confidenceType;
  }

  public double confidenceLevel() {
    return confidenceLevel;
  }

  /**
   * Whether S({@code time}) is known from the data: follow-up reaches {@code time}, or the curve fell to 0 before it.
   * Past the last observed time of a curve that ends censored, {@link #estimateAt(double)} carries the last value
   * (R's {@code extend = TRUE}), which says nothing about that time: a report shows no value there, as R's
   * {@code summary(fit, times = time)} does.
   */
  public boolean known(double time) {
    checkTime("time", time);
    return time <= lastObservedTime() || survival[survival.length - 1] == 0;
  }

  /** S(time), the estimated probability of surviving past {@code time}; see {@link #estimateAt(double)}. */
  public double survivalAt(double time) {
    return estimateAt(time).survival();
  }

  /**
   * The estimate at {@code time} with its standard error and confidence limits, as R's
   * {@code summary(fit, times = time, extend = TRUE)}: past the last observed time the curve keeps its last
   * value and {@link SurvivalEstimate#atRisk()} is 0.
   */
  public SurvivalEstimate estimateAt(double time) {
    checkTime("time", time);
    int row = lastRowAtOrBefore(time);
    if (row < 0) {
      return new SurvivalEstimate(time, subjects, 1, 0, 1, 1);
    }
    int risk;
    if (times[row] == time) {
      risk = atRisk[row];
    } else {
      risk = row + 1 < times.length ? atRisk[row + 1] : 0;
    }
    return new SurvivalEstimate(time, risk, survival[row], standardError(row), lower[row], upper[row]);
  }

  /** The median survival time and its confidence interval, as R's {@code print(survfit(...))}. */
  public MedianSurvival median() {
    return new MedianSurvival(firstAtOrBelowHalf(survival), firstAtOrBelowHalf(lower),
        firstAtOrBelowHalf(upper));
  }

  /** The restricted mean up to the last observed time, as R's {@code print(fit, rmean = "common")}. */
  public RestrictedMean restrictedMean() {
    return restrictedMean(lastObservedTime());
  }

  /**
   * The restricted mean survival time up to {@code tau}, as R's {@code print(fit, rmean = tau)}.
   *
   * <p>Past the last observed time the curve is carried at its last value, as R does. Unlike R's
   * {@code print}, a {@code tau} before the first observed time is allowed: the mean is then {@code tau}.
   */
  public RestrictedMean restrictedMean(double tau) {
    checkTime("tau", tau);
    int kept = lastRowAtOrBefore(tau) + 1;
    double mean = 0;
    double previousTime = 0;
    double previousSurvival = 1;
    double[] rectangle = new double[kept + 1];
    for (int row = 0; row <= kept; row++) {
      double end = row < kept ? times[row] : tau;
      rectangle[row] = (end - previousTime) * previousSurvival;
      mean += rectangle[row];
      previousTime = end;
      if (row < kept) {
        previousSurvival = survival[row];
      }
    }
    double variance = 0;
    double areaAfter = 0;
    for (int row = kept - 1; row >= 0; row--) {
      areaAfter += rectangle[row + 1];
      int survivors = atRisk[row] - events[row];
      if (events[row] > 0 && survivors > 0) {
        variance += areaAfter * areaAfter * events[row] / ((double) atRisk[row] * survivors);
      }
    }
    return new RestrictedMean(tau, mean, Math.sqrt(variance));
  }

  private double standardError(int row) {
    return survival[row] * logError[row];
  }

  private int lastRowAtOrBefore(double time) {
    int found = Arrays.binarySearch(times, time);
    return found >= 0 ? found : -found - 2;
  }

  /** R's {@code minmin}: the first time the curve is at or below one half, with the midpoint rule. */
  private OptionalDouble firstAtOrBelowHalf(double[] curve) {
    for (int row = 0; row < curve.length; row++) {
      if (curve[row] < 0.5 + HALF_TOLERANCE) {
        if (Math.abs(curve[row] - 0.5) < HALF_TOLERANCE) {
          for (int later = row + 1; later < curve.length; later++) {
            if (curve[later] < curve[row]) {
              return OptionalDouble.of((times[row] + times[later]) / 2);
            }
          }
        }
        return OptionalDouble.of(times[row]);
      }
    }
    return OptionalDouble.empty();
  }

  private static void checkTime(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0: " + value);
    }
  }

  @Override
  public String toString() {
    return "SurvivalCurve[subjects=" + subjects + ", events=" + events() + ", times=" + times.length
        + ", confidenceType=" + confidenceType + ", confidenceLevel=" + confidenceLevel + "]";
  }
}
