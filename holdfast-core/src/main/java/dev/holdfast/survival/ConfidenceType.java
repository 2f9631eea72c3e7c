package dev.holdfast.survival;

/**
 * The scale on which a pointwise confidence interval of a survival curve is built, as R's
 * {@code survfit(conf.type = ...)} names them.
 *
 * <p>Each uses {@code σ(t) = sqrt(Σ d/(n(n−d)))}, Greenwood's (1926) standard error of log S(t), and
 * {@code z} the two-sided normal quantile of the confidence level. Where a limit is undefined (S = 0 on
 * any scale, S = 1 on the log-log scale) it is NaN, as R reports NA.
 */
public enum ConfidenceType {
  /** {@code exp(log S ± z σ)}, the upper limit capped at 1: R's default, {@code conf.type = "log"}. */
  LOG {
    @Override
    double lower(double survival, double logError, double z) {
      return survival == 0 ? Double.NaN : Math.exp(Math.log(survival) - z * logError);
    }

    @Override
    double upper(double survival, double logError, double z) {
      return survival == 0 ? Double.NaN : Math.min(Math.exp(Math.log(survival) + z * logError), 1);
    }
  },

  /** {@code S^exp(±z σ / log S)}, i.e. {@code exp(−exp(log(−log S) ∓ z σ / log S))}: {@code "log-log"}. */
  LOG_LOG {
    @Override
    double lower(double survival, double logError, double z) {
      if (survival == 0 || survival == 1) {
        return Double.NaN;
      }
      return Math.exp(-Math.exp(Math.log(-Math.log(survival)) - z * logError / Math.log(survival)));
    }

    @Override
    double upper(double survival, double logError, double z) {
      if (survival == 0 || survival == 1) {
        return Double.NaN;
      }
      return Math.exp(-Math.exp(Math.log(-Math.log(survival)) + z * logError / Math.log(survival)));
    }
  },

  /** {@code S ± z S σ}, clipped to [0, 1]: {@code "plain"}. */
  PLAIN {
    @Override
    double lower(double survival, double logError, double z) {
      return Math.max(survival - z * logError * survival, 0);
    }

    @Override
    double upper(double survival, double logError, double z) {
      return Math.min(survival + z * logError * survival, 1);
    }
  };

  /** The lower limit for survival {@code survival} whose log has standard error {@code logError}. */
  abstract double lower(double survival, double logError, double z);

  /** The upper limit for survival {@code survival} whose log has standard error {@code logError}. */
  abstract double upper(double survival, double logError, double z);
}
