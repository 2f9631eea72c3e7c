package dev.holdfast.app;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.quality.StoreStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code holdfast status}: what the store holds and the data-quality warnings about it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false)
final class StatusCommand extends DataCommand {


  StatusCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    StoreStatus.Report report;
    String file;
    try (DuckDbStore store = DuckDbStore.openToRead(config)) {
      report = new StoreStatus(store, clock).report();
      file = store.file().toString();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.JSON) {
      Map<String, Object> json = new LinkedHashMap<>(report.counts());
      json.put("store", file);
      json.put("schema_version", report.schemaVersion());
      Map<String, Object> ranges = new LinkedHashMap<>();
      report.dateRanges().forEach((table, range) -> {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("first", range.first());
        value.put("last", range.last());
        ranges.put(table, value);
      });
      json.put("date_ranges", ranges);
      List<Map<String, Object>> findings = new ArrayList<>();
      for (StoreStatus.Finding finding : report.findings()) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("check", finding.code());
        value.put("count", finding.count());
        value.put("message", messages.get("status.finding." + finding.code(), finding.count()));
        value.put("examples", finding.examples());
        findings.add(value);
      }
      json.put("findings", findings);
      Tables.json(out, json);
      return 0;
    }
    (output == OutputFormat.CSV ? spec.commandLine().getErr() : out).println(messages.get("cli.status.header", file, report.schemaVersion()));
    List<List<Object>> rows = new ArrayList<>();
    report.counts().forEach((table, count) -> {
      StoreStatus.DateRange range = report.dateRanges().get(table);
      rows.add(List.of(table, count, range == null || range.first() == null ? "" : range.first(),
          range == null || range.last() == null ? "" : range.last()));
    });
    List<String> columns = List.of("table", "rows", "first", "last");
    // a table for people takes the language's titles; CSV keeps the codes scripts read
    Tables.print(out, output, messages.locale(), output == OutputFormat.TABLE ? columns.stream().map(c -> messages.get("cli.status.column." + c)).toList() : columns, rows);
    // in CSV the findings go to standard error, so that standard output stays one valid table
    PrintWriter notes = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
    notes.println();
    if (report.findings().isEmpty()) {
      notes.println(messages.get("cli.status.clean"));
    }
    for (StoreStatus.Finding finding : report.findings()) {
      notes.println(messages.get("cli.status.warning", messages.get("status.finding." + finding.code(), finding.count()),
          String.join(", ", finding.examples())));
    }
    notes.flush();
    out.flush();
    return 0;
  }
}
