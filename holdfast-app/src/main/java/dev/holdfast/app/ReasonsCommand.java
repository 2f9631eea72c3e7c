package dev.holdfast.app;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code holdfast reasons}: why customers left, per period: churn type and cancellation reason, with MRR lost. */
@Command(name = "reasons", mixinStandardHelpOptions = true, sortOptions = false)
final class ReasonsCommand extends DataCommand {
  @Mixin PeriodOptions periodOptions = new PeriodOptions();


  ReasonsCommand(Map<String, String> environment, Clock clock) {
    super(environment, clock);
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    PrintWriter out = spec.commandLine().getOut();
    try (DuckDbStore store = DuckDbStore.open(config)) {
      RetentionMetrics metrics = new RetentionMetrics(store, config, messages, clock);
      RetentionMetrics.Query query = periodOptions.query(metrics, config, messages, 12);
      List<List<Object>> rows = new ArrayList<>();
      for (RetentionMetrics.Reason reason : metrics.reasons(query)) {
        rows.add(List.of(reason.period(), reason.segment(), reason.churnType(), reason.reason(), reason.customers(), reason.mrr()));
      }
      if (output == OutputFormat.TABLE) {
        out.println(messages.get("cli.reasons.header", query.asOf(), MetricsCommand.describe(query, messages)));
      }
      Tables.print(out, output, List.of("period", "segment", "churn_type", "reason", "customers", "mrr_lost"), rows);
    }
    return 0;
  }
}
