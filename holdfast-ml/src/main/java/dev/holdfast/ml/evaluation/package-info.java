/**
 * How good a churn model is: {@link dev.holdfast.ml.evaluation.Metrics} (AUC, average precision, Brier score,
 * log-loss, lift and capture), {@link dev.holdfast.ml.evaluation.CalibrationTable}, the
 * {@link dev.holdfast.ml.evaluation.Evaluation} of one held-out set, and the
 * {@link dev.holdfast.ml.evaluation.Validation} designs (stratified K-fold, time-ordered) with their
 * {@link dev.holdfast.ml.evaluation.ValidationReport}.
 */
package dev.holdfast.ml.evaluation;
