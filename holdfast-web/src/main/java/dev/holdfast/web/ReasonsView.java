package dev.holdfast.web;

import dev.holdfast.store.retention.RetentionMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why customers left over a range: the lost customers by churn type and cancellation reason with the MRR they
 * took, per period and in total, and what they answered in exit surveys (as {@code holdfast reasons}, summed).
 */
final class ReasonsView {
  private ReasonsView() {}

  static Map<String, Object> of(Request request, RetentionMetrics.Reasons reasons) {
    Map<String, double[]> byReason = new LinkedHashMap<>();
    Map<String, double[]> byType = new TreeMap<>();
    Map<String, Map<String, Long>> byPeriod = new LinkedHashMap<>();
    for (RetentionMetrics.Reason reason : reasons.cancellations()) {
      String key = reason.churnType() + "\u0000" + reason.reason();
      add(byReason.computeIfAbsent(key, k -> new double[2]), reason.customers(), reason.mrr());
      add(byType.computeIfAbsent(reason.churnType(), k -> new double[2]), reason.customers(), reason.mrr());
      byPeriod.computeIfAbsent(reason.period(), k -> new TreeMap<>()).merge(reason.churnType(), reason.customers(), Long::sum);
    }
    List<Map<String, Object>> cancellations = new ArrayList<>();
    byReason.forEach((key, sums) -> {
      String[] parts = key.split("\u0000", 2);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("churn_type", parts[0]);
      row.put("reason", parts[1]);
      row.put("customers", (long) sums[0]);
      row.put("mrr_lost", Math.round(sums[1] * 100) / 100.0);
      cancellations.add(row);
    });
    cancellations.sort(Comparator.comparing((Map<String, Object> row) -> (Long) row.get("customers")).reversed()
        .thenComparing(row -> (String) row.get("reason")));
    List<Map<String, Object>> types = new ArrayList<>();
    byType.forEach((type, sums) -> types.add(Map.of("churn_type", type, "customers", (long) sums[0], "mrr_lost", Math.round(sums[1] * 100) / 100.0)));
    List<Map<String, Object>> periods = new ArrayList<>();
    byPeriod.forEach((period, counts) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("period", period);
      row.put("churn_types", counts);
      periods.add(row);
    });
    Map<String, double[]> answers = new LinkedHashMap<>();
    for (RetentionMetrics.ExitAnswer answer : reasons.exitAnswers()) {
      double[] sums = answers.computeIfAbsent(answer.kind() + "\u0000" + answer.comment(), k -> new double[2]);
      sums[0] += answer.customers();
      sums[1] += answer.customers() * answer.averageScore();
    }
    List<Map<String, Object>> exitAnswers = new ArrayList<>();
    answers.forEach((key, sums) -> {
      String[] parts = key.split("\u0000", 2);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", parts[0]);
      row.put("comment", parts[1]);
      row.put("customers", (long) sums[0]);
      row.put("average_score", sums[0] == 0 ? null : Math.round(sums[1] / sums[0] * 10) / 10.0);
      exitAnswers.add(row);
    });
    exitAnswers.sort(Comparator.comparing((Map<String, Object> row) -> (Long) row.get("customers")).reversed());
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    view.put("cancellations", cancellations);
    view.put("churn_types", types);
    view.put("periods", periods);
    view.put("exit_answers", exitAnswers.size() > 50 ? exitAnswers.subList(0, 50) : exitAnswers);
    return view;
  }

  private static void add(double[] sums, long customers, double mrr) {
    sums[0] += customers;
    sums[1] += mrr;
  }
}
