package dev.holdfast.ml;

/**
 * How training weighs churners against the customers who stayed.
 *
 * <p>The default is {@link #NONE}: the at-risk list needs probabilities (revenue at risk is probability × MRR), and
 * unweighted log-loss is a proper scoring rule whose optimum is the true probability, whereas weighting churners up
 * inflates every probability. Both models rank well at churn rates of a few per cent without weighting. {@link
 * #BALANCED} gives each churner the weight {@code stayed / churned} (XGBoost's {@code scale_pos_weight}), which can
 * help trees find rare churners in small data; the predicted probabilities are then too high and only calibration
 * (see {@link CalibrationMethod}) brings them back, so never use it with {@link CalibrationMethod#NONE}.
 */
public enum ClassWeighting {
  NONE,
  BALANCED
}
