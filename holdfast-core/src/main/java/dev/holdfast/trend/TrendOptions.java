package dev.holdfast.trend;

/**
 * The knobs of a trend analysis: the significance level of the tests, the confidence level of the slope's
 * interval, how many of the latest periods the trend covers, and when a period counts as a spike.
 *
 * <p>A period is a spike when its robust z-score against its {@code spikeNeighbours} nearest periods exceeds
 * {@code spikeThreshold} in absolute value; 3.5 is the cut-off of Iglewicz and Hoaglin (1993).
 */
public record TrendOptions(
    double significanceLevel, double confidenceLevel, int trendPeriods, double spikeThreshold, int spikeNeighbours) {
  /** Fewer values than this give no trend test: with 4 values even a perfect trend has p &gt; 0.05. */
  static final int MIN_TREND_VALUES = 5;
  /** Fewer neighbours than this give a spike score too unstable to report. */
  static final int MIN_SPIKE_NEIGHBOURS = 6;

  public TrendOptions {
    if (!(significanceLevel > 0 && significanceLevel < 1)) {
      throw new IllegalArgumentException("significanceLevel must be within (0, 1): " + significanceLevel);
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidenceLevel must be within (0, 1): " + confidenceLevel);
    }
    if (trendPeriods < MIN_TREND_VALUES) {
      throw new IllegalArgumentException("trendPeriods must be at least " + MIN_TREND_VALUES + ": " + trendPeriods);
    }
    if (!(spikeThreshold > 0) || Double.isInfinite(spikeThreshold)) {
      throw new IllegalArgumentException("spikeThreshold must be a positive number: " + spikeThreshold);
    }
    if (spikeNeighbours < MIN_SPIKE_NEIGHBOURS) {
      throw new IllegalArgumentException("spikeNeighbours must be at least " + MIN_SPIKE_NEIGHBOURS + ": " + spikeNeighbours);
    }
  }

  /** p &lt; 0.05, 95 % interval, the trend over the whole series, spikes beyond 3.5 against 24 neighbours. */
  public static TrendOptions defaults() {
    return new TrendOptions(0.05, 0.95, Integer.MAX_VALUE, 3.5, 24);
  }

  /** These options with the trend over only the latest {@code periods} periods. */
  public TrendOptions withTrendPeriods(int periods) {
    return new TrendOptions(significanceLevel, confidenceLevel, periods, spikeThreshold, spikeNeighbours);
  }

  public TrendOptions withSpikeThreshold(double threshold) {
    return new TrendOptions(significanceLevel, confidenceLevel, trendPeriods, threshold, spikeNeighbours);
  }

  public TrendOptions withSignificanceLevel(double level) {
    return new TrendOptions(level, confidenceLevel, trendPeriods, spikeThreshold, spikeNeighbours);
  }
}
