package dev.holdfast.ml;

/**
 * How a model's raw scores become probabilities, learned on held-out predictions.
 *
 * <p>{@link #PLATT} is the default: two parameters (a slope and an intercept on the log-odds) are estimable from a
 * few hundred churners, the map is strictly increasing so the ranking and the AUC are unchanged, and it removes
 * exactly the log-odds shift that {@link ClassWeighting#BALANCED} introduces. {@link #ISOTONIC} can fix any monotone
 * distortion but needs thousands of held-out rows, and its steps tie scores, which can lower the AUC slightly.
 */
public enum CalibrationMethod {
  /** The model's own probabilities, {@code σ(margin)}. */
  NONE,
  /** Platt scaling: {@code σ(a · margin + b)}. */
  PLATT,
  /** Isotonic regression (pool-adjacent-violators) of the label on the margin. */
  ISOTONIC
}
