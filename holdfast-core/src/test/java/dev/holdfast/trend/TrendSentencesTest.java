package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TrendSentencesTest {
  private static final Locale RUSSIAN = Locale.forLanguageTag("ru");
  private static final IndustryBand CHURN_BAND = new IndustryBand("B2B SaaS monthly churn", 3, 5, "Recurly 2024");

  @Test
  void bundles_haveExactlyTheSameKeys() throws IOException {
    Properties english = load("trends.properties");
    Properties russian = load("trends_ru.properties");

    assertThat(russian.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
  }

  @Test
  void bundles_holdPatternsThatParse() throws IOException {
    for (String bundle : new String[] {"trends.properties", "trends_ru.properties"}) {
      Properties properties = load(bundle);
      for (String key : properties.stringPropertyNames()) {
        String pattern = properties.getProperty(key);
        if (key.equals("date.pattern")) {
          assertThatCode(() -> DateTimeFormatter.ofPattern(pattern)).as(bundle + " " + key).doesNotThrowAnyException();
        } else {
          assertThatCode(() -> new MessageFormat(pattern)).as(bundle + " " + key).doesNotThrowAnyException();
        }
      }
    }
  }

  @Test
  void summary_ofARisingSeriesWithASpike_inEnglishAndRussian() {
    TrendReport report = TrendAnalysis.analyze(
        new MetricSeries(new Metric("monthly churn", MetricUnit.PERCENT), PeriodLength.MONTH, LocalDate.of(2024, 1, 1), ReferenceSeries.SPIKED),
        TrendOptions.defaults().withTrendPeriods(6));

    assertThat(report.summary(Locale.ENGLISH, CHURN_BAND)).isEqualTo(
        "Monthly churn: up from 4.9 % to 6.7 % along the trend line over the last 6 months (significant, p = 0.024)."
            + " Not enough history to judge seasonality: it needs at least two full years, the series has 15 months of data."
            + " February 2025 was a spike (+3.0 points)."
            + " The latest value, 6.3 %, is above the industry range for B2B SaaS monthly churn (3.0–5.0 %; source: Recurly 2024).");
    assertThat(report.summary(RUSSIAN, CHURN_BAND)).isEqualTo(
        "Monthly churn: рост по линии тренда с 4,9 % до 6,7 % за последние 6 месяцев (значимо, p = 0,024)."
            + " Для оценки сезонности мало истории: нужны хотя бы два полных года, а в ряду данные за 15 месяцев."
            + " В феврале 2025 г. был всплеск (+3,0 п. п.)."
            + " Последнее значение, 6,3 %, выше отраслевого диапазона «B2B SaaS monthly churn» (3,0–5,0 %; источник: Recurly 2024).");
  }

  @Test
  void summary_ofAScore_showsItsValuesWithoutAPercentSign() {
    // the same shape on NPS's scale (five times the churn series): values and changes are the score's own, not percentages
    double[] nps = java.util.Arrays.stream(ReferenceSeries.SPIKED).map(value -> 5 * value).toArray();
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(new Metric("NPS", MetricUnit.SCORE, 1), PeriodLength.MONTH, LocalDate.of(2024, 1, 1), nps),
        TrendOptions.defaults().withTrendPeriods(6));
    IndustryBand band = new IndustryBand("B2B SaaS NPS", 10, 30, "Survey 2025");

    String english = report.summary(Locale.ENGLISH, band);
    assertThat(english).startsWith("NPS: up from 2").contains("(significant, p = 0.024)", "February 2025 was a spike (+15.0).",
        "The latest value, 31.5, is above the industry range for B2B SaaS NPS (10.0 to 30.0; source: Survey 2025).").doesNotContain("%", "points");
    assertThat(report.summary(RUSSIAN, band)).contains("(+15,0)", "Последнее значение, 31,5, выше отраслевого диапазона «B2B SaaS NPS» (от 10,0 до 30,0;")
        .doesNotContain("%", "п. п.");
  }

  @Test
  void summary_ofASeasonalSeries_namesTheSeasonThatDiffers() {
    MetricSeries english = new MetricSeries(new Metric("monthly churn", MetricUnit.PERCENT), PeriodLength.MONTH, LocalDate.of(2022, 1, 1), ReferenceSeries.SEASONAL);
    MetricSeries russian = new MetricSeries(new Metric("ежемесячный отток", MetricUnit.PERCENT), PeriodLength.MONTH, LocalDate.of(2022, 1, 1), ReferenceSeries.SEASONAL);

    assertThat(TrendAnalysis.analyze(english).summary(Locale.ENGLISH)).isEqualTo(
        "Monthly churn: up from 4.1 % to 4.8 % along the trend line over the last 36 months (significant, p < 0.001, seasonally adjusted)."
            + " December is seasonally 1.7 points above average (p = 0.0067).");
    assertThat(TrendAnalysis.analyze(russian).summary(RUSSIAN)).isEqualTo(
        "Ежемесячный отток: рост по линии тренда с 4,1 % до 4,8 % за последние 36 месяцев (значимо, p < 0,001, с поправкой на сезонность)."
            + " В декабре показатель сезонно на 1,7 п. п. выше среднего (p = 0,0067).");
  }

  @Test
  void summary_ofATooShortSeries_saysWhatIsMissing() {
    TrendReport report = TrendAnalysis.analyze(
        new MetricSeries(new Metric("NPS", MetricUnit.COUNT), PeriodLength.QUARTER, LocalDate.of(2024, 1, 1), new double[] {31, 35, 34}));

    assertThat(report.summary(Locale.ENGLISH)).isEqualTo(
        "Not enough history to judge a trend in NPS: at least 5 values are needed, there are 3."
            + " Not enough history to judge seasonality: it needs at least two full years, the series has 3 quarters of data.");
    assertThat(report.summary(RUSSIAN)).isEqualTo(
        "NPS: для оценки тренда мало истории — нужно не меньше 5 значений, а есть 3."
            + " Для оценки сезонности мало истории: нужны хотя бы два полных года, а в ряду данные за 3 квартала.");
  }

  @Test
  void summary_ofAnAmount_groupsDigitsForTheLanguage() {
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(
        new Metric("MRR", MetricUnit.AMOUNT), PeriodLength.WEEK, LocalDate.of(2025, 1, 6), new double[] {12000, 12100, 11900, 12200, Double.NaN, 12150}));
    IndustryBand plan = new IndustryBand("MRR", 10000, 20000, "the 2025 plan");

    assertThat(report.summary(Locale.ENGLISH, plan)).isEqualTo(
        "MRR: no significant trend over the last 6 weeks (p = 0.46). Seasonality is not assessed for weekly data."
            + " The latest value, 12,150, is within the industry range for MRR (10,000–20,000; source: the 2025 plan).");
    assertThat(report.summary(RUSSIAN, plan)).isEqualTo(
        "MRR: значимого тренда за последние 6 недель нет (p = 0,46). Для недельных данных сезонность не оценивается."
            + " Последнее значение, 12\u00a0150, в пределах отраслевого диапазона «MRR» (10\u00a0000–20\u00a0000; источник: the 2025 plan).");
  }

  @Test
  void spikes_nameTheirPeriod_forEveryPeriodLength() {
    double[] spike = {10, 11, 10, 12, 11, 10, 11, 12, 10, 20, 11, 10};
    double[] dip = {10, 11, 10, 12, 11, 10, 11, 12, 10, 2, 11, 10};

    assertSpikeSentence(PeriodLength.DAY, LocalDate.of(2025, 3, 1), spike,
        "March 10, 2025 was a spike (+9).", "10 марта 2025 г. был всплеск (+9).");
    assertSpikeSentence(PeriodLength.WEEK, LocalDate.of(2025, 1, 6), dip,
        "The week of March 10, 2025 was a dip (−9).", "На неделе с 10 марта 2025 г. был провал (−9).");
    assertSpikeSentence(PeriodLength.QUARTER, LocalDate.of(2022, 1, 1), spike,
        "Q2 2024 was a spike (+9).", "Во II квартале 2024 г. был всплеск (+9).");
    assertSpikeSentence(PeriodLength.YEAR, LocalDate.of(2015, 1, 1), dip,
        "2024 was a dip (−9).", "В 2024 г. был провал (−9).");
  }

  @Test
  void spikes_areListed_whenThereAreSeveral() {
    double[] values = {10, 11, 10, 12, 11, 10, 11, 12, 10, 20, 11, 10, 1, 11, 10, 12, 11, 10, 11, 12, 10, 11, 11, 10};
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(new Metric("signups", MetricUnit.COUNT), PeriodLength.MONTH, LocalDate.of(2023, 1, 1), values));

    assertThat(report.sentences(Locale.ENGLISH)).last().isEqualTo("Unusual periods: October 2023 (+9), January 2024 (−10).");
    assertThat(report.sentences(RUSSIAN)).last().isEqualTo("Необычные периоды: октябрь 2023 г. (+9), январь 2024 г. (−10).");
  }

  @Test
  void spikes_thatRoundToZero_areNotMentioned() {
    double[] values = {10, 10.01, 10, 10.01, 10, 10.01, 10, 10.01, 10, 10.3, 10, 10.01};
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(new Metric("signups", MetricUnit.COUNT), PeriodLength.WEEK, LocalDate.of(2025, 1, 6), values));

    assertThat(report.spikes()).extracting(Spike::period).containsExactly(LocalDate.of(2025, 3, 10));
    assertThat(report.sentences(Locale.ENGLISH)).noneMatch(sentence -> sentence.contains("spike"));
  }

  @Test
  void periodCounts_takeTheRussianPluralForms() {
    double[] alternating = new double[30];
    for (int i = 0; i < alternating.length; i++) {
      alternating[i] = i % 2 == 0 ? 1 : 2;
    }

    assertThat(firstSentence(PeriodLength.YEAR, alternating, 21, RUSSIAN)).isEqualTo("X: значимого тренда за последние 21 год нет (p = 1).");
    assertThat(firstSentence(PeriodLength.YEAR, alternating, 22, RUSSIAN)).isEqualTo("X: значимого тренда за последние 22 года нет (p = 0,74).");
    assertThat(firstSentence(PeriodLength.YEAR, alternating, 25, RUSSIAN)).isEqualTo("X: значимого тренда за последние 25 лет нет (p = 1).");
    assertThat(firstSentence(PeriodLength.YEAR, alternating, 11, RUSSIAN)).isEqualTo("X: значимого тренда за последние 11 лет нет (p = 1).");
    assertThat(firstSentence(PeriodLength.WEEK, alternating, 21, RUSSIAN)).isEqualTo("X: значимого тренда за последние 21 неделю нет (p = 1).");
    assertThat(firstSentence(PeriodLength.DAY, alternating, 22, RUSSIAN)).isEqualTo("X: значимого тренда за последние 22 дня нет (p = 0,74).");
    assertThat(firstSentence(PeriodLength.YEAR, alternating, 21, Locale.ENGLISH)).isEqualTo("X: no significant trend over the last 21 years (p = 1).");
  }

  @Test
  void sentences_areEnglish_forLanguagesWithoutABundle() {
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(
        new Metric("NPS", MetricUnit.COUNT), PeriodLength.QUARTER, LocalDate.of(2024, 1, 1), new double[] {31, 35, 34}));

    assertThat(report.summary(Locale.GERMAN)).isEqualTo(report.summary(Locale.ENGLISH));
  }

  @Test
  void band_comparesTheValueAsShown() {
    double[] values = {4.0, 4.1, 4.0, 4.2, 5.04};
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(new Metric("monthly churn", MetricUnit.PERCENT), PeriodLength.MONTH, LocalDate.of(2025, 1, 1), values));

    assertThat(report.sentences(Locale.ENGLISH, CHURN_BAND)).last()
        .isEqualTo("The latest value, 5.0 %, is within the industry range for B2B SaaS monthly churn (3.0–5.0 %; source: Recurly 2024).");
    assertThat(report.sentences(RUSSIAN, new IndustryBand("B2B SaaS monthly churn", 5.5, 7, "Recurly 2024"))).last()
        .isEqualTo("Последнее значение, 5,0 %, ниже отраслевого диапазона «B2B SaaS monthly churn» (5,5–7,0 %; источник: Recurly 2024).");
  }

  private static void assertSpikeSentence(PeriodLength length, LocalDate first, double[] values, String english, String russian) {
    TrendReport report = TrendAnalysis.analyze(new MetricSeries(new Metric("signups", MetricUnit.COUNT), length, first, values));

    assertThat(report.sentences(Locale.ENGLISH)).as(length.name()).last().isEqualTo(english);
    assertThat(report.sentences(RUSSIAN)).as(length.name()).last().isEqualTo(russian);
  }

  private static String firstSentence(PeriodLength length, double[] values, int periods, Locale locale) {
    LocalDate first = length == PeriodLength.YEAR ? LocalDate.of(1990, 1, 1) : LocalDate.of(2025, 1, 6);
    return TrendAnalysis.analyze(new MetricSeries(new Metric("x", MetricUnit.COUNT), length, first, values), TrendOptions.defaults().withTrendPeriods(periods))
        .sentences(locale).get(0);
  }

  private static Properties load(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = TrendSentencesTest.class.getResourceAsStream("/dev/holdfast/trend/" + name)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
