package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.clv.BgNbdFit;
import dev.holdfast.clv.Convergence;
import dev.holdfast.clv.BgNbdModel;
import dev.holdfast.clv.CustomerValue;
import dev.holdfast.clv.Estimate;
import dev.holdfast.clv.GammaGammaFit;
import dev.holdfast.clv.GammaGammaModel;
import dev.holdfast.clv.ParetoNbdFit;
import dev.holdfast.clv.ParetoNbdModel;
import dev.holdfast.clv.PurchaseModel;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.clv.ClvPredictions;
import dev.holdfast.store.clv.PurchaseHistory;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast clv}: BG/NBD and Gamma-Gamma fitted on the store's purchase histories, and per customer
 * P(alive), expected purchases, expected value and discounted CLV with the RFM segment; or the fit report
 * with a calibration/holdout comparison.
 */
@Command(name = "clv", mixinStandardHelpOptions = true, sortOptions = false)
final class ClvCommand extends DataCommand {
  /** Histories are in weeks, as in the papers. */
  private static final int UNIT_DAYS = 7;
  private static final double WEEKS_PER_MONTH = 365.25 / 12 / 7;

  @Option(names = "--calibration-end", paramLabel = "YYYY-MM-DD", descriptionKey = "clv.calibration_end")
  LocalDate calibrationEnd;

  @Option(names = "--holdout-end", paramLabel = "YYYY-MM-DD", descriptionKey = "clv.holdout_end")
  LocalDate holdoutEnd;

  @Option(names = "--horizon", paramLabel = "MONTHS", defaultValue = "12", descriptionKey = "clv.horizon")
  int horizon;

  @Option(names = "--discount", paramLabel = "RATE", defaultValue = "0.1", descriptionKey = "clv.discount")
  double discount;

  @Option(names = "--fit-report", descriptionKey = "clv.fit_report")
  boolean fitReport;

  @Option(names = "--limit", paramLabel = "N", descriptionKey = "clv.limit")
  Integer limit;

  @Option(names = "--currency", paramLabel = "CODE", descriptionKey = "option.currency")
  String currency;

  @Option(names = "--no-save", descriptionKey = "clv.no_save")
  boolean noSave;

  @Option(names = "--model", paramLabel = "bg-nbd|pareto-nbd", defaultValue = "bg-nbd", descriptionKey = "clv.model")
  String model;

  /** A fitted purchase model: the BG/NBD or the Pareto/NBD, with its parameters under the papers' names. */
  record Purchases(String name, PurchaseModel model, Map<String, Estimate> parameters, double logLikelihood, int iterations,
      Convergence convergence) {}

  static Purchases fitPurchases(String name, PurchaseHistory.Summary summary, Messages messages) {
    if (name.equals("pareto-nbd")) {
      ParetoNbdFit fit = ParetoNbdModel.fit(summary.frequency(), summary.recency(), summary.age());
      Map<String, Estimate> parameters = new LinkedHashMap<>();
      parameters.put("r", fit.r());
      parameters.put("alpha", fit.alpha());
      parameters.put("s", fit.s());
      parameters.put("beta", fit.beta());
      return new Purchases("Pareto/NBD", fit.model(), parameters, fit.logLikelihood(), fit.iterations(), fit.convergence());
    }
    if (!name.equals("bg-nbd")) {
      throw new InputException(messages.get("clv.bad_model", name));
    }
    BgNbdFit fit = BgNbdModel.fit(summary.frequency(), summary.recency(), summary.age());
    Map<String, Estimate> parameters = new LinkedHashMap<>();
    parameters.put("r", fit.r());
    parameters.put("alpha", fit.alpha());
    parameters.put("a", fit.a());
    parameters.put("b", fit.b());
    return new Purchases("BG/NBD", fit.model(), parameters, fit.logLikelihood(), fit.iterations(), fit.convergence());
  }

  static String verdict(Convergence convergence, Messages messages) {
    return switch (convergence.verdict()) {
      case CONVERGED -> messages.get("cli.clv.converged");
      case BOUNDARY -> messages.get("cli.clv.boundary", String.join("; ", convergence.limits().stream().map(limit -> limit(limit, messages)).toList()),
          String.join(", ", convergence.boundaryParameters()));
      case NOT_CONVERGED -> messages.get("cli.clv.not_converged");
    };
  }

