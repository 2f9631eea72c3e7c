package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.clv.ShiftedBetaGeometricFit;
import dev.holdfast.clv.ShiftedBetaGeometricModel;
import dev.holdfast.store.clv.ClvPredictions;
import dev.holdfast.store.retention.ContractCohorts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast retention-forecast}: the shifted-beta-geometric model (Fader and Hardie 2007) fitted to each
 * cohort of first subscriptions, its projected retention curve and expected lifetime; with {@code --save}, each
 * active subscriber's discounted value over the next months from their cohort's curve and MRR.
 */
@Command(name = "retention-forecast", mixinStandardHelpOptions = true, sortOptions = false)
final class RetentionForecastCommand extends PeriodCommand {
  static final String MODEL = "sbg+mrr";

  @Option(names = "--horizon", paramLabel = "PERIODS", defaultValue = "24", descriptionKey = "forecast.horizon")
  int horizon;

  @Option(names = "--fit-periods", paramLabel = "N", descriptionKey = "forecast.fit_periods")
  Integer fitPeriods;

  @Option(names = "--min-customers", paramLabel = "N", defaultValue = "30", descriptionKey = "forecast.min_customers")
  int minCustomers;

  @Option(names = "--curve", descriptionKey = "forecast.curve")
  boolean curve;

  @Option(names = "--save", descriptionKey = "forecast.save")
  boolean save;

  @Override
  boolean writes() {
    return save;
  }

  @Option(names = "--months", paramLabel = "MONTHS", defaultValue = "12", descriptionKey = "forecast.months")
  int months;

  @Option(names = "--discount", paramLabel = "RATE", defaultValue = "0.1", descriptionKey = "clv.discount")
  double discount;

  RetentionForecastCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  int defaultPeriods() {
    return 0;
  }

  @Override
  void check() {
    if (horizon < 1 || horizon > 1200) {
      throw new InputException(messages.get("forecast.bad_horizon", horizon));
    }
    if (fitPeriods != null && fitPeriods < 2) {
      throw new InputException(messages.get("forecast.bad_fit_periods", fitPeriods));
    }
    if (months < 1 || months > 1200) {
      throw new InputException(messages.get("forecast.bad_months", months));
    }
    if (!(discount >= 0 && discount < 10)) {
      throw new InputException(messages.get("forecast.bad_discount", discount));
    }
  }

  /** A cohort with its fit, or why it has none. */
  private record Forecast(ContractCohorts.Cohort cohort, int fitted, ShiftedBetaGeometricFit fit, String skipped) {}

  @Override
  int run() {
    ContractCohorts contracts = new ContractCohorts(metrics);
    List<ContractCohorts.Cohort> cohorts = contracts.cohorts(query);
    if (cohorts.isEmpty()) {
      throw new InputException(messages.get("forecast.none", MetricsCommand.describe(query, messages)));
    }
    List<Forecast> forecasts = new ArrayList<>();
    for (ContractCohorts.Cohort cohort : cohorts) {
      forecasts.add(forecast(cohort));
    }
    if (forecasts.stream().allMatch(f -> f.fit() == null)) {
      // every cohort with its reason, as the table would list them
      StringBuilder reasons = new StringBuilder();
      for (Forecast f : forecasts) {
        reasons.append("\n  ").append(f.cohort().label()).append(segmentLabel(f.cohort())).append(": ").append(f.skipped());
      }
      throw new InputException(messages.get("forecast.none_fitted", cohorts.size(), reasons));
    }
    int saved = save ? save(contracts, forecasts) : -1;
    if (curve) {
      printCurves(forecasts);
    } else {
      printCohorts(forecasts);
    }
    if (saved >= 0 && output == OutputFormat.TABLE) {
      out.println(messages.get("forecast.saved", saved, months, discount * 100));
    }
    return 0;
  }

  /** " (segment)" where cohorts are split by an attribute, else nothing. */
  private String segmentLabel(ContractCohorts.Cohort cohort) {
    return query.by() == null ? "" : " (" + segment(cohort.segment()) + ")";
  }

