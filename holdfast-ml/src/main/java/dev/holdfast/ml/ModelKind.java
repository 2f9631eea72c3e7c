package dev.holdfast.ml;

import java.util.Locale;

/** The two kinds of churn model; {@link #id()} is what the store's {@code churn_models.kind} column holds. */
public enum ModelKind {
  /** Gradient-boosted trees (XGBoost): the default. */
  XGBOOST,
  /** L2-regularised logistic regression: the baseline. */
  LOGISTIC;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the kind whose {@link #id()} is {@code id}. */
  public static ModelKind of(String id) {
    for (ModelKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new ModelException("unknown model kind \"" + id + "\"; expected xgboost or logistic");
  }
}