  /**
   * A limit in symbols ("α, β → ∞ with α/(α+β) = 0.06490") in the reader's language: its one word and its decimal
   * separator (the JSON keeps the model's own text).
   */
  static String limit(String limit, Messages messages) {
    char separator = java.text.DecimalFormatSymbols.getInstance(messages.locale()).getDecimalSeparator();
    String text = limit.replace(" with ", " " + messages.get("cli.clv.limit_with") + " ");
    return separator == '.' ? text : text.replaceAll("(\\d)\\.(\\d)", "$1" + java.util.regex.Matcher.quoteReplacement(String.valueOf(separator)) + "$2");
  }

  static Map<String, Object> convergence(Convergence convergence) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verdict", convergence.verdict().name().toLowerCase(java.util.Locale.ROOT));
    json.put("limits", convergence.limits());
    json.put("boundary_parameters", convergence.boundaryParameters());
    json.put("explanation", convergence.explanation());
    return json;
  }

  /** The model families whose predictions this command replaces in the store. */
  static final Set<String> MODELS = ClvPredictions.PURCHASE_MODELS;

  ClvCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    RangeOptions.requireCurrency(currency, messages);
    String money = currency != null ? currency : config.currency();
    // CustomerValue's own limits, checked before the fit in the reader's language
    if (horizon < 1 || horizon > 1200) {
      throw new InputException(messages.get("clv.bad_horizon", horizon));
    }
    if (!(discount >= 0 && discount < 10)) {
      throw new InputException(messages.get("forecast.bad_discount", discount));
    }
    if (limit != null && limit < 1) {
      throw new InputException(messages.get("cli.bad_limit", limit));
    }
    try (DuckDbStore store = noSave ? DuckDbStore.openToRead(config) : DuckDbStore.open(config)) {
      LocalDate lastDay = new RetentionMetrics(store, config, messages, clock).lastDataDay();
      if (calibrationEnd != null && calibrationEnd.isAfter(lastDay)) {
        throw new InputException(messages.get("clv.calibration_after_data", calibrationEnd, lastDay));
      }
      LocalDate calibration = calibrationEnd != null ? calibrationEnd : lastDay;
      LocalDate holdout = holdoutEnd != null ? holdoutEnd : calibrationEnd != null ? lastDay : calibration;
      if (holdout.isBefore(calibration)) {
        throw new InputException(messages.get("clv.holdout_before", holdout, calibration));
      }
      PurchaseHistory history = new PurchaseHistory(store);
      PurchaseHistory.Summary summary = history.summarize(calibration, holdout, UNIT_DAYS, money);
      if (summary.size() == 0) {
        throw new InputException(messages.get("clv.no_buyers", calibration, money));
      }
      Purchases purchases = fitPurchases(model, summary, messages);
      // the spend model describes positive amounts: a repeat buyer whose repeat purchases net to zero or less (a free
      // order, refunds) stays out of its fit and is valued at the average spend, as a customer without repeats is
      double[] spendFrequency = summary.frequency().clone();
      List<String> spendless = new ArrayList<>();
      for (int i = 0; i < spendFrequency.length; i++) {
        if (spendFrequency[i] > 0 && !(summary.meanRepeatSpend()[i] > 0)) {
          spendFrequency[i] = 0;
          spendless.add(summary.customerIds()[i]);
        }
      }
      if (!spendless.isEmpty()) {
        spec.commandLine().getErr().println(messages.get("clv.spendless", spendless.size(), String.join(", ", spendless.subList(0,
            Math.min(3, spendless.size())))));
      }
      GammaGammaFit spend = Arrays.stream(spendFrequency).anyMatch(x -> x > 0) ? GammaGammaModel.fit(spendFrequency, summary.meanRepeatSpend()) : null;
      if (fitReport) {
        report(out, output, messages, summary, purchases, spend, calibration, holdout, money);
        return 0;
      }
      CustomerValue valuation = new CustomerValue(purchases.model(), spend == null ? null : spend.model(), averageSpend(summary), horizon,
          WEEKS_PER_MONTH, discount);
      CustomerValue.Prediction[] predictions = valuation.predict(summary.frequency(), summary.recency(), summary.age(), summary.meanRepeatSpend());
      if (!noSave) {
        List<ClvPredictions.Prediction> saved = new ArrayList<>(predictions.length);
        for (int i = 0; i < predictions.length; i++) {
          CustomerValue.Prediction p = predictions[i];
          saved.add(new ClvPredictions.Prediction(summary.customerIds()[i], calibration, model + "+gamma-gamma", p.probabilityAlive(),
              p.expectedPurchases(), p.expectedValue(), p.value(), money, horizon, discount));
        }
        new ClvPredictions(store).replace(MODELS, saved, clock.instant());
      }
      Map<String, String> segments = new HashMap<>();
      history.rfm(calibration, money).forEach(rfm -> segments.put(rfm.customerId(), rfm.segment()));
      Integer[] order = new Integer[summary.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -predictions[i].value()).thenComparing(i -> summary.customerIds()[i]));
      int shown = limit != null ? Math.min(limit, order.length) : output == OutputFormat.TABLE ? Math.min(20, order.length) : order.length;
      List<List<Object>> rows = new ArrayList<>();
      for (int k = 0; k < shown; k++) {
        int i = order[k];
        CustomerValue.Prediction prediction = predictions[i];
        rows.add(Arrays.asList(summary.customerIds()[i], (long) summary.frequency()[i], round(summary.recency()[i], 2), round(summary.age()[i], 2),
            round(prediction.probabilityAlive(), 4), round(prediction.expectedPurchases(), 3), round(prediction.expectedValue(), 2),
            round(prediction.value(), 2),
            output == OutputFormat.TABLE ? messages.code("rfm", segments.get(summary.customerIds()[i])) : segments.get(summary.customerIds()[i])));
      }
      List<String> header = List.of("customer_id", "frequency", "recency_weeks", "age_weeks", "p_alive", "expected_purchases",
          "expected_value", "clv", "rfm_segment");
      double total = Arrays.stream(predictions).mapToDouble(CustomerValue.Prediction::value).sum();
      if (output != OutputFormat.JSON) {
        // in CSV standard output holds the table alone; the sentence goes to standard error
        (output == OutputFormat.CSV ? spec.commandLine().getErr() : out)
            .println(messages.get("cli.clv.header", calibration, horizon, discount * 100, money, summary.size(), total));
      }
      Tables.print(out, output, messages.locale(), Tables.headings(output, messages, header), rows);
      if (output == OutputFormat.TABLE && shown < order.length) {
        out.println(messages.get("cli.clv.more", shown, order.length));
      }
    }
    return 0;
  }

  private void report(PrintWriter out, OutputFormat output, Messages messages, PurchaseHistory.Summary summary, Purchases purchases, GammaGammaFit spend,
      LocalDate calibration, LocalDate holdout, String money) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("calibration_end", calibration.toString());
    json.put("holdout_end", holdout.toString());
    json.put("time_unit", "week");
    json.put("customers", summary.size());
    json.put("repeat_buyers", repeatBuyers(summary));
    Map<String, Object> fitted = new LinkedHashMap<>();
    purchases.parameters().forEach((name, value) -> fitted.put(name, estimate(value)));
    fitted.put("log_likelihood", round(purchases.logLikelihood(), 4));
    fitted.put("iterations", purchases.iterations());
    fitted.put("converged", purchases.convergence().converged());
    fitted.put("convergence", convergence(purchases.convergence()));
    json.put(model.equals("pareto-nbd") ? "pareto_nbd" : "bg_nbd", fitted);
    if (spend != null) {
      Map<String, Object> gg = new LinkedHashMap<>();
      gg.put("p", estimate(spend.p()));
      gg.put("q", estimate(spend.q()));
      gg.put("gamma", estimate(spend.gamma()));
      gg.put("log_likelihood", round(spend.logLikelihood(), 4));
      gg.put("converged", spend.converged());
      gg.put("convergence", convergence(spend.convergence()));
      gg.put("frequency_spend_correlation", round(spend.frequencySpendCorrelation(), 4));
      json.put("gamma_gamma", gg);
    }
    double holdoutWeeks = ChronoUnit.DAYS.between(calibration, holdout) / (double) UNIT_DAYS;
    List<Map<String, Object>> buckets = new ArrayList<>();
    if (holdoutWeeks > 0) {
      PurchaseModel fittedModel = purchases.model();
      double[][] sums = new double[9][3];
      for (int i = 0; i < summary.size(); i++) {
        int bucket = (int) Math.min(7, summary.frequency()[i]);
        double predicted = fittedModel.conditionalExpectedPurchases(holdoutWeeks, summary.frequency()[i], summary.recency()[i], summary.age()[i]);
        for (int b : new int[] {bucket, 8}) {
          sums[b][0]++;
          sums[b][1] += summary.holdout()[i];
          sums[b][2] += predicted;
        }
      }
      for (int b = 0; b < 9; b++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("frequency", b == 8 ? "total" : b == 7 ? "7+" : Integer.toString(b));
        row.put("customers", (long) sums[b][0]);
        row.put("actual", (long) sums[b][1]);
        row.put("predicted", round(sums[b][2], 1));
        row.put("actual_mean", sums[b][0] == 0 ? null : round(sums[b][1] / sums[b][0], 3));
        row.put("predicted_mean", sums[b][0] == 0 ? null : round(sums[b][2] / sums[b][0], 3));
        buckets.add(row);
      }
      json.put("holdout", buckets);
    }
    if (output == OutputFormat.JSON) {
      Tables.json(out, json);
      return;
    }
    // CSV keeps standard output to its tables; the sentences go to standard error
    PrintWriter notes = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
    notes.println(messages.get("cli.clv.fit_header", calibration, summary.size(), repeatBuyers(summary), money, purchases.name()));
    List<List<Object>> parameters = new ArrayList<>();
    purchases.parameters().forEach((name, value) -> parameters.add(row(new String[] {purchases.name(), name}, value)));
    if (spend != null) {
      for (String name : new String[] {"p", "q", "gamma"}) {
        parameters.add(row(new String[] {"Gamma-Gamma", name}, ggEstimate(spend, name)));
      }
    }
    Tables.print(out, output, messages.locale(), Tables.headings(output, messages, List.of("model", "parameter", "estimate", "std_error", "lower_95", "upper_95")),
        parameters);
    notes.println(messages.get("cli.clv.likelihood", purchases.name(), round(purchases.logLikelihood(), 1), verdict(purchases.convergence(), messages),
        purchases.iterations()));
    if (spend != null && !spend.converged()) {
      notes.println(messages.get("cli.clv.spend_verdict", verdict(spend.convergence(), messages)));
    }
    if (spend != null) {
      notes.println(messages.get("cli.clv.correlation", round(spend.frequencySpendCorrelation(), 3)));
    }
    if (!buckets.isEmpty()) {
      out.println();
      notes.println(messages.get("cli.clv.holdout_header", calibration.plusDays(1), holdout));
      List<List<Object>> rows = new ArrayList<>();
      for (Map<String, Object> bucket : buckets) {
        List<Object> row = new ArrayList<>(bucket.values());
        if (output == OutputFormat.TABLE && "total".equals(row.get(0))) {
          row.set(0, messages.get("cli.clv.total_row"));
        }
        rows.add(row);
      }
      Tables.print(out, output, messages.locale(), Tables.headings(output, messages, new ArrayList<>(buckets.get(0).keySet())), rows);
    }
  }

  private static Estimate ggEstimate(GammaGammaFit fit, String name) {
    return switch (name) {
      case "p" -> fit.p();
      case "q" -> fit.q();
      default -> fit.gamma();
    };
  }

  private static List<Object> row(String[] name, Estimate estimate) {
    return Arrays.asList(name[0], name[1], round(estimate.value(), 4), round(estimate.standardError(), 4), round(estimate.lower(), 4),
        round(estimate.upper(), 4));
  }

  private static Map<String, Object> estimate(Estimate estimate) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("estimate", round(estimate.value(), 6));
    value.put("std_error", round(estimate.standardError(), 6));
    value.put("lower_95", round(estimate.lower(), 6));
    value.put("upper_95", round(estimate.upper(), 6));
    return value;
  }

  private static long repeatBuyers(PurchaseHistory.Summary summary) {
    return Arrays.stream(summary.frequency()).filter(x -> x > 0).count();
  }

  /** The value of a purchase when no spend model can be fitted: the mean repeat spend, or 0. */
  private static double averageSpend(PurchaseHistory.Summary summary) {
    return Arrays.stream(summary.meanRepeatSpend()).filter(m -> m > 0).average().orElse(0);
  }

  private static Double round(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
