package dev.holdfast.trend;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * Turns a {@link TrendReport} into sentences from the {@code trends} bundles, English or Russian.
 *
 * <p>Bundle patterns get their numbers already formatted (text arguments), so a pattern decides only the words.
 * Counts of periods pick the plural form {@code one}, {@code few} or {@code many} by the CLDR rules (Russian:
 * one for n mod 10 = 1 except 11; few for n mod 10 in 2–4 except 12–14; many otherwise; English: one for 1).
 * p-values are shown with two significant digits, and as "p &lt; 0.001" below that. A spike whose deviation
 * rounds to zero at the metric's decimals is left out: "+0.0 points" tells a reader nothing.
 */
final class TrendSentences {
  private static final String BUNDLE = "dev.holdfast.trend.trends";
  private static final Locale RUSSIAN = Locale.forLanguageTag("ru");
  private static final String MINUS = "\u2212";

  private final TrendReport report;
  private final MetricSeries series;
  private final Metric metric;
  private final Locale locale;
  private final ResourceBundle bundle;

  TrendSentences(TrendReport report, Locale requested) {
    boolean russian = requested.getLanguage().equals(RUSSIAN.getLanguage());
    this.report = report;
    this.series = report.series();
    this.metric = series.metric();
    this.locale = russian ? RUSSIAN : Locale.ENGLISH;
    this.bundle = ResourceBundle.getBundle(BUNDLE, russian ? RUSSIAN : Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  List<String> sentences(IndustryBand band) {
    List<String> sentences = new ArrayList<>();
    sentences.add(trend());
    String seasonality = seasonality();
    if (seasonality != null) {
      sentences.add(seasonality);
    }
    String spikes = spikes();
    if (spikes != null) {
      sentences.add(spikes);
    }
    if (band != null) {
      sentences.add(band(band));
    }
    return sentences.stream().map(this::capitalized).collect(Collectors.toUnmodifiableList());
  }

  private String trend() {
    Trend trend = report.trend();
    if (trend instanceof Trend.Tested tested) {
      String window = count(tested.periods());
      String note = pValue(tested.test().pValue());
      if (tested.significant()) {
        note = format("trend.significant", note);
      }
      if (tested.seasonallyAdjusted()) {
        note = format("trend.adjusted", note);
      }
      if (!tested.significant()) {
        return format("trend.flat", metric.name(), window, note);
      }
      String key = tested.test().s() > 0 ? "trend.up" : "trend.down";
      return format(key, metric.name(), value(tested.startLevel()), value(tested.endLevel()), window, note);
    }
    Trend.NotEnoughHistory missing = (Trend.NotEnoughHistory) trend;
    return format("trend.short", metric.name(), integer(missing.valuesNeeded()), integer(missing.valuesPresent()));
  }

  private String seasonality() {
    Seasonality seasonality = report.seasonality();
    PeriodLength length = series.length();
    if (seasonality instanceof Seasonality.Tested tested) {
      String p = pValue(tested.pValue());
      if (!tested.significant()) {
        return format("season.none", text("season.by." + length), p);
      }
      List<SeasonEffect> named = tested.effects().stream()
          .filter(effect -> effect.pValue() < report.options().significanceLevel())
          .sorted(Comparator.comparingDouble((SeasonEffect effect) -> Math.abs(effect.meanDeviation())).reversed())
          .limit(2)
          .collect(Collectors.toList());
      if (named.isEmpty()) {
        Comparator<SeasonEffect> byDeviation = Comparator.comparingDouble(SeasonEffect::meanDeviation);
        named = List.of(tested.effects().stream().max(byDeviation).orElseThrow(), tested.effects().stream().min(byDeviation).orElseThrow());
      }
      SeasonEffect first = named.get(0);
      if (named.size() == 1) {
        return format("season.one", season(first.season()), delta(Math.abs(first.meanDeviation()), false), side(first), p);
      }
      SeasonEffect second = named.get(1);
      return format("season.two", season(first.season()), delta(Math.abs(first.meanDeviation()), false), side(first),
          season(second.season()), delta(Math.abs(second.meanDeviation()), false), side(second), p);
    }
    if (seasonality instanceof Seasonality.NotEnoughHistory missing) {
      return format("season.short", text("season.cycles." + length), count(missing.periodsPresent()));
    }
    return length == PeriodLength.WEEK ? text("season.not_assessed") : null;
  }

  private String side(SeasonEffect effect) {
    return text(effect.meanDeviation() >= 0 ? "season.above" : "season.below");
  }

  private String spikes() {
    int periods = Math.min(report.options().trendPeriods(), series.size());
    LocalDate windowStart = series.periodStart(series.size() - periods);
    List<Spike> recent = report.spikes().stream()
        .filter(spike -> !spike.period().isBefore(windowStart) && rounded(spike.deviation()).signum() != 0)
        .collect(Collectors.toList());
    if (recent.isEmpty()) {
      return null;
    }
    if (recent.size() == 1) {
      Spike spike = recent.get(0);
      return format(spike.deviation() > 0 ? "spike.up" : "spike.down", period(spike.period(), true), delta(spike.deviation(), true));
    }
    String items = recent.stream()
        .map(spike -> format("spikes.item", period(spike.period(), false), delta(spike.deviation(), true)))
        .collect(Collectors.joining(", "));
    return format("spikes", items);
  }

  private String band(IndustryBand band) {
    double[] values = series.values();
    double latest = Double.NaN;
    for (int i = values.length - 1; Double.isNaN(latest); i--) {
      latest = values[i];
    }
    BigDecimal shown = rounded(latest);
    String key = shown.compareTo(rounded(band.high())) > 0 ? "band.above"
        : shown.compareTo(rounded(band.low())) < 0 ? "band.below" : "band.within";
    String range = format("range." + metric.unit(), number(band.low(), false), number(band.high(), false));
    return format(key, value(latest), band.metricName(), range, band.source());
  }

  /** A period as a sentence's subject ({@code when}: "in March 2025" where the language needs a preposition). */
  private String period(LocalDate start, boolean when) {
    PeriodLength length = series.length();
    String key = "period." + length + (when ? ".when" : "");
    String year = Integer.toString(start.getYear());
    return switch (length) {
      case DAY, WEEK -> format(key, DateTimeFormatter.ofPattern(text("date.pattern"), locale).format(start));
      case MONTH -> format(key, text((when ? "month.in." : "month.") + start.getMonthValue()), year);
      case QUARTER -> format(key, text((when ? "quarter.in." : "quarter.") + length.season(start)), year);
      case YEAR -> format(key, year);
    };
  }

  private String season(int season) {
    return switch (series.length()) {
      case MONTH -> text("month.in." + season);
      case QUARTER -> text("quarter.in." + season);
      case DAY -> text("weekday.in." + season);
      case WEEK, YEAR -> throw new IllegalStateException(series.length() + " series have no seasons");
    };
  }

  private String count(int periods) {
    return format("count." + series.length() + "." + pluralForm(periods), integer(periods));
  }

  private String pluralForm(long n) {
    if (locale.equals(RUSSIAN)) {
      long lastDigit = n % 10;
      long lastTwo = n % 100;
      if (lastDigit == 1 && lastTwo != 11) {
        return "one";
      }
      return lastDigit >= 2 && lastDigit <= 4 && (lastTwo < 12 || lastTwo > 14) ? "few" : "many";
    }
    return n == 1 ? "one" : "many";
  }

  private String pValue(double p) {
    if (p < 0.001) {
      return format("p.below", decimal(new BigDecimal("0.001")));
    }
    return format("p.equal", decimal(new BigDecimal(p).round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros()));
  }

  private String value(double value) {
    return format("value." + metric.unit(), number(value, false));
  }

  private String delta(double value, boolean signed) {
    return format("delta." + metric.unit(), number(value, signed));
  }

  private String number(double value, boolean signed) {
    DecimalFormat format = new DecimalFormat(
        "#,##0" + (metric.decimals() > 0 ? "." + "0".repeat(metric.decimals()) : ""), DecimalFormatSymbols.getInstance(locale));
    format.setNegativePrefix(MINUS);
    if (signed) {
      format.setPositivePrefix("+");
    }
    return format.format(rounded(value));
  }

  private BigDecimal rounded(double value) {
    return BigDecimal.valueOf(value).setScale(metric.decimals(), RoundingMode.HALF_UP);
  }

  private String decimal(BigDecimal value) {
    int scale = Math.max(0, value.scale());
    DecimalFormat format = new DecimalFormat(scale > 0 ? "0." + "0".repeat(scale) : "0", DecimalFormatSymbols.getInstance(locale));
    return format.format(value);
  }

  private String integer(long value) {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(locale)).format(value);
  }

  private String format(String key, Object... arguments) {
    return new MessageFormat(text(key), locale).format(arguments);
  }

  private String text(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no text for key " + key + " in " + BUNDLE + " (" + locale + ")", e);
    }
  }

  private String capitalized(String sentence) {
    return sentence.isEmpty() ? sentence : sentence.substring(0, 1).toUpperCase(locale) + sentence.substring(1);
  }
}
