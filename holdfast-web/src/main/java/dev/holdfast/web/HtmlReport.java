package dev.holdfast.web;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.customer.ChurnScores;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A self-contained HTML report of one store: a single file with its styles, charts (ECharts, inline) and data,
 * which opens in any browser without a network and can be sent by e-mail.
 *
 * <p>It holds the headline KPIs with their change on the previous period; churn, retention, MRR, NRR and NPS
 * trends with seasonality, spikes and sentences; the MRR bridge of the latest complete period and the
 * movements of every period; logo and revenue cohort heat maps; survival curves by segment; CLV; churn
 * reasons; the 20 customers with the most revenue at risk and why; and the churn model's quality with the
 * health-score backtest. The numbers are the dashboard's, from the same code.
 *
 * <pre>{@code
 * new HtmlReport(store, config, Clock.systemUTC())
 *     .write(HtmlReport.Options.defaults(Locale.ENGLISH).withRange(from, to), Path.of("report.html"));
 * }</pre>
 */
public final class HtmlReport {
  /** How many of the customers most at risk the report lists. */
  public static final int AT_RISK = 20;

  /**
   * What a report covers: periods of {@code period} from {@code from} to {@code to} (null: the last 24 periods
   * up to the as-of date), data known on {@code asOf} (null: the last day with data), the customers matching
   * every segment filter, survival curves split by {@code survivalBy} (null: not split; an attribute no
   * customer has a value of is refused by {@link #render}), in {@code language} (English or Russian).
   */
  public record Options(Period period, LocalDate from, LocalDate to, LocalDate asOf, List<RetentionMetrics.Segment> segments, String survivalBy,
      Locale language) {
    public Options {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(language, "language");
      segments = List.copyOf(segments);
      if (from != null && to != null && to.isBefore(from)) {
        throw new IllegalArgumentException("the report's range ends before it starts: from " + from + " to " + to);
      }
      if (!WebText.LANGUAGES.contains(language.getLanguage())) {
        throw new IllegalArgumentException("a report is written in English (en) or Russian (ru), not " + language);
      }
    }

    /** Months, the last 24 up to the last day with data, all customers, survival by plan. */
    public static Options defaults(Locale language) {
      return new Options(Period.MONTH, null, null, null, List.of(), "plan", language);
    }

    public Options withRange(LocalDate from, LocalDate to) {
      return new Options(period, from, to, asOf, segments, survivalBy, language);
    }

    public Options withPeriod(Period period) {
      return new Options(period, from, to, asOf, segments, survivalBy, language);
    }

    public Options withAsOf(LocalDate asOf) {
      return new Options(period, from, to, asOf, segments, survivalBy, language);
    }

    public Options withSegments(List<RetentionMetrics.Segment> segments) {
      return new Options(period, from, to, asOf, segments, survivalBy, language);
    }

    public Options withSurvivalBy(String attribute) {
      return new Options(period, from, to, asOf, segments, attribute, language);
    }
  }

  private final DuckDbStore store;
  private final HoldfastConfig config;
  private final Clock clock;

  public HtmlReport(DuckDbStore store, HoldfastConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The report as HTML text.
   *
   * @throws InputException when the options do not fit the store (an unknown attribute, a range after the as-of date)
   */
  public String render(Options options) {
    WebText text = WebText.of(options.language());
    try (Insights insights = new Insights(store, config, clock, Duration.ofMinutes(10))) {
      Request request = insights.resolve(new Request.Input(options.period(), options.from(), options.to(), options.asOf(), options.segments(),
          null, null, options.language()), Insights.DEFAULT_PERIODS);
      Request history = insights.resolve(new Request.Input(options.period(), options.from(), options.to(), options.asOf(), options.segments(),
          null, null, options.language()), Insights.HISTORY_PERIODS);
      String by = options.survivalBy();
      if (by != null && !insights.attributes().contains(by)) {
        // a key that only ever holds null, a list or an object splits nothing: said, not silently drawn unsplit
        throw new InputException(text.get("error.attribute", by, String.join(", ", insights.attributes())));
      }
      Request lifetimes = insights.resolve(new Request.Input(options.period(), options.from(), options.to(), options.asOf(), options.segments(),
          by, null, options.language()), 0);
      List<ChurnScores.Filter> filters = options.segments().stream()
          .map(segment -> new ChurnScores.Filter(segment.attribute(), segment.value())).toList();
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("metrics", insights.metrics(request));
      data.put("trends", insights.trends(history, TrendsView.DEFAULT_FIELDS));
      data.put("cohorts", insights.cohorts(request));
      data.put("survival", insights.survival(lifetimes, SurvivalView.DEFAULT_AT));
      data.put("clv", insights.clv(request));
      data.put("reasons", insights.reasons(history));
      data.put("atRisk", insights.atRisk(new ChurnScores.Query(filters, ChurnScores.Order.REVENUE_AT_RISK, true, AT_RISK, 0), options.language()));
      data.put("model", insights.model());
      String generated = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(options.language())
          .format(ZonedDateTime.now(clock.withZone(config.timeZone())));
      return Pages.report(text, text.get("report.title"), request.currency(), generated, data);
    } catch (ApiProblem problem) {
      throw new InputException(problem.getMessage(), problem);
    }
  }

  /** Writes the report to {@code file} whole or not at all: a partial file never takes the place of a good one. */
  public void write(Options options, Path file) {
    String html = render(options);
    Path absolute = file.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      Files.writeString(partial, html, StandardCharsets.UTF_8);
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // the first failure is the one to report
      }
      throw new StoreException(WebText.of(options.language()).get("report.cannot_write", file, e.getMessage()), e);
    }
  }
}
