package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the holdfast command line in-process, as a user types it, against real store files. */
class CliTest {
  @TempDir Path folder;

  record Run(int exit, String out, String err) {}

  static Run holdfast(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    return new Run(exit, out.toString(), err.toString());
  }

  /** A run that does not wait for a store another process has open. */
  static Run holdfastWithout(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of("HOLDFAST_STORE_LOCK_WAIT_SECONDS", "0"));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void help_listsTheCommandsWithExamples() {
    Run run = holdfast("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Usage: holdfast", "demo", "import", "status", "Examples:", "holdfast status --format json");

    Run importHelp = holdfast("import", "--help");
    assertThat(importHelp.out()).contains("--skip-bad-rows", "--mapping=FILE", "--store=FILE", "Examples:",
        "holdfast import --kind customers customers.csv", "A killed import");
    // every command's -V prints the version, as its help says
    for (String command : new String[] {"metrics", "status", "train", "serve", "demo"}) {
      Run version = holdfast(command, "-V");
      assertThat(version.exit()).isZero();
      assertThat(version.out()).as(command).matches("holdfast \\S+\n");
    }
  }

  @Test
  void commandLine_holdsOnlyTheCommandItRuns() {
    picocli.CommandLine.IFactory factory = new Main.Factory(Map.of());
    // every command by a name of its own, all of them for the root's help, a help request or anything unknown
    List<String> all = List.copyOf(Main.commandLine(new String[] {"--help"}, factory).getSubcommands().keySet());
    assertThat(all).hasSize(Main.COMMANDS.size()).doesNotHaveDuplicates().contains("demo", "score", "serve", "help");
    assertThat(Main.commandLine(new String[0], factory).getSubcommands().keySet()).containsExactlyElementsOf(all);
    assertThat(Main.commandLine(new String[] {"help", "score"}, factory).getSubcommands().keySet()).containsExactlyElementsOf(all);
    assertThat(Main.commandLine(new String[] {"scroe"}, factory).getSubcommands().keySet()).containsExactlyElementsOf(all);
    for (String command : all) {
      if (!command.equals("help")) {
        assertThat(Main.commandLine(new String[] {command, "--help"}, factory).getSubcommands().keySet()).containsExactly(command);
      }
    }
    // the one command reads its texts from the same bundle as under the root
    Run scoreHelp = holdfast("score", "--help");
    assertThat(scoreHelp.exit()).isZero();
    assertThat(scoreHelp.out()).contains("Usage: holdfast score", "--exact-top=N", "--store=FILE");
  }

  @Test
  void help_inRussian() {
    Run run = holdfast("demo", "--help", "--lang", "ru");
    assertThat(run.out()).contains("Создать в хранилище реалистичную смоделированную компанию", "Примеры:", "Зерно генератора",
        "Использование: holdfast demo").doesNotContain("Usage:");
    Run top = holdfast("--help", "--lang", "ru");
    assertThat(top.out()).contains("Использование: holdfast", "Команды:").doesNotContain("Usage:", "Commands:");
    assertThat(top.out().replaceAll("\\s+", " ")).contains("(в том числе сжатые gzip)");
  }

