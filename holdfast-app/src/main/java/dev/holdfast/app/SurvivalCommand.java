package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.store.retention.Lifetimes;
import dev.holdfast.survival.KaplanMeier;
import dev.holdfast.survival.LogRankResult;
import dev.holdfast.survival.MedianSurvival;
import dev.holdfast.survival.RestrictedMean;
import dev.holdfast.survival.SurvivalCurve;
import dev.holdfast.survival.SurvivalEstimate;
import dev.holdfast.survival.SurvivalStep;
import java.time.Clock;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast survival}: Kaplan–Meier retention curves of customer lifetime, per segment, with the log-rank test. Lifetimes are
 * measured in months from the first active day, so it takes no {@code --period}.
 */
@Command(name = "survival", mixinStandardHelpOptions = true, sortOptions = false)
final class SurvivalCommand extends RangeCommand {
  @Option(names = "--at", paramLabel = "MONTHS", split = ",", defaultValue = "1,3,6,12,24", descriptionKey = "survival.at")
  double[] at;

  @Option(names = "--curve", descriptionKey = "survival.curve")
  boolean curve;


  SurvivalCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  boolean showsMoney() {
    return false;
  }

  @Override
  int defaultPeriods() {
    return 0;
  }

  @Override
  int run() {
    for (double months : at) {
      // the API takes 0 to 1,200 months (a century) too
      if (!(months >= 0 && months <= 1200)) {
        throw new InputException(messages.get("survival.bad_at", Double.isFinite(months)
            ? java.math.BigDecimal.valueOf(months).stripTrailingZeros().toPlainString() : String.valueOf(months)));
      }
    }
    // every customer is retained at 0 months; a 0 is most likely half of "0,5", a half month written with a decimal comma
    if (java.util.Arrays.stream(at).anyMatch(months -> months == 0)) {
      throw new InputException(messages.get("survival.at_zero"));
    }
    Map<String, Lifetimes.Sample> samples = new Lifetimes(metrics).read(query);
    if (samples.isEmpty()) {
      throw new InputException(messages.get("survival.none", MetricsCommand.describe(query, messages)));
    }
    KaplanMeier estimator = KaplanMeier.standard();
    Map<String, SurvivalCurve> curves = new LinkedHashMap<>();
    samples.forEach((segment, sample) -> curves.put(segment, estimator.fit(sample.months(), sample.churned())));
    LogRankResult logRank = Lifetimes.logRank(samples);

    if (curve) {
      List<List<Object>> rows = new ArrayList<>();
      curves.forEach((segment, fitted) -> {
        for (SurvivalStep step : fitted.steps()) {
          rows.add(Arrays.asList(segment(segment), round(step.time()), step.atRisk(), step.events(), step.censored(), round(step.survival() * 100),
              round(step.lower() * 100), round(step.upper() * 100)));
        }
      });
      Tables.print(out, output, messages.locale(), Tables.headings(output, messages,
          List.of("segment", "months", "at_risk", "churned", "censored", "retained_pct", "lower_pct", "upper_pct")), rows);
      return 0;
    }
    List<Map<String, Object>> json = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    boolean pastFollowUp = false;
    List<String> header = new ArrayList<>(List.of("segment", "customers", "churned", "median_months", "median_lower", "median_upper",
        "restricted_mean_months", "restricted_mean_tau"));
    List<String> titles = new ArrayList<>(Tables.headings(output, messages, header));
    for (double time : at) {
      header.add("retained_" + format(time) + "m");
      titles.add(output == OutputFormat.TABLE ? messages.get("cli.column.retained_at", format(time)) : "retained_" + format(time) + "m");
    }
    for (Map.Entry<String, SurvivalCurve> entry : curves.entrySet()) {
      SurvivalCurve fitted = entry.getValue();
      MedianSurvival median = fitted.median();
      RestrictedMean mean = fitted.restrictedMean();
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("segment", segment(entry.getKey()));
      object.put("customers", fitted.subjects());
      object.put("churned", fitted.events());
      object.put("median_months", median.estimate().isPresent() ? round(median.estimate().getAsDouble()) : null);
      object.put("median_lower", median.lower().isPresent() ? round(median.lower().getAsDouble()) : null);
      object.put("median_upper", median.upper().isPresent() ? round(median.upper().getAsDouble()) : null);
      object.put("restricted_mean_months", round(mean.estimate()));
      object.put("restricted_mean_tau", round(mean.tau()));
      List<Map<String, Object>> points = new ArrayList<>();
      for (double time : at) {
        SurvivalEstimate estimate = fitted.estimateAt(time);
        // past the end of follow-up of a curve that ends censored nothing is known: no value, not the last one carried
        boolean known = fitted.known(time);
        pastFollowUp |= !known;
        object.put("retained_" + format(time) + "m", known ? round(estimate.survival() * 100) : null);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("months", time);
        point.put("retained_pct", known ? round(estimate.survival() * 100) : null);
        point.put("lower_pct", known ? round(estimate.lower() * 100) : null);
        point.put("upper_pct", known ? round(estimate.upper() * 100) : null);
        point.put("at_risk", estimate.atRisk());
        points.add(point);
      }
      rows.add(header.stream().map(object::get).toList());
      object.put("points", points);
      json.add(object);
    }
    if (output == OutputFormat.JSON) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("as_of", query.asOf().toString());
      result.put("segments", json);
      if (logRank != null) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("chi_square", logRank.chiSquare());
        test.put("degrees_of_freedom", logRank.degreesOfFreedom());
        test.put("p_value", logRank.pValue());
        result.put("log_rank", test);
      }
      Tables.json(out, result);
      return 0;
    }
    // in CSV standard output holds the table alone; the sentences around it go to standard error
    PrintWriter prose = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
    prose.println(messages.get("cli.survival.header", query.asOf(), MetricsCommand.describe(query, messages)));
    Tables.print(out, output, messages.locale(), titles, rows);
    if (output == OutputFormat.TABLE && pastFollowUp) {
      // an empty cell is no missing figure: nothing is known yet that far out
      prose.println(messages.get("cli.survival.past_follow_up"));
    }
    if (logRank != null) {
      String p = logRank.pValue() < 1e-4 ? "< " + Tables.Figure.of(0.0001, 4, messages.locale()).text()
          : "= " + Tables.Figure.of(logRank.pValue(), 4, messages.locale()).text();
      prose.println(messages.get(logRank.pValue() < 0.05 ? "cli.survival.log_rank.differ" : "cli.survival.log_rank.same",
          logRank.chiSquare(), logRank.degreesOfFreedom(), p));
    }
    prose.flush();
    return 0;
  }

  private static String format(double months) {
    return months == Math.rint(months) ? Long.toString((long) months) : Double.toString(months);
  }

  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
  }
}
