package dev.holdfast.model;

import java.util.Locale;

/** Whether the customer chose to leave or was lost to a failed payment. */
public enum ChurnType {
  VOLUNTARY,
  INVOLUNTARY;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