  @Test
  void help_everyTextFormats_soPicocliPrintsNoWarning() throws IOException {
    // picocli formats every description with String.format: a lone "%" (as in "95 % intervals") made it warn
    for (String bundle : List.of("cli.properties", "cli_ru.properties")) {
      java.util.Properties texts = new java.util.Properties();
      try (var in = new java.io.InputStreamReader(CliTest.class.getResourceAsStream("/dev/holdfast/app/" + bundle), java.nio.charset.StandardCharsets.UTF_8)) {
        texts.load(in);
      }
      for (String key : texts.stringPropertyNames()) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> String.format(texts.getProperty(key)))).as(bundle + " " + key).isNull();
      }
    }
    assertThat(holdfast("clv", "--help").out()).contains("standard errors and 95 % intervals");
    assertThat(holdfast("survival", "--help", "--lang", "ru").out()).contains("с 95 % интервалом");
  }

  @Test
  void help_examplesFitTheHelpsWidth_soNoneIsBrokenMidWord() {
    // picocli wraps a footer line at 80 columns wherever it falls ("events." / "csv.gz"): a long example is continued
    // on the next line after a shell's backslash instead
    for (String language : List.of("en", "ru")) {
      for (String command : List.of("import", "trends", "report", "clv", "metrics", "cohorts", "survival", "demo", "status", "train", "score",
          "at-risk", "explain", "models", "evaluate", "health", "reasons", "retention-forecast", "serve")) {
        List<String> lines = holdfast(command, "--help", "--lang", language).out().lines().toList();
        int examples = lines.indexOf(language.equals("en") ? "Examples:" : "Примеры:");
        assertThat(examples).as(command + " " + language + " has examples").isPositive();
        for (int i = examples + 1; i < lines.size(); i++) {
          String line = lines.get(i);
          boolean continued = lines.get(i - 1).endsWith(" \\");
          assertThat(line.isEmpty() || (continued ? line.startsWith("      ") : line.startsWith("  holdfast ")) || !line.startsWith(" ") && i > examples + 1
              && lines.get(i - 1).isEmpty()).as(command + " " + language + " line " + (i + 1) + ": " + line).isTrue();
          assertThat(line.length()).as(command + " " + language + ": " + line).isLessThanOrEqualTo(80);
        }
      }
    }
    assertThat(holdfast("import", "--help").out()).contains("  holdfast import --mapping examples/mappings/online-retail/mapping.yaml \\\n      online-retail.csv\n");
  }

  @Test
  void help_fromDefault_isEachCommandsOwn() {
    Map<String, String> defaults = Map.of(
        "metrics", "(default: the 12 periods up to --to, none before the data begin)",
        "cohorts", "(default: the 12 periods up to --to, none before the data begin)",
        "reasons", "(default: the 12 periods up to --to, none before the data begin)",
        "trends", "(default: the 36 periods up to --to, none before the data begin, so that seasons can be compared)",
        "survival", "Only customers whose first active day is on or after this day (default: all history)",
        "retention-forecast", "Only cohorts whose first subscription spell began on or after this day (default: all history)",
        "report", "(default: the 24 periods up to --to; 36 for the trends and churn reasons; all history for survival)");
    defaults.forEach((command, text) -> assertThat(holdfast(command, "--help").out().replaceAll("\\s+", " ")).as(command).contains(text));
    assertThat(holdfast("survival", "--help", "--lang", "ru").out().replaceAll("\\s+", " ")).contains("(по умолчанию: вся история)")
        .doesNotContain("12 периодов");
  }

  @Test
  void demo_thenStatus_reportTheSameCountsAsJson() throws IOException {
    Path store = folder.resolve("demo.duckdb");
    Run demo = holdfast("demo", "--customers", "300", "--months", "12", "--store", store.toString());
    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("Generated 300 customers into " + store, "MRR on 2024-12-31:", "churn", "Next: holdfast metrics --store " + store);

    Run status = holdfast("status", "--store", store.toString(), "--format", "json");
    assertThat(status.exit()).as(status.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(status.out());
    assertThat(json.get("customers").asLong()).isEqualTo(300);
    assertThat(json.get("subscriptions").asLong()).isPositive();
    assertThat(json.get("events").asLong()).isGreaterThan(1000);
    assertThat(json.get("schema_version").asText()).isEqualTo("8");
    assertThat(json.has("findings")).isTrue();
    assertThat(json.get("date_ranges").get("events").get("first").asText()).startsWith("2024-01");
  }

  @Test
  void demo_isDeterministicForASeed() {
    Run first = holdfast("demo", "--customers", "200", "--months", "6", "--seed", "9", "--store", folder.resolve("a.duckdb").toString(), "--format", "json");
    Run second = holdfast("demo", "--customers", "200", "--months", "6", "--seed", "9", "--store", folder.resolve("b.duckdb").toString(), "--format", "json");
    Run other = holdfast("demo", "--customers", "200", "--months", "6", "--seed", "10", "--store", folder.resolve("c.duckdb").toString(), "--format", "json");
    assertThat(List.of(first.exit(), second.exit(), other.exit())).as(first.err()).containsOnly(0);
    assertThat(withoutStore(first.out())).contains("\"customers\" : 200").isEqualTo(withoutStore(second.out())).isNotEqualTo(withoutStore(other.out()));
  }

  @Test
  void demo_refusesToOverwriteAStoreUnlessAsked() {
    Path store = folder.resolve("demo.duckdb");
    assertThat(holdfast("demo", "--customers", "50", "--months", "3", "--store", store.toString()).exit()).isZero();
    Run again = holdfast("demo", "--customers", "50", "--months", "3", "--store", store.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("error: store " + store + " already exists; choose another file with --store or replace it with --replace\n");
    assertThat(holdfast("demo", "--customers", "50", "--months", "3", "--store", store.toString(), "--replace").exit()).isZero();
  }

  @Test
  void demo_ofOneMonth_hasNoChurnRateYet_andSaysSo() {
    Run run = holdfast("demo", "--customers", "5", "--months", "1", "--store", folder.resolve("one-month.duckdb").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("No month here began with customers, so there is no churn rate yet; simulate more months (--months).")
        .doesNotContain("NaN");
    Run year = holdfast("demo", "--customers", "50", "--months", "3", "--store", folder.resolve("three-months.duckdb").toString());
    assertThat(year.out()).containsPattern("Average monthly customer churn over the (one month|[23] months) that began with customers: ");
    // as CSV: the JSON's field names and plain numbers in any language, the sentences on standard error
    Run csv = holdfast("demo", "--customers", "50", "--months", "3", "--store", folder.resolve("three-csv.duckdb").toString(), "--format",
        "csv", "--lang", "ru");
    assertThat(csv.exit()).as(csv.err()).isZero();
    List<String> lines = csv.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("month,start,new,lost,end,churn_rate,retention_rate");
    assertThat(lines.get(3)).matches("\\d{4}-\\d{2},\\d+,\\d+,\\d+,\\d+,\\d+(\\.\\d+)?,\\d+(\\.\\d+)?");
  }

  @Test
  void rangeOptions_refuseACurrencyThatIsNoCode_andAnAsOfBeforeTheData() throws IOException {
    Path store = folder.resolve("range-options.duckdb");
    assertThat(holdfast("demo", "--customers", "50", "--months", "3", "--start", "2025-01-01", "--store", store.toString()).exit()).isZero();
    Run lower = holdfast("metrics", "--store", store.toString(), "--currency", "usd");
    assertThat(lower.exit()).isEqualTo(1);
    assertThat(lower.err()).isEqualTo("error: --currency usd is not an ISO 4217 currency code; use one such as USD, EUR or RUB\n");
    assertThat(holdfast("clv", "--store", store.toString(), "--currency", "euro").err()).startsWith("error: --currency euro is not an ISO 4217");
    assertThat(holdfast("metrics", "--store", store.toString(), "--currency", "ABC").err()).startsWith("error: --currency ABC is not an ISO 4217");
    Run early = holdfast("metrics", "--store", store.toString(), "--as-of", "2020-01-01", "--lang", "ru");
    assertThat(early.exit()).isEqualTo(1);
    assertThat(early.err()).startsWith("ошибка: --as-of 2020-01-01 раньше первого дня с данными (2025-01-");
    Run future = holdfast("survival", "--store", store.toString(), "--as-of", "2099-01-01");
    assertThat(future.exit()).isEqualTo(1);
    assertThat(future.err()).startsWith("error: --as-of 2099-01-01 is after today (");
    // after the data but not after today: allowed (customers lapse for want of orders as days pass), and said
    Run after = holdfast("metrics", "--store", store.toString(), "--as-of", java.time.LocalDate.now().minusDays(1).toString(), "--format", "json");
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(after.err()).contains("note: the data end on 2025-03-");
    Run euro = holdfast("metrics", "--store", store.toString(), "--currency", "EUR");
    assertThat(euro.exit()).as(euro.err()).isZero();
    assertThat(euro.err()).isEqualTo("note: no subscription or order is in EUR, so its money figures are zero; the store holds USD: use"
        + " --currency USD or set business.currency\n");
    assertThat(holdfast("metrics", "--store", store.toString()).err()).isEmpty();
    Run at = holdfast("survival", "--store", store.toString(), "--at", "3,-1");
    assertThat(at.exit()).isEqualTo(1);
    assertThat(at.err()).isEqualTo("error: --at -1 is not a number of months above 0, up to 1,200; give months since the first active day, such as"
        + " 1,3,6,12,24\n");
    // one order in another currency: the figures in USD say they leave it out
    Path order = folder.resolve("euro-order.csv");
    String customer;
    try (dev.holdfast.store.DuckDbStore opened = dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC)) {
      customer = dev.holdfast.store.TestStores.rows(opened, "SELECT min(id) FROM customers").get(0);
    }
    Files.writeString(order, "id,customer_id,ordered_at,amount,currency,status\nE1," + customer + ",2025-02-01,10,EUR,completed\n");
    assertThat(holdfast("import", "--store", store.toString(), "--kind", "orders", order.toString()).exit()).isZero();
    assertThat(holdfast("metrics", "--store", store.toString()).err()).isEqualTo(
        "note: the money figures are in USD; the subscriptions and orders in EUR are left out of them (--currency EUR shows those)\n");
    // survival counts lifetimes, not money: nothing of it is left out
    Run survival = holdfast("survival", "--store", store.toString());
    assertThat(survival.exit()).as(survival.err()).isZero();
    assertThat(survival.err()).isEmpty();
  }

  @Test
  void aStoreInUseByAnotherProcess_isNamedWithThatProcess() throws Exception {
    Path store = folder.resolve("held.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path temporary = Files.createDirectories(folder.resolve("tmp"));
    // a dashboard told to keep its store open holds it while it runs
    Process server = new ProcessBuilder(java, "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--store", store.toString(), "--port", "0", "--release-after", "0").redirectErrorStream(true).redirectOutput(folder.resolve("serve.log").toFile()).start();
    try {
      // only once it says it serves (opening the store here meanwhile would take the lock from under it)
      Path log = folder.resolve("serve.log");
      for (int tries = 0; server.isAlive() && !Files.readString(log).contains("Holdfast dashboard on") && tries < 600; tries++) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(log)).as("the server did not start").contains("Holdfast dashboard on");
      // the dashboard only reads, read-only: a command that reads too runs beside it
      Run read = holdfastWithout("status", "--store", store.toString(), "--format", "json");
      assertThat(read.exit()).as(read.err()).isZero();
      assertThat(read.out()).contains("\"customers\" : 0");
      // one that writes is refused (without waiting for it: StoreLockWaitTest waits)
      Path customers = Files.writeString(folder.resolve("customers.csv"), "id,created\nC1,2024-01-01\n");
      Run run = holdfastWithout("import", "--store", store.toString(), "--kind", "customers", customers.toString());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("error: store " + store + " is in use by another process (PID " + server.pid() + ": another holdfast"
          + " command, or holdfast serve while it answers pages, which lets go of the store after --release-after seconds without a request);"
          + " wait for it to finish or stop it, then run this again\n");
      assertThat(holdfastWithout("import", "--store", store.toString(), "--kind", "customers", customers.toString(), "--lang", "ru").err())
          .startsWith("ошибка: хранилище " + store + " занято другим процессом (PID " + server.pid() + ":");
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  @Test
  void sharedOptions_mayComeBeforeTheCommand() {
    Path store = folder.resolve("shop.duckdb");
    assertThat(holdfast("--store", store.toString(), "demo", "--customers", "200", "--months", "6").exit()).isZero();
    Run after = holdfast("status", "--lang", "ru", "--store", store.toString());
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(after.out()).contains("Хранилище " + store, "строк");
    assertThat(holdfast("--lang", "ru", "--store", store.toString(), "status").out()).isEqualTo(after.out());
    assertThat(holdfast("--lang=ru", "--verbose", "--store=" + store, "status").out()).isEqualTo(after.out());
    assertThat(holdfast("--store", store.toString(), "status", "--format", "json").out())
        .isEqualTo(holdfast("status", "--format", "json", "--store", store.toString()).out());
    // help reads none of them, but speaks the language asked for
    assertThat(holdfast("--lang", "ru", "--help").out()).isEqualTo(holdfast("--help", "--lang", "ru").out()).contains("[КОМАНДА]");
    assertThat(holdfast("--lang", "ru", "help", "score").out()).isEqualTo(holdfast("help", "score", "--lang", "ru").out())
        .contains("holdfast score");
    // an option no command shares, before the command, is refused as before, and a misspelt command is named as such
    Run unknown = holdfast("--lang", "ru", "--top", "3", "at-risk");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("ошибка: ").contains("--top").doesNotContain("'ru'");
    Run misspelt = holdfast("--store", store.toString(), "scroe");
    assertThat(misspelt.exit()).isEqualTo(2);
    assertThat(misspelt.err()).isEqualTo(holdfast("scroe").err());
    assertThat(holdfast("--lang", "ru").out()).isEqualTo(holdfast("--help", "--lang", "ru").out());
    assertThat(Main.commandFirst(new String[] {"--store", "a", "--lang", "ru"})).isEmpty();
    assertThat(Main.commandFirst(new String[] {"--store", "a", "scroe", "x"})).containsExactly("scroe", "x");
    assertThat(Main.commandFirst(new String[] {"--config", "c.yaml", "--store", "a", "at-risk", "--top", "3"}))
        .containsExactly("at-risk", "--config", "c.yaml", "--store", "a", "--top", "3");
  }

  @Test
  void aMistypedCommandLine_getsOneLineInTheReadersLanguage_notTheWholeHelp() {
    Run date = holdfast("metrics", "--store", folder.resolve("none.duckdb").toString(), "--from", "2025-02-30");
    assertThat(date.exit()).isEqualTo(2);
    assertThat(date.err()).isEqualTo("error: invalid value for --from: 2025-02-30 is not a day; write it as YYYY-MM-DD, e.g. 2025-02-28\n"
        + "holdfast metrics --help lists the options, with examples\n");
    Run russian = holdfast("metrics", "--as-of", "2025-13-01", "--lang", "ru");
    assertThat(russian.err()).isEqualTo("ошибка: недопустимое значение --as-of: 2025-13-01 — не дата; запишите её как ГГГГ-ММ-ДД,"
        + " например 2025-02-28\nholdfast metrics --help перечислит параметры с примерами\n");
    Run command = holdfast("nosuchcmd", "--lang", "ru");
    assertThat(command.exit()).isEqualTo(2);
    assertThat(command.err()).startsWith("ошибка: это не команда, не параметр и не значение, которое принимает команда: 'nosuchcmd'");
    assertThat(holdfast("help", "nosuchcmd", "--lang", "ru").err()).startsWith("ошибка: команды «nosuchcmd» нет");
    String help = holdfast("--help", "--lang", "ru").out();
    assertThat(help).contains("[КОМАНДА]", "Справка по команде: holdfast help КОМАНДА").doesNotContain("Display help information");
    Run missing = holdfast("report", "--lang", "ru");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("ошибка: не хватает: '--out=FILE.html'");
    // numbers: no Java type names, and options with a value label or a list are read the same way
    assertThat(holdfast("at-risk", "--top", "abc", "--lang", "ru").err()).startsWith("ошибка: недопустимое значение --top: «abc» — не целое число\n");
    assertThat(holdfast("at-risk", "--top", "abc").err()).startsWith("error: invalid value for --top: \"abc\" is not a whole number\n");
    assertThat(holdfast("import", "--kind", "orders", "--delimiter", "--lang", "ru").err()).startsWith("ошибка: --delimiter требует значения, а за ним идёт --lang\n");
    assertThat(holdfast("import", "--kind", "orders", "--delimiter").err()).startsWith("error: --delimiter needs a value: --delimiter=CHAR\n");
    assertThat(holdfast("survival", "--at", "abc", "--lang", "ru").err())
        .startsWith("ошибка: недопустимое значение --at: «abc» — не число; пишите цифры с десятичной точкой, например 0.08 или 12\n");
  }

  @Test
  void demo_outOfRange_isAnErrorInTheReadersLanguage_andCreatesNothing() {
    Path store = folder.resolve("range.duckdb");
    Run none = holdfast("demo", "--customers", "0", "--store", store.toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("error: --customers must be a whole number from 1 to 10000000, not 0\n");
    Run months = holdfast("demo", "--months", "0", "--store", store.toString(), "--lang", "ru");
    assertThat(months.exit()).isEqualTo(1);
    assertThat(months.err()).contains("--months — целое число от 1 до 240, а не 0");
    Run start = holdfast("demo", "--start", "2024-01-15", "--store", store.toString(), "--lang", "ru");
    assertThat(start.err()).contains("--start — первое число месяца, а не 2024-01-15 (например, 2024-01-01)");
    Run business = holdfast("demo", "--business", "retail", "--store", store.toString(), "--lang", "ru");
    assertThat(business.err()).contains("--business «retail» — не subscription, transactional и не mixed");
    assertThat(store).doesNotExist();
  }

  @Test
  void import_withKindAndMapping_isRefused() throws IOException {
    Path mapping = dev.holdfast.store.ingest.ExampleMappingsTest.repositoryRoot().resolve("examples/mappings/cdnow/mapping.yaml");
    Path file = folder.resolve("orders.csv");
    Files.writeString(file, "customer_id,ordered_at,amount\nA,2024-01-01,3\n");
    Path store = folder.resolve("s.duckdb");
    Run run = holdfast("import", "--store", store.toString(), "--kind", "orders", "--mapping", mapping.toString(), file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: give either --kind or --mapping, not both: mapping " + mapping
        + " names the tables it fills itself (leave out --kind orders)\n");
  }

  @Test
  void import_ofABadFile_printsTheProblemsAndExitsWithOne() throws IOException {
    Path store = folder.resolve("s.duckdb");
    Path customers = folder.resolve("customers.csv");
    Files.writeString(customers, "id,created\nA,2024-01-01\nB,2024-13-01\n");
    Run run = holdfast("import", "--store", store.toString(), "--kind", "customers", customers.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(
        "error: nothing was imported: 1 bad line (1 problem)",
        "  customers.csv line 3, column \"created\": \"2024-13-01\" is not a date or time",
        "--skip-bad-rows");
    assertThat(run.out()).isEmpty();

    Files.writeString(customers, "id,created\nA,2024-01-01\nB,2024-12-01\n");
    Run good = holdfast("import", "--store", store.toString(), "--kind", "customers", customers.toString());
    assertThat(good.exit()).as(good.err()).isZero();
    assertThat(good.out()).contains("Read 2 lines", "customers         2        0          0            0");
  }

  @Test
  void import_intoAStoreThatIsNotThere_saysItCreatesOne_andLeavesNoneWhenNothingIsImported() throws IOException {
    Path customers = folder.resolve("new-store.csv");
    Files.writeString(customers, "id,created\nA,2024-01-01\nB,2024-13-01\n");
    Path typo = folder.resolve("acme.duckbd");
    Run bad = holdfast("import", "--store", typo.toString(), "--kind", "customers", customers.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("No store at " + typo.toAbsolutePath() + " yet: creating it (check --store if you meant an existing one).\n")
        .contains("error: nothing was imported");
    assertThat(typo).doesNotExist();
    assertThat(folder.resolve("acme.duckbd.wal")).doesNotExist();

    Files.writeString(customers, "id,created\nA,2024-01-01\n");
    Run good = holdfast("import", "--store", typo.toString(), "--kind", "customers", customers.toString(), "--lang", "ru");
    assertThat(good.exit()).as(good.err()).isZero();
    assertThat(good.err()).contains("Хранилища " + typo.toAbsolutePath() + " ещё нет: оно будет создано");
    assertThat(typo).exists();
    // the next import into it says nothing of the kind
    Files.writeString(customers, "id,created\nB,2024-01-02\n");
    Run again = holdfast("import", "--store", typo.toString(), "--kind", "customers", customers.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain("No store at");
  }

  @Test
  void import_neverWritesItsRejectsOverTheStoreAnInputOrAnotherFile() throws IOException {
    Path store = folder.resolve("kept.duckdb");
    Path customers = folder.resolve("kept.csv");
    Files.writeString(customers, "id,created\nA,2024-01-01\nB,2024-13-01\n");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    assertThat(holdfast("import", "--store", store.toString(), "--kind", "customers", customers.toString()).exit()).isEqualTo(1);
    long storeSize = Files.size(store);
    Run intoStore = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", "--rejects", store.toString(),
        customers.toString());
    assertThat(intoStore.exit()).isEqualTo(1);
    assertThat(intoStore.err()).startsWith("error: --rejects " + store + " is " + store + ", which this import reads or writes;");
    Run intoInput = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", "--rejects", customers.toString(),
        customers.toString());
    assertThat(intoInput.err()).startsWith("error: --rejects " + customers + " is " + customers + ", which this import reads or writes;");
    Path notes = folder.resolve("notes.txt");
    Files.writeString(notes, "my notes\n");
    Run intoNotes = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", "--rejects", notes.toString(),
        customers.toString());
    assertThat(intoNotes.err()).startsWith("error: --rejects " + notes + " exists and is not a rejects file written by holdfast import");
    // nothing was imported, removed or overwritten
    assertThat(Files.readString(notes)).isEqualTo("my notes\n");
    assertThat(Files.readString(customers)).startsWith("id,created\nA,");
    assertThat(Files.size(store)).isEqualTo(storeSize);
    assertThat(holdfast("status", "--store", store.toString(), "--format", "json").out()).contains("\"customers\" : 0");
  }

  @Test
  void import_thatRejectsNoLine_removesTheRejectsFileOfAnEarlierRun() throws IOException {
    Path store = folder.resolve("s.duckdb");
    Path customers = folder.resolve("customers.csv");
    Path rejects = folder.resolve("rejects.csv");
    Files.writeString(customers, "id,created\nA,2024-01-01\nB,2024-13-01\n");
    Run skipped = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", "--rejects", rejects.toString(),
        customers.toString());
    assertThat(skipped.exit()).as(skipped.err()).isZero();
    assertThat(rejects).exists();

    Files.writeString(customers, "id,created\nA,2024-01-01\nB,2024-12-01\n");
    Run clean = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", "--rejects", rejects.toString(),
        customers.toString());
    assertThat(clean.exit()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("Removed " + rejects + ", the rejects file of an earlier run: this run rejected no line.");
    assertThat(rejects).doesNotExist();
    // for scripts the note goes beside the summary object, not into it
    Files.writeString(rejects, ImportCommand.REJECTS_HEADER + "\ncustomers.csv,3,created,x,bad,fix,\n");
    Run json = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", "--rejects", rejects.toString(),
        "--format", "json", customers.toString());
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("rejected_lines").asInt()).isZero();
    assertThat(json.err()).contains("Removed " + rejects + ", the rejects file of an earlier run");
    assertThat(rejects).doesNotExist();

    // the default rejects file lies in the current folder, named after the first file
    Path elsewhere = folder.resolve("stale-" + System.nanoTime() + ".csv");
    Path defaultRejects = Path.of(elsewhere.getFileName() + ".rejects.csv");
    try {
      Files.writeString(elsewhere, "id,created\nC,2024-01-01\nD,oops\n");
      assertThat(holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", elsewhere.toString()).exit()).isZero();
      assertThat(defaultRejects).exists();
      Files.writeString(elsewhere, "id,created\nC,2024-01-01\nD,2024-01-02\n");
      // a run without --skip-bad-rows writes no rejects file, so it leaves that one alone (it may belong to another store)
      Run plain = holdfast("import", "--store", folder.resolve("other.duckdb").toString(), "--kind", "customers", elsewhere.toString());
      assertThat(plain.exit()).as(plain.err()).isZero();
      assertThat(plain.out() + plain.err()).doesNotContain("Removed");
      assertThat(defaultRejects).exists();
      Run again = holdfast("import", "--store", store.toString(), "--kind", "customers", "--skip-bad-rows", elsewhere.toString());
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(defaultRejects).doesNotExist();
    } finally {
      Files.deleteIfExists(defaultRejects);
    }
  }

  @Test
  void import_namesTheKeysOfTheRowsItKeptAsStored() throws IOException {
    Path store = folder.resolve("conflicts.duckdb");
    Path customers = folder.resolve("conflicts.csv");
    Files.writeString(customers, "id,created,plan\nA,2024-01-01,pro\nB,2024-01-02,basic\n");
    assertThat(holdfast("import", "--store", store.toString(), "--kind", "customers", customers.toString()).exit()).isZero();
    Files.writeString(customers, "id,created,plan\nA,2024-01-01,enterprise\nB,2024-01-02,basic\n");
    Run again = holdfast("import", "--store", store.toString(), "--kind", "customers", customers.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("  customers: 1 row kept as stored, key A\n");
    Run json = holdfast("import", "--store", store.toString(), "--kind", "customers", "--format", "json", customers.toString());
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).path("tables").path("customers").path("conflicting_keys").toString())
        .isEqualTo("[\"A\"]");
  }

  @Test
  void badFlags_giveClearErrors() {
    Run kind = holdfast("import", "--store", folder.resolve("s.duckdb").toString(), "--kind", "invoices", "x.csv");
    assertThat(kind.exit()).isEqualTo(1);
    assertThat(kind.err()).isEqualTo("error: --kind \"invoices\" is not a kind of data; use one of customers, subscriptions, orders, events, tickets, surveys, spend\n");
    // a delimiter that is the quote, or a line break, is told before any file is read (not the CSV reader's stack trace)
    Run quote = holdfast("import", "--store", folder.resolve("s.duckdb").toString(), "--kind", "customers", "--delimiter", "\"", "x.csv");
    assertThat(quote.exit()).isEqualTo(1);
    assertThat(quote.err()).isEqualTo("error: --delimiter \" is the quote character, which would open a quoted field at every column;"
        + " use the character between the fields, or another --quote\n");
    Run quoteIsDelimiter = holdfast("import", "--store", folder.resolve("s.duckdb").toString(), "--kind", "customers", "--quote", ",", "x.csv");
    assertThat(quoteIsDelimiter.err()).isEqualTo("error: --quote , is the field delimiter, which would open a quoted field at every column;"
        + " give another --quote or another --delimiter\n");
    assertThat(holdfast("import", "--kind", "customers", "--quote", "''", "x.csv").err())
        .isEqualTo("error: --quote \"''\" must be one character, e.g. --quote \"'\"\n");
    assertThat(holdfast("import", "--kind", "customers", "--quote", "\r", "x.csv").err()).startsWith("error: --quote cannot be a line break");
    assertThat(holdfast("import", "--kind", "orders", "--decimal-separator", ";", "x.csv", "--lang", "ru").err())
        .isEqualTo("ошибка: --decimal-separator «;» должен быть . или ,\n");
    Run lineBreak = holdfast("import", "--store", folder.resolve("s.duckdb").toString(), "--kind", "customers", "--delimiter", "\n", "x.csv");
    assertThat(lineBreak.exit()).isEqualTo(1);
    assertThat(lineBreak.err()).startsWith("error: --delimiter cannot be a line break").doesNotContain("Exception");
    dev.holdfast.store.DuckDbStore.open(folder.resolve("s.duckdb"), java.time.ZoneOffset.UTC).close();
    Run format = holdfast("status", "--store", folder.resolve("s.duckdb").toString(), "--format", "xml");
    assertThat(format.err()).isEqualTo("error: --format \"xml\" is not table, csv or json\n");
  }

  @Test
  void import_quoteAndDecimalSeparatorFlags_overrideTheDefaults() throws IOException {
    Path store = folder.resolve("q.duckdb");
    Path customers = folder.resolve("customers.csv");
    Files.writeString(customers, "id;created;segment\n'Q;1';2024-01-05;'a ''b'''\nQ2;2024-01-06;plain\n");
    Run quoted = holdfast("import", "--store", store.toString(), "--kind", "customers", "--delimiter", ";", "--quote", "'", customers.toString());
    assertThat(quoted.exit()).as(quoted.err()).isZero();
    Path orders = folder.resolve("orders.csv");
    Files.writeString(orders, "id;customer_id;ordered_at;amount;currency\nO1;'Q;1';2024-02-01;'1234,5';EUR\nO2;Q2;2024-02-02;7,25;EUR\n");
    Run comma = holdfast("import", "--store", store.toString(), "--kind", "orders", "--delimiter", ";", "--quote", "'",
        "--decimal-separator", ",", orders.toString());
    assertThat(comma.exit()).as(comma.err()).isZero();
    // the same file with the default decimal point: nothing lands, and the hint names the flag
    Path pointed = folder.resolve("pointed.csv");
    Files.writeString(pointed, "id;customer_id;ordered_at;amount;currency\nO3;Q2;2024-02-03;7,5;EUR\n");
    Run point = holdfast("import", "--store", store.toString(), "--kind", "orders", "--delimiter", ";", pointed.toString());
    assertThat(point.exit()).isEqualTo(1);
    assertThat(point.err()).contains("pointed.csv line 2, column \"amount\": \"7,5\" is not a number"
        + " (use digits with the configured decimal separator (import.decimal_separator or --decimal-separator), e.g. 1234.50)");
    try (var store2 = dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC);
        var rows = store2.connection().createStatement().executeQuery(
            "SELECT (SELECT string_agg(id || '=' || CAST(attributes->>'$.segment' AS VARCHAR), '|' ORDER BY id) FROM customers),"
                + " (SELECT string_agg(customer_id || ':' || CAST(amount AS VARCHAR), '|' ORDER BY id) FROM orders)")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("Q2=plain|Q;1=a 'b'");
      assertThat(rows.getString(2)).isEqualTo("Q;1:1234.5000|Q2:7.2500");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void import_whitespaceDelimiter_andInputFormat_areHonoured_thenStatusSpeaksRussian() throws IOException {
    Path store = folder.resolve("ws.duckdb");
    Path customers = folder.resolve("customers.txt");
    Files.writeString(customers, "id   created\nW1   2024-01-05\nW2\t2024-01-06\n");
    Run whitespace = holdfast("import", "--store", store.toString(), "--kind", "customers", "--delimiter", "whitespace", customers.toString());
    assertThat(whitespace.exit()).as(whitespace.err()).isZero();
    assertThat(whitespace.out()).contains("customers         2        0          0            0");

    Run format = holdfast("import", "--store", store.toString(), "--kind", "customers", "--input-format", "xml", customers.toString());
    assertThat(format.exit()).isEqualTo(1);
    assertThat(format.err()).isEqualTo("error: --input-format xml is not a format Holdfast reads; use csv, jsonl or parquet (lower case),"
        + " or leave it out to decide by the file name\n");

    Run status = holdfast("status", "--store", store.toString(), "--lang", "ru");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("Хранилище " + store + " (версия схемы 8)").doesNotContain("сопоставления");
    assertThat(status.out().lines().filter(line -> line.startsWith("таблица")).map(line -> List.of(line.split(" {2,}"))))
        .containsExactly(List.of("таблица", "строк", "первая запись", "последняя запись"));
    assertThat(status.out()).contains("customers", "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z");
  }

  @Test
  void commandsThatRead_refuseAStoreThatDoesNotExist_andCreateNothing() {
    Path typo = folder.resolve("typo.duckdb");
    for (String command : List.of("status", "metrics", "models", "at-risk")) {
      Run run = holdfast(command, "--store", typo.toString());
      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.err()).as(command).isEqualTo("error: store " + typo + " does not exist; check --store (or store.path in the configuration),"
          + " or create the store with holdfast import or holdfast demo\n");
    }
    assertThat(holdfast("status", "--store", typo.toString(), "--lang", "ru").err())
        .isEqualTo("ошибка: хранилища " + typo + " нет; проверьте --store (или store.path в конфигурации) либо создайте хранилище командой"
            + " holdfast import или holdfast demo\n");
    assertThat(typo).doesNotExist();
  }

  @Test
  void report_rangeThatEndsBeforeItStarts_isRefusedWithTheRangeMessage() {
    Path store = folder.resolve("empty.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    Path file = folder.resolve("report.html");
    Run run = holdfast("report", "--store", store.toString(), "--out", file.toString(), "--from", "2025-06-01", "--to", "2025-01-01");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: --from 2025-06-01 is after --to 2025-01-01; give the earlier date first\n");
    assertThat(file).doesNotExist();
  }

  @Test
  void report_splitsSurvivalByPlan_onlyWhereCustomersHaveMoreThanOne() throws IOException {
    Path shop = folder.resolve("shop.duckdb");
    assertThat(holdfast("demo", "--business", "transactional", "--customers", "100", "--months", "6", "--store", shop.toString()).exit()).isZero();
    Path file = folder.resolve("shop.html");
    Run run = holdfast("report", "--store", shop.toString(), "--out", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    // a shop without plans: one curve of all customers, not one of "(not set)"
    assertThat(Files.readString(file)).containsPattern("\"survival\":\\{\"query\":\\{[^}]*\"by\":null");
    // the as-of date is checked as the range commands check it, in the command line's words
    Run future = holdfast("report", "--store", shop.toString(), "--out", file.toString(), "--as-of", "2099-01-01");
    assertThat(future.exit()).isEqualTo(1);
    assertThat(future.err()).startsWith("error: --as-of 2099-01-01 is after today (");
    assertThat(holdfast("report", "--store", shop.toString(), "--out", file.toString(), "--as-of", "2000-01-01").err())
        .startsWith("error: --as-of 2000-01-01 is before the first day with data");
    Run asked = holdfast("report", "--store", shop.toString(), "--out", file.toString(), "--survival-by", "plan");
    assertThat(asked.exit()).as(asked.err()).isZero();
    assertThat(Files.readString(file)).containsPattern("\"survival\":\\{\"query\":\\{[^}]*\"by\":\"plan\"");
  }

  @Test
  void report_intoTheStoreOrItsLog_isRefusedAndTheStoreKept() throws IOException {
    Path store = folder.resolve("kept.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    byte[] before = Files.readAllBytes(store);
    Path otherSpelling = folder.resolve("sub").resolve("..").resolve("kept.duckdb");
    for (Path out : List.of(store, otherSpelling, folder.resolve("kept.duckdb.wal"))) {
      Run run = holdfast("report", "--store", store.toString(), "--out", out.toString());
      assertThat(run.exit()).as(out.toString()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("error: --out " + out + " is the store " + store + ": writing there would destroy it; give another file\n");
    }
    Path nowhere = folder.resolve("no-such-folder").resolve("report.html");
    Run missing = holdfast("report", "--store", store.toString(), "--out", nowhere.toString());
    assertThat(missing.err()).isEqualTo("error: cannot write " + nowhere + ": the folder " + nowhere.getParent()
        + " does not exist; create it or give another path\n");
    assertThat(nowhere.getParent()).doesNotExist();
    Run russian = holdfast("report", "--store", store.toString(), "--out", store.toString(), "--lang", "ru");
    assertThat(russian.err()).isEqualTo("ошибка: --out " + store + " — это хранилище " + store + ": запись туда уничтожила бы его; укажите другой файл\n");
    assertThat(Files.readAllBytes(store)).isEqualTo(before);
    assertThat(folder.resolve("kept.duckdb.wal")).doesNotExist();
    assertThat(holdfast("status", "--store", store.toString()).exit()).isZero();
  }

  @Test
  void report_survivalByAnAttributeNoCustomerHas_isRefusedWithTheKnownOnes() {
    Path store = folder.resolve("empty.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    Path file = folder.resolve("report.html");
    Run run = holdfast("report", "--store", store.toString(), "--out", file.toString(), "--survival-by", "palan");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: no customer has an attribute \"palan\"; known attributes: channel, country, owner, plan\n");
    assertThat(file).doesNotExist();
  }

  @Test
  void serveAndDemo_portOutOfRange_isRefusedBeforeAnythingStarts() {
    Path store = folder.resolve("empty.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    Run release = holdfast("serve", "--store", store.toString(), "--release-after", "-1");
    assertThat(release.exit()).isEqualTo(1);
    assertThat(release.err()).isEqualTo("error: --release-after is a number of seconds, 0 or more (0 keeps the store open while serving), not -1\n");
    Run serve = holdfast("serve", "--store", store.toString(), "--port", "70000");
    assertThat(serve.exit()).isEqualTo(1);
    assertThat(serve.err()).isEqualTo("error: --port is 0 to 65535 (0 picks a free port), not 70000\n");
    Path generated = folder.resolve("demo.duckdb");
    Run demo = holdfast("demo", "--serve", "--port", "-1", "--customers", "50", "--months", "3", "--store", generated.toString(), "--lang", "ru");
    assertThat(demo.exit()).isEqualTo(1);
    assertThat(demo.err()).isEqualTo("ошибка: --port — от 0 до 65535 (0 — любой свободный порт), а не -1\n");
    assertThat(generated).doesNotExist();
  }

  @Test
  void filesThatCannotBeWritten_areNamedInTheReadersLanguage() throws IOException {
    Path store = folder.resolve("demo.duckdb");
    Path partial = Files.createDirectories(folder.resolve("demo.duckdb.partial"));
    Files.writeString(partial.resolve("keep.txt"), "not a store");
    Run demo = holdfast("demo", "--customers", "50", "--months", "3", "--store", store.toString(), "--lang", "ru");
    assertThat(demo.exit()).isEqualTo(1);
    assertThat(demo.err()).startsWith("ошибка: не удалось удалить " + partial + ": ");

    Path empty = folder.resolve("empty.duckdb");
    dev.holdfast.store.DuckDbStore.open(empty, java.time.ZoneOffset.UTC).close();
    Path taken = Files.createDirectories(folder.resolve("taken.html"));
    Files.writeString(taken.resolve("index.html"), "a folder, not a file");
    Run report = holdfast("report", "--store", empty.toString(), "--out", taken.toString(), "--lang", "ru");
    assertThat(report.exit()).isEqualTo(1);
    assertThat(report.err()).startsWith("ошибка: не удалось записать отчёт в " + taken + ": ");
  }

  private static String withoutStore(String json) {
    return json.replaceAll("\"store\" : \"[^\"]*\"", "");
  }
}
