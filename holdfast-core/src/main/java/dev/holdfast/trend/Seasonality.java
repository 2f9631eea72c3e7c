package dev.holdfast.trend;

import java.util.List;
import java.util.Objects;

/** Whether some season of the year (or of the week) systematically sits above or below the rest. */
public sealed interface Seasonality {
  /**
   * The tests across seasons of the values less Sen's line over the whole series, and each season's effect.
   *
   * <p>{@code statistic}, {@code degreesOfFreedom} and {@code kruskalWallisPValue} are the Kruskal–Wallis test
   * that the seasons differ at all. With a few years of data it cannot find one season standing out: one month
   * of twelve in four years can add at most about 10 to H on 11 degrees of freedom, however large its effect.
   * So each season is also tested against the rest (see {@link SeasonEffect#pValue()}), and the two answers are
   * joined with a Bonferroni correction: {@code pValue} = min(1, 2 · min(p_KW, min_s p_s)).
   */
  record Tested(
      double statistic,
      int degreesOfFreedom,
      double kruskalWallisPValue,
      double pValue,
      boolean significant,
      List<SeasonEffect> effects)
      implements Seasonality {
    public Tested {
      Objects.requireNonNull(effects, "effects");
      effects = List.copyOf(effects);
      if (!(kruskalWallisPValue >= 0 && kruskalWallisPValue <= 1)) {
        throw new IllegalArgumentException("kruskalWallisPValue must be within [0, 1]: " + kruskalWallisPValue);
      }
      if (!(pValue >= 0 && pValue <= 1)) {
        throw new IllegalArgumentException("pValue must be within [0, 1]: " + pValue);
      }
    }
  }

  /** Some season has fewer than {@code cyclesNeeded} values, e.g. less than two years of a monthly series. */
  record NotEnoughHistory(int periodsPresent, int cyclesNeeded) implements Seasonality {}

  /** Weekly and yearly series have no seasons here. */
  record NotAssessed(PeriodLength length) implements Seasonality {
    public NotAssessed {
      Objects.requireNonNull(length, "length");
    }
  }
}
