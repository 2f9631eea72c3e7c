package dev.holdfast.ml;

/** The logistic function and its relatives, computed without overflow for any finite argument. */
final class LogOdds {
  private LogOdds() {}

  /** {@code 1 / (1 + e^-z)}, computed without overflow. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** {@code log(1 + e^z)}, computed without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  /** {@code log(p / (1 - p))}. */
  static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
