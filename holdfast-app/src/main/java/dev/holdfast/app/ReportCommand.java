package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.retention.RetentionMetrics;
import dev.holdfast.web.HtmlReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code holdfast report}: one self-contained HTML file with the retention picture, for reading offline or e-mailing. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false)
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin Main.StoreOptions storeOptions = new Main.StoreOptions();

  @Option(names = "--out", paramLabel = "FILE.html", required = true, descriptionKey = "report.out")
  Path file;

  @Option(names = "--period", paramLabel = "day|week|month|quarter|year", defaultValue = "month", descriptionKey = "option.period")
  String period;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", descriptionKey = "option.from")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", descriptionKey = "option.to")
  LocalDate to;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", descriptionKey = "option.as_of")
  LocalDate asOf;

  @Option(names = "--segment", paramLabel = "ATTRIBUTE=VALUE", descriptionKey = "option.segment")
  List<String> segments = new ArrayList<>();

  @Option(names = "--survival-by", paramLabel = "ATTRIBUTE", defaultValue = "plan", descriptionKey = "report.survival_by")
  String survivalBy;

  private final Map<String, String> environment;
  private final Clock clock;

  ReportCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    Main.StoreOptions.refuseStoreAsOutput("--out", file, config, messages);
    // a mistyped folder is said, as score --out says it, rather than made
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
      throw new InputException(messages.get("churn.out_no_folder", file, folder));
    }
    Period unit;
    try {
      unit = Period.parse(period);
    } catch (IllegalArgumentException e) {
      throw new InputException(messages.get("cli.bad_period", period, Period.codes()));
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new InputException(messages.get("metrics.range", from, to));
    }
    List<RetentionMetrics.Segment> filters = segments.stream().map(text -> RetentionMetrics.Segment.parse(text, messages)).toList();
    long began = System.nanoTime();
    try (DuckDbStore store = DuckDbStore.openToRead(config)) {
      // the report would draw unsplit curves for an attribute no customer has: a typo is refused, as --segment's are
      RetentionMetrics metrics = new RetentionMetrics(store, config, messages, clock);
      metrics.requireKnownAttribute(survivalBy);
      // the as-of date is checked as the range commands check it, in the words of the command line
      RangeOptions.requireKnownDay(asOf, asOf == null ? null : metrics.firstDataDay(), metrics, messages);
      // by default the curves are split by plan, unless no two customers' plans differ (a shop without plans): one
      // curve of "no plan" says less than the curve of all customers
      String by = survivalBy;
      if (!spec.commandLine().getParseResult().hasMatchedOption("--survival-by") && "plan".equals(by)) {
        try (java.sql.Statement statement = store.connection().createStatement();
            java.sql.ResultSet plans = statement.executeQuery("SELECT count(DISTINCT coalesce(plan, '')) FROM customers")) {
          plans.next();
          by = plans.getLong(1) <= 1 ? null : by;
        } catch (java.sql.SQLException e) {
          throw new dev.holdfast.HoldfastException.StoreException("cannot read the customers' plans: " + e.getMessage(), e);
        }
      }
      HtmlReport.Options options = HtmlReport.Options.defaults(config.locale()).withPeriod(unit).withSegments(filters).withSurvivalBy(by);
      if (from != null || to != null) {
        options = options.withRange(from, to);
      }
      if (asOf != null) {
        options = options.withAsOf(asOf);
      }
      new HtmlReport(store, config, clock).write(options, file);
    }
    spec.commandLine().getOut().println(messages.get("report.written", file, (System.nanoTime() - began) / 1e9,
        config.locale().getLanguage()));
    return 0;
  }
}