  private Forecast forecast(ContractCohorts.Cohort cohort) {
    int fitted = fitPeriods == null ? cohort.observed() : Math.min(fitPeriods, cohort.observed());
    if (cohort.size() < minCustomers) {
      return new Forecast(cohort, fitted, null, messages.get("forecast.skip.small", cohort.size(), minCustomers));
    }
    if (fitted < 2) {
      return new Forecast(cohort, fitted, null, messages.get("forecast.skip.young", cohort.observed()));
    }
    // the two cohorts the sBG cannot be fitted to, said in the reader's language (the model's own errors are English)
    long[] alive = cohort.alive();
    if (alive[0] > 0 && alive[fitted] == alive[0]) {
      return new Forecast(cohort, fitted, null, messages.get("forecast.skip.no_churn", alive[0], fitted));
    }
    if (alive[0] > 0 && alive[1] == 0) {
      return new Forecast(cohort, fitted, null, messages.get("forecast.skip.all_first", alive[0]));
    }
    try {
      return new Forecast(cohort, fitted, ShiftedBetaGeometricModel.fit(Arrays.copyOf(cohort.alive(), fitted + 1)), null);
    } catch (InputException e) {
      return new Forecast(cohort, fitted, null, e.getMessage());
    }
  }

  private void printCohorts(List<Forecast> forecasts) {
    List<String> header = List.of("cohort", "segment", "customers", "observed", "fitted", "alpha", "alpha_se", "beta", "beta_se",
        "retained_pct", "projected_now_pct", "holdout_error_pp", "projected_horizon_pct", "expected_periods", "note");
    List<List<Object>> rows = new ArrayList<>();
    List<Map<String, Object>> json = new ArrayList<>();
    for (Forecast f : forecasts) {
      ContractCohorts.Cohort cohort = f.cohort();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cohort", cohort.label());
      row.put("segment", segment(cohort.segment()));
      row.put("customers", cohort.size());
      row.put("observed", cohort.observed());
      row.put("fitted", f.fit() == null ? null : f.fitted());
      // a parameter at a limit of the parameter space only says where the search stopped: it is not shown
      boolean limit = f.fit() != null && !f.fit().convergence().boundaryParameters().isEmpty();
      row.put("alpha", f.fit() == null || limit ? null : round(f.fit().alpha().value(), 4));
      row.put("alpha_se", f.fit() == null ? null : round(f.fit().alpha().standardError(), 4));
      row.put("beta", f.fit() == null || limit ? null : round(f.fit().beta().value(), 4));
      row.put("beta_se", f.fit() == null ? null : round(f.fit().beta().standardError(), 4));
      row.put("retained_pct", round(100.0 * cohort.alive()[cohort.observed()] / cohort.size(), 2));
      ShiftedBetaGeometricModel model = f.fit() == null ? null : f.fit().model();
      row.put("projected_now_pct", model == null ? null : round(100 * model.survival(cohort.observed()), 2));
      row.put("holdout_error_pp", model == null || f.fitted() == cohort.observed() ? null : round(holdoutError(cohort, model, f.fitted()), 2));
      row.put("projected_horizon_pct", model == null ? null : round(100 * model.survival(horizon), 2));
      row.put("expected_periods", model == null ? null : round(expectedPeriods(model, horizon), 2));
      row.put("note", f.skipped() != null ? f.skipped()
          : f.fit().convergence().converged() ? "" : ClvCommand.verdict(f.fit().convergence(), messages));
      rows.add(new ArrayList<>(row.values()));
      if (model != null) {
        row.put("log_likelihood", round(f.fit().logLikelihood(), 4));
        row.put("converged", f.fit().converged());
        row.put("convergence", ClvCommand.convergence(f.fit().convergence()));
        List<Double> projected = new ArrayList<>();
        for (double s : model.survivalCurve(horizon)) {
          projected.add(round(100 * s, 4));
        }
        row.put("projected_pct", projected);
      }
      List<Long> alive = new ArrayList<>();
      for (long a : cohort.alive()) {
        alive.add(a);
      }
      row.put("alive", alive);
      json.add(row);
    }
    if (output == OutputFormat.JSON) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("as_of", query.asOf().toString());
      result.put("period", query.period().code());
      result.put("horizon", horizon);
      result.put("cohorts", json);
      Tables.json(out, result);
      return;
    }
    if (output == OutputFormat.TABLE) {
      out.println(messages.get("forecast.header", query.asOf(), messages.get("period.name." + query.period().code()), horizon, MetricsCommand.describe(query, messages)));
    }
    Tables.print(out, output, messages.locale(), Tables.headings(output, messages, header), rows);
  }

  /** A part of the curve: its code in CSV and JSON, in the reader's words in a table. */
  private String part(String code) {
    return output == OutputFormat.TABLE ? messages.code("curve_part", code) : code;
  }

  private void printCurves(List<Forecast> forecasts) {
    List<List<Object>> rows = new ArrayList<>();
    for (Forecast f : forecasts) {
      if (f.fit() == null) {
        continue;
      }
      ContractCohorts.Cohort cohort = f.cohort();
      double[] projected = f.fit().model().survivalCurve(Math.max(horizon, cohort.observed()));
      for (int age = 0; age < projected.length; age++) {
        boolean seen = age <= cohort.observed();
        rows.add(Arrays.asList(cohort.label(), segment(cohort.segment()), age, seen ? cohort.alive()[age] : null,
            seen ? round(100.0 * cohort.alive()[age] / cohort.size(), 2) : null, round(100 * projected[age], 2),
            part(age <= f.fitted() ? "fit" : seen ? "holdout" : "projection")));
      }
    }
    Tables.print(out, output, messages.locale(), Tables.headings(output, messages, List.of("cohort", "segment", "age", "alive", "retained_pct", "projected_pct", "part")),
        rows);
  }

  /** Mean absolute difference in percentage points between projected and actual retention after the fitted periods. */
  private static double holdoutError(ContractCohorts.Cohort cohort, ShiftedBetaGeometricModel model, int fitted) {
    double sum = 0;
    for (int age = fitted + 1; age <= cohort.observed(); age++) {
      sum += Math.abs(100 * model.survival(age) - 100.0 * cohort.alive()[age] / cohort.size());
    }
    return sum / (cohort.observed() - fitted);
  }

  /** Expected periods a new customer of the cohort stays within the horizon: Σ_{t=0}^{horizon−1} S(t). */
  static double expectedPeriods(ShiftedBetaGeometricModel model, int horizon) {
    double sum = 0;
    double[] curve = model.survivalCurve(horizon);
    for (int t = 0; t < horizon; t++) {
      sum += curve[t];
    }
    return sum;
  }

  /**
   * Saves each active subscriber's value: the payments of the coming months of {@code --months}, each the
   * subscriber's MRR times the months in a period, weighted by the probability of renewing that far given the
   * renewals so far, {@code S(n+t)/S(n)}, and discounted at {@code --discount} a year. A subscriber of an unfitted
   * cohort takes the fit of the nearest fitted cohort of the segment, the older one first.
   */
  private int save(ContractCohorts contracts, List<Forecast> forecasts) {
    Map<String, List<Forecast>> bySegment = new HashMap<>();
    for (Forecast f : forecasts) {
      bySegment.computeIfAbsent(f.cohort().segment(), key -> new ArrayList<>()).add(f);
    }
    double monthsPerPeriod = query.period().months(query.period().start(query.asOf()));
    int periods = Math.max(1, (int) Math.round(months / monthsPerPeriod));
    List<ClvPredictions.Prediction> predictions = new ArrayList<>();
    for (ContractCohorts.Subscriber subscriber : contracts.subscribers(query)) {
      ShiftedBetaGeometricModel model = nearest(bySegment.get(subscriber.segment()), query.period().start(subscriber.spellStart()));
      if (model == null) {
        continue;
      }
      int n = subscriber.renewals();
      double payment = subscriber.mrr() * monthsPerPeriod;
      double expected = 0;
      double discounted = 0;
      double survival = 1;
      for (int t = 1; t <= periods; t++) {
        survival *= model.retentionRate(n + t);
        expected += survival;
        discounted += survival / Math.pow(1 + discount, t * monthsPerPeriod / 12);
      }
      predictions.add(new ClvPredictions.Prediction(subscriber.customerId(), query.asOf(), MODEL, 1, expected, payment,
          Math.max(0, payment * discounted), query.currency(), months, discount));
    }
    new ClvPredictions(store).replace(Set.of(MODEL), predictions, clock.instant());
    return predictions.size();
  }

  private static ShiftedBetaGeometricModel nearest(List<Forecast> forecasts, java.time.LocalDate cohortStart) {
    if (forecasts == null) {
      return null;
    }
    Forecast best = null;
    long bestDistance = Long.MAX_VALUE;
    for (Forecast f : forecasts) {
      if (f.fit() == null) {
        continue;
      }
      long days = java.time.temporal.ChronoUnit.DAYS.between(f.cohort().start(), cohortStart);
      // the same cohort first, then older cohorts (longer observed) before newer ones at the same distance
      long distance = days >= 0 ? 2 * days : -2 * days + 1;
      if (distance < bestDistance) {
        best = f;
        bestDistance = distance;
      }
    }
    return best == null ? null : best.fit().model();
  }

  private static Double round(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
