package dev.holdfast.app;

import dev.holdfast.store.retention.Cohorts;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast cohorts}: logo and revenue retention matrices of acquisition cohorts, or the customers of one cell. */
@Command(name = "cohorts", mixinStandardHelpOptions = true, sortOptions = false)
final class CohortsCommand extends PeriodCommand {

  @Option(names = "--show", paramLabel = "percent|count|revenue|revenue-percent", defaultValue = "percent", descriptionKey = "cohorts.show")
  String show;

  @Option(names = "--customers", paramLabel = "COHORT", descriptionKey = "cohorts.customers")
  String cohort;

  @Option(names = "--age", paramLabel = "N", defaultValue = "0", descriptionKey = "cohorts.age")
  int age;


  CohortsCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  int defaultPeriods() {
    return 12;
  }

  @Override
  void check() {
    List<String> shows = List.of("percent", "count", "revenue", "revenue-percent");
    if (!shows.contains(show)) {
      throw new dev.holdfast.HoldfastException.InputException(messages.get("cli.cohorts.bad_show", show, String.join(", ", shows)));
    }
    // an option of the drill-down alone would be silently ignored
    if (cohort == null && spec.commandLine().getParseResult().hasMatchedOption("--age")) {
      throw new dev.holdfast.HoldfastException.InputException(messages.get("cli.cohorts.age_needs_customers", age));
    }
  }

  @Override
  int run() {
    Cohorts cohorts = new Cohorts(metrics, messages);
    if (cohort != null) {
      RetentionMetrics.Query one = new RetentionMetrics.Query(query.period(), query.from(), query.to(), query.asOf(), query.filters(), null,
          query.currency());
      List<List<Object>> rows = new ArrayList<>();
      for (Cohorts.Member member : cohorts.members(one, cohort, null, age)) {
        rows.add(List.of(member.customerId(), member.firstActive().toString(), member.mrr()));
      }
      if (output == OutputFormat.TABLE) {
        out.println(messages.get("cli.cohorts.customers_header", cohort, age, rows.size()));
      }
      Tables.print(out, output, messages.locale(), Tables.headings(output, messages, List.of("customer_id", "first_active", "mrr")), rows);
      return 0;
    }
    List<Cohorts.Cohort> table = cohorts.compute(query);
    if (output == OutputFormat.JSON) {
      List<Map<String, Object>> json = new ArrayList<>();
      for (Cohorts.Cohort each : table) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("cohort", each.label());
        object.put("segment", segment(each.segment()));
        object.put("size", each.size());
        object.put("base_mrr", each.baseMrr());
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Cohorts.Cell cell : each.cells()) {
          Map<String, Object> value = new LinkedHashMap<>();
          value.put("age", cell.age());
          value.put("customers", cell.customers());
          value.put("logo_retention", each.size() == 0 ? null : round(100.0 * cell.customers() / each.size()));
          value.put("mrr", cell.mrr());
          value.put("revenue_retention", each.baseMrr() == 0 ? null : round(100.0 * cell.mrr() / each.baseMrr()));
          cells.add(value);
        }
        object.put("cells", cells);
        json.add(object);
      }
      Tables.json(out, json);
      return 0;
    }
    int ages = table.stream().mapToInt(each -> each.cells().size()).max().orElse(0);
    // the reader's words in a table; CSV keeps the field names whatever the language, for scripts
    boolean words = output == OutputFormat.TABLE;
    List<String> header = new ArrayList<>(List.of(words ? messages.get("cli.cohorts.cohort") : "cohort"));
    if (query.by() != null) {
      header.add(words ? messages.get("metrics.column.segment") : "segment");
    }
    header.add(words ? messages.get("cli.cohorts.size") : "size");
    for (int age = 0; age < ages; age++) {
      header.add(Integer.toString(age));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Cohorts.Cohort each : table) {
      List<Object> row = new ArrayList<>();
      row.add(each.label());
      if (query.by() != null) {
        row.add(segment(each.segment()));
      }
      row.add(each.size());
      for (int age = 0; age < ages; age++) {
        row.add(age < each.cells().size() ? cell(each, each.cells().get(age)) : null);
      }
      rows.add(row);
    }
    if (output == OutputFormat.TABLE) {
      out.println(messages.get("cli.cohorts.header." + show, messages.get("period.name." + query.period().code()), query.asOf(), MetricsCommand.describe(query, messages)));
    }
    Tables.print(out, output, messages.locale(), header, rows);
    return 0;
  }

  private Object cell(Cohorts.Cohort cohort, Cohorts.Cell cell) {
    return switch (show) {
      case "count" -> cell.customers();
      case "revenue" -> cell.mrr();
      case "revenue-percent" -> cohort.baseMrr() == 0 ? null : round(100.0 * cell.mrr() / cohort.baseMrr());
      default -> cohort.size() == 0 ? null : round(100.0 * cell.customers() / cohort.size());
    };
  }

  private static Double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
