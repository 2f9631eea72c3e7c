package dev.holdfast.ml;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of an L2-regularised logistic regression.
 *
 * <p>The fit minimises {@code -Σ w_i log-likelihood_i + (l2 / 2) Σ β_j²} over the standardised design (the intercept
 * is not penalised) by Newton's method; {@code l2 = 1} is the penalty of scikit-learn's default {@code C = 1}.
 *
 * @param l2 the penalty, {@code λ > 0} (a positive penalty keeps the full one-hot coding identifiable)
 * @param classWeighting how churners are weighed
 * @param maxIterations the most Newton steps before giving up
 */
public record LogisticParameters(double l2, ClassWeighting classWeighting, int maxIterations)
    implements ModelParameters {

  public LogisticParameters {
    if (!(l2 > 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be positive and finite: " + l2);
    }
    if (classWeighting == null) {
      throw new IllegalArgumentException("classWeighting cannot be null");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1: " + maxIterations);
    }
  }

  public static LogisticParameters defaults() {
    return new LogisticParameters(1.0, ClassWeighting.NONE, 100);
  }

  public LogisticParameters withL2(double penalty) {
    return new LogisticParameters(penalty, classWeighting, maxIterations);
  }

  public LogisticParameters withClassWeighting(ClassWeighting weighting) {
    return new LogisticParameters(l2, weighting, maxIterations);
  }

  @Override
  public ModelKind kind() {
    return ModelKind.LOGISTIC;
  }

  @Override
  public Map<String, String> describe() {
    var settings = new LinkedHashMap<String, String>();
    settings.put("penalty", "l2");
    settings.put("l2", Double.toString(l2));
    settings.put("class_weighting", classWeighting.name().toLowerCase(Locale.ROOT));
    settings.put("max_iterations", Integer.toString(maxIterations));
    return settings;
  }

  static LogisticParameters fromDescription(Map<String, String> settings) {
    return new LogisticParameters(
        Double.parseDouble(XgboostParameters.setting(settings, "l2")),
        ClassWeighting.valueOf(XgboostParameters.setting(settings, "class_weighting").toUpperCase(Locale.ROOT)),
        Integer.parseInt(XgboostParameters.setting(settings, "max_iterations")));
  }
}
