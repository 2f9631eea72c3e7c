package dev.holdfast.ml;

import dev.holdfast.HoldfastException;

/** A churn model cannot be trained, applied, saved or loaded; the message says why and what to change. */
public final class ModelException extends HoldfastException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
