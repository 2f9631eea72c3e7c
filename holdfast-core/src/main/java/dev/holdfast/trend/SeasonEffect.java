package dev.holdfast.trend;

/**
 * How far one season (calendar month 1–12, quarter 1–4 or ISO day of week 1–7) sits from the average season,
 * in the metric's unit, once Sen's line is taken off, and how sure that it differs from the other seasons.
 *
 * <p>{@code meanDeviation} = mean of the season's residuals − mean of all seasons' means (what sentences report);
 * {@code medianDeviation} is the same with medians, the typical effect taken off the values before the trend
 * test, which one wild value cannot move. {@code pValue} is the two-sided rank-sum test of this season's
 * residuals against all other seasons', Bonferroni-adjusted for the k seasons tested: min(1, k · p).
 */
public record SeasonEffect(int season, int observations, double meanDeviation, double medianDeviation, double pValue) {
  public SeasonEffect {
    if (season < 1 || season > 12) {
      throw new IllegalArgumentException("season must be within 1..12: " + season);
    }
    if (observations < 1) {
      throw new IllegalArgumentException("observations must be positive: " + observations);
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be within [0, 1]: " + pValue);
    }
  }
}
