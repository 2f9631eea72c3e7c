package dev.holdfast.trend;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a trend analysis found in a metric series, and the same findings as plain sentences in English or
 * Russian.
 */
public record TrendReport(
    MetricSeries series, TrendOptions options, Trend trend, Seasonality seasonality, List<Spike> spikes) {
  public TrendReport {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(trend, "trend");
    Objects.requireNonNull(seasonality, "seasonality");
    spikes = List.copyOf(spikes);
  }

  /**
   * The findings as sentences in Russian when {@code locale}'s language is Russian, otherwise in English: the
   * trend over the analysed periods, the seasonal pattern, and the spikes among those periods.
   */
  public List<String> sentences(Locale locale) {
    return new TrendSentences(this, locale).sentences(null);
  }

  /** The findings as sentences, then where the latest value sits in an industry band, naming its source. */
  public List<String> sentences(Locale locale, IndustryBand band) {
    return new TrendSentences(this, locale).sentences(Objects.requireNonNull(band, "band"));
  }

  /** The sentences as one paragraph. */
  public String summary(Locale locale) {
    return String.join(" ", sentences(locale));
  }

  public String summary(Locale locale, IndustryBand band) {
    return String.join(" ", sentences(locale, band));
  }
}
