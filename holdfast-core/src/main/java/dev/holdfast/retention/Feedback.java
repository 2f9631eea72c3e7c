package dev.holdfast.retention;

/**
 * Survey answers in a period and the scores computed from them, with 95 % margins of error.
 *
 * <p>NPS = % promoters (9–10) − % detractors (0–6) on 0–10; its margin of error is
 * 1.96 × √((p + d − (p − d)²) ÷ n) × 100, the standard error of the mean of a +1/0/−1 score.
 * CSAT = % of answers 4–5 on 1–5, margin 1.96 × √(s(1 − s) ÷ n) × 100. CES = mean of a 1–7 effort
 * scale, margin 1.96 × sample standard deviation ÷ √n.
 */
public record Feedback(
    long npsAnswers, long promoters, long detractors, long csatAnswers, long satisfied, long cesAnswers, double cesSum, double cesSumOfSquares) {
  private static final double Z95 = 1.959963984540054;

  public Feedback {
    if (promoters + detractors > npsAnswers || satisfied > csatAnswers || npsAnswers < 0 || csatAnswers < 0 || cesAnswers < 0
        || promoters < 0 || detractors < 0 || satisfied < 0) {
      throw new IllegalArgumentException("inconsistent survey counts: NPS answers=" + npsAnswers + " (promoters=" + promoters
          + ", detractors=" + detractors + "), CSAT answers=" + csatAnswers + " (satisfied=" + satisfied + "), CES answers=" + cesAnswers);
    }
  }

  public static Feedback none() {
    return new Feedback(0, 0, 0, 0, 0, 0, 0, 0);
  }

  public double nps() {
    return npsAnswers == 0 ? Double.NaN : 100.0 * (promoters - detractors) / npsAnswers;
  }

  public double npsMarginOfError() {
    if (npsAnswers == 0) {
      return Double.NaN;
    }
    double p = (double) promoters / npsAnswers;
    double d = (double) detractors / npsAnswers;
    return Z95 * Math.sqrt((p + d - (p - d) * (p - d)) / npsAnswers) * 100;
  }

  public double csat() {
    return csatAnswers == 0 ? Double.NaN : 100.0 * satisfied / csatAnswers;
  }

  public double csatMarginOfError() {
    if (csatAnswers == 0) {
      return Double.NaN;
    }
    double s = (double) satisfied / csatAnswers;
    return Z95 * Math.sqrt(s * (1 - s) / csatAnswers) * 100;
  }

  public double ces() {
    return cesAnswers == 0 ? Double.NaN : cesSum / cesAnswers;
  }

  public double cesMarginOfError() {
    if (cesAnswers < 2) {
      return Double.NaN;
    }
    double mean = cesSum / cesAnswers;
    double variance = Math.max(0, (cesSumOfSquares - cesAnswers * mean * mean) / (cesAnswers - 1));
    return Z95 * Math.sqrt(variance / cesAnswers);
  }
}
