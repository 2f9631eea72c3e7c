package dev.holdfast.app;

import dev.holdfast.store.retention.RetentionMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code holdfast reasons}: why customers left, per period: churn type and cancellation reason, with MRR lost. */
@Command(name = "reasons", mixinStandardHelpOptions = true, sortOptions = false)
final class ReasonsCommand extends PeriodCommand {


  private static List<Map<String, Object>> rows(List<String> header, List<List<Object>> rows) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (List<Object> row : rows) {
      Map<String, Object> object = new java.util.LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        object.put(header.get(i), row.get(i));
      }
      objects.add(object);
    }
    return objects;
  }

  ReasonsCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  int defaultPeriods() {
    return 12;
  }

  @Override
  int run() {
    RetentionMetrics.Reasons reasons = metrics.reasons(query);
    List<List<Object>> cancellations = new ArrayList<>();
    for (RetentionMetrics.Reason reason : reasons.cancellations()) {
      cancellations.add(List.of(reason.period(), segment(reason.segment()),
          output == OutputFormat.TABLE ? messages.code("churn_type", reason.churnType()) : reason.churnType(),
          output == OutputFormat.TABLE ? messages.code("cancel_reason", reason.reason()) : reason.reason(), reason.customers(),
          reason.mrr()));
    }
    List<String> cancellationHeader = List.of("period", "segment", "churn_type", "reason", "customers", "mrr_lost");
    List<List<Object>> answers = new ArrayList<>();
    for (RetentionMetrics.ExitAnswer answer : reasons.exitAnswers()) {
      answers.add(List.of(answer.period(), segment(answer.segment()),
          output == OutputFormat.TABLE ? answer.kind().toUpperCase(java.util.Locale.ROOT) : answer.kind(), answer.comment(), answer.customers(),
          Math.round(answer.averageScore() * 10) / 10.0));
    }
    List<String> answerHeader = List.of("period", "segment", "kind", "comment", "customers", "average_score");
    if (output == OutputFormat.JSON) {
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("cancellations", rows(cancellationHeader, cancellations));
      json.put("exit_answers", rows(answerHeader, answers));
      Tables.json(out, json);
      return 0;
    }
    if (output == OutputFormat.CSV) {
      // one CSV: a source column tells cancellation reasons from exit-survey answers
      List<List<Object>> all = new ArrayList<>();
      cancellations.forEach(row -> all.add(List.of(row.get(0), row.get(1), "cancellation", row.get(2), row.get(3), row.get(4), row.get(5))));
      answers.forEach(row -> all.add(List.of(row.get(0), row.get(1), "exit_survey", row.get(2), row.get(3), row.get(4), row.get(5))));
      Tables.print(out, output, messages.locale(), List.of("period", "segment", "source", "type", "reason", "customers", "value"), all);
      return 0;
    }
    out.println(messages.get("cli.reasons.header", query.asOf(), MetricsCommand.describe(query, messages)));
    Tables.print(out, output, messages.locale(), Tables.headings(output, messages, cancellationHeader), cancellations);
    out.println();
    out.println(messages.get("cli.reasons.exit_header"));
    Tables.print(out, output, messages.locale(), Tables.headings(output, messages, answerHeader), answers);
    return 0;
  }
}
