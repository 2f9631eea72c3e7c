package dev.holdfast.ml;

import java.util.Map;

/** The settings of one kind of churn model, validated when made; they fix the model together with a seed. */
public sealed interface ModelParameters permits XgboostParameters, LogisticParameters {

  ModelKind kind();

  ClassWeighting classWeighting();

  /** Returns every setting by its conventional name (XGBoost's own names for XGBoost), in a stable order. */
  Map<String, String> describe();
}
