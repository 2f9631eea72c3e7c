package dev.holdfast.app;

import dev.holdfast.HoldfastException.ConfigurationException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.model.AcquisitionSpend;
import dev.holdfast.model.CanonicalSink;
import dev.holdfast.model.Customer;
import dev.holdfast.model.Order;
import dev.holdfast.model.Subscription;
import dev.holdfast.model.SurveyResponse;
import dev.holdfast.model.Ticket;
import dev.holdfast.model.UsageEvent;
import dev.holdfast.simulate.CompanySimulator;
import dev.holdfast.store.AppenderSink;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.headline.Headline;
import dev.holdfast.store.retention.RetentionMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code holdfast demo}: generates a realistic simulated company into a store and prints its headline figures. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false)
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin Main.StoreOptions storeOptions = new Main.StoreOptions();

  @Option(names = "--customers", paramLabel = "N", defaultValue = "5000", descriptionKey = "demo.customers")
  int customers;

  @Option(names = "--months", paramLabel = "M", defaultValue = "24", descriptionKey = "demo.months")
  int months;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", descriptionKey = "demo.seed")
  long seed;

  @Option(names = "--business", paramLabel = "subscription|transactional|mixed", defaultValue = "subscription", descriptionKey = "demo.business")
  String business;

  @Option(names = "--start", paramLabel = "YYYY-MM-01", defaultValue = "2024-01-01", descriptionKey = "demo.start")
  LocalDate start;

  @Option(names = "--replace", descriptionKey = "demo.replace")
  boolean replace;

  @Option(names = "--serve", descriptionKey = "demo.serve")
  boolean serve;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", descriptionKey = "serve.port")
  int port;

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", descriptionKey = "option.format")
  String format;

  private final Map<String, String> environment;

  private final Clock clock;

  DemoCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.loadCreating(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    // the simulator's own limits, checked here in the reader's language
    if (customers < 1 || customers > CompanySimulator.MAX_CUSTOMERS) {
      throw new ConfigurationException(messages.get("cli.demo.bad_customers", CompanySimulator.MAX_CUSTOMERS, customers));
    }
    if (months < 1 || months > CompanySimulator.MAX_MONTHS) {
      throw new ConfigurationException(messages.get("cli.demo.bad_months", CompanySimulator.MAX_MONTHS, months));
    }
    if (start.getDayOfMonth() != 1) {
      throw new ConfigurationException(messages.get("cli.demo.bad_start", start, start.withDayOfMonth(1)));
    }
    if (serve) {
      ServeCommand.checkPort(port, messages);
    }
    CompanySimulator.Settings settings;
    try {
      settings = new CompanySimulator.Settings(customers, months, seed, businessOf(business, messages), start, config.currency());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("demo: " + e.getMessage());
    }
    Path target = config.storePath();
    if (Files.exists(target) && !replace) {
      throw new ConfigurationException(messages.get("cli.demo.exists", target));
    }
    // refused before the long generation: a folder, a file that is no Holdfast store, a store another process has open
    claim(target, false, messages).run();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    // another demo into the same file may be writing this one
    try (Claim held = claim(partial, true, messages)) {
      deleteStore(partial, messages);
    }
    long began = System.nanoTime();
    CompanySimulator.Summary summary;
    try (DuckDbStore store = DuckDbStore.open(config.withStorePath(partial));
        ImportCommand.Progress progress = ImportCommand.Progress.start(messages.get("cli.demo.progress"), customers, spec.commandLine().getErr());
        AppenderSink sink = new AppenderSink(store)) {
      summary = new CompanySimulator(settings).run(new CountingSink(sink, progress));
      trace("generated", began);
    }
    trace("stored", began);
    // held from the check to the move, so that no command opens the old store in between
    try (Claim held = claim(target, false, messages)) {
      deleteStore(target, messages);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StoreException(messages.get("cli.demo.cannot_move", target, e.getMessage()), e);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    try (DuckDbStore store = DuckDbStore.open(config)) {
      print(store, config, summary, seconds, messages, output);
    }
    if (serve) {
      try {
        ServeCommand.serve(config, dev.holdfast.web.WebServer.DEFAULT_HOST, port, ServeCommand.DEFAULT_RELEASE_SECONDS, clock,
            spec.commandLine().getOut());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }

  private void print(DuckDbStore store, HoldfastConfig config, CompanySimulator.Summary summary, double seconds, Messages messages, OutputFormat output) {
    PrintWriter out = spec.commandLine().getOut();
    Headline headline = new Headline(store);
    LocalDate lastDay = summary.end().minusDays(1);
    LocalDate firstMonth = summary.end().minusMonths(Math.min(12, months));
    List<CustomerCounts> monthly = new RetentionMetrics(store, config, messages, clock)
        .compute(new RetentionMetrics.Query(Period.MONTH, firstMonth, lastDay, lastDay, List.of(), null, config.currency()))
        .stream().map(PeriodMetrics::customers).toList();
    List<Headline.Mrr> mrr = headline.mrrOn(summary.end().minusDays(1));
    Headline.Orders orders = headline.orders();
    if (output == OutputFormat.JSON) {
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("store", store.file().toString());
      json.put("customers", summary.customers());
      json.put("subscriptions", summary.subscriptions());
      json.put("orders", summary.orders());
      json.put("events", summary.events());
      json.put("tickets", summary.tickets());
      json.put("surveys", summary.surveys());
      json.put("spend", summary.spendRows());
      json.put("end", summary.end().toString());
      List<Map<String, Object>> months = new ArrayList<>();
      for (int i = 0; i < monthly.size(); i++) {
        CustomerCounts month = monthly.get(i);
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("month", firstMonth.plusMonths(i).toString());
        row.put("start", month.atStart());
        row.put("new", month.added());
        row.put("lost", month.lost());
        row.put("end", month.atEnd());
        row.put("churn_rate", round(month.churnRate()));
        row.put("retention_rate", round(month.retentionRate()));
        months.add(row);
      }
      json.put("months", months);
      json.put("mrr", mrr.stream().map(m -> Map.of("currency", m.currency(), "mrr", m.amount(), "customers", m.customers())).toList());
      json.put("buyers", orders.buyers());
      json.put("repeat_rate", round(orders.repeatRate()));
      json.put("purchase_frequency", round(orders.purchaseFrequency()));
      Tables.json(out, json);
      return;
    }
    Locale locale = messages.locale().getLanguage().equals("ru") ? messages.locale() : Locale.ENGLISH;
    PrintWriter table = out;
    if (output == OutputFormat.CSV) {
      // only the monthly table goes to standard output, so that it stays valid CSV
      out = spec.commandLine().getErr();
    }
    out.println(messages.get("cli.demo.done", summary.customers(), store.file(), seconds));
    out.println(messages.get("cli.demo.counts", summary.subscriptions(), summary.orders(), summary.events(), summary.tickets(), summary.surveys()));
    for (Headline.Mrr row : mrr) {
      out.println(messages.get("cli.demo.mrr", summary.end().minusDays(1), String.format(locale, "%,.2f", row.amount()), row.currency(), row.customers()));
    }
    if (!monthly.isEmpty() && monthly.get(0).atStart() + monthly.get(monthly.size() - 1).atEnd() > 0) {
      out.println();
      List<List<Object>> rows = new ArrayList<>();
      boolean csv = output == OutputFormat.CSV;
      for (int i = 0; i < monthly.size(); i++) {
        CustomerCounts month = monthly.get(i);
        // CSV carries the JSON's field names and plain numbers (a blank where a rate is undefined)
        rows.add(java.util.Arrays.asList(Period.MONTH.label(firstMonth.plusMonths(i)), month.atStart(), month.added(), month.lost(), month.atEnd(),
            csv ? round(month.churnRate()) : percent(locale, month.churnRate()), csv ? round(month.retentionRate()) : percent(locale, month.retentionRate())));
      }
      Tables.print(table, output, messages.locale(), csv ? List.of("month", "start", "new", "lost", "end", "churn_rate", "retention_rate")
          : Tables.headings(output, messages, List.of("month", "S", "N", "lost", "E", "churn", "CRR")), rows);
      // a month that began without customers has no churn rate; the average is over those that have one
      double[] rates = monthly.stream().mapToDouble(CustomerCounts::churnRate).filter(rate -> !Double.isNaN(rate)).toArray();
      if (rates.length == 0) {
        out.println(messages.get("cli.demo.no_churn_rate"));
      } else {
        double average = java.util.Arrays.stream(rates).average().orElseThrow();
        out.println(messages.get("cli.demo.average_churn", rates.length, String.format(locale, "%.2f", average)));
      }
    }
    if (orders.buyers() > 0) {
      out.println(messages.get("cli.demo.orders", orders.buyers(), orders.orders(),
          String.format(locale, "%.1f", orders.repeatRate()), String.format(locale, "%.2f", orders.purchaseFrequency())));
    }
    // one-off buyers have no plan: their next steps are the purchase models
    out.println(messages.get(business.equals("transactional") ? "cli.demo.next_transactional" : "cli.demo.next", store.file()));
    out.flush();
    table.flush();
  }

  private static void trace(String step, long began) {
    if (System.getenv("HOLDFAST_TRACE") != null) {
      System.err.printf(Locale.ROOT, "trace: %-12s %8.3f s%n", step, (System.nanoTime() - began) / 1e9);
    }
  }

  /** A rate as "4.8 %", or "–" when it is undefined (nobody was active at the start). */
  private static String percent(Locale locale, double value) {
    return Double.isNaN(value) ? "–" : String.format(locale, "%.1f %%", value);
  }

  private static Object round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 100.0) / 100.0;
  }

  private static CompanySimulator.Business businessOf(String text, Messages messages) {
    try {
      return CompanySimulator.Business.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(messages.get("cli.demo.bad_business", text));
    }
  }

  /** The old store at {@code target}, held for its replacement (see {@link DuckDbStore#claimForReplacement}). */
  private static Claim claim(Path target, boolean leftover, Messages messages) {
    return new Claim(DuckDbStore.claimForReplacement(target, leftover), target, messages);
  }

  private record Claim(AutoCloseable held, Path target, Messages messages) implements AutoCloseable {
    /** Lets the store go at once: a check only. */
    void run() {
      close();
    }

    @Override
    public void close() {
      try {
        held.close();
      } catch (Exception e) {
        throw new StoreException(messages.get("cli.demo.cannot_remove", target, e.getMessage()), e);
      }
    }
  }

  private static void deleteStore(Path file, Messages messages) {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
    } catch (IOException e) {
      throw new StoreException(messages.get("cli.demo.cannot_remove", file, e.getMessage()), e);
    }
  }

  /** Passes records on and advances the progress bar by one per customer. */
  private record CountingSink(CanonicalSink sink, ImportCommand.Progress progress) implements CanonicalSink {
    @Override
    public void customer(Customer customer) {
      sink.customer(customer);
      progress.step(1);
    }

    @Override
    public void subscription(Subscription subscription) {
      sink.subscription(subscription);
    }

    @Override
    public void order(Order order) {
      sink.order(order);
    }

    @Override
    public void event(UsageEvent event) {
      sink.event(event);
    }

    @Override
    public void ticket(Ticket ticket) {
      sink.ticket(ticket);
    }

    @Override
    public void survey(SurveyResponse response) {
      sink.survey(response);
    }

    @Override
    public void spend(AcquisitionSpend spend) {
      sink.spend(spend);
    }
  }
}
