package dev.holdfast.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {
  private static final String CUSTOMERS =
      "id,created,plan,country,industry\n"
          + "A,2024-01-05,pro,DE,retail\n"
          + "B,2024-02-10T09:30:00+03:00,basic,RU,media\n"
          + "C,2024-03-01 12:00:00,pro,US,\n";

  @TempDir Path folder;
  private DuckDbStore store;
  private HoldfastConfig config;

  @BeforeEach
  void open() {
    config = TestStores.config(folder.resolve("store.duckdb"));
    store = DuckDbStore.open(config.storePath(), config.timeZone());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void customers_withCanonicalColumns_landWithFreeFormAttributes() throws IOException {
    ImportResult result = importFile("customers", "customers.csv", CUSTOMERS);

    assertThat(result.linesRead()).isEqualTo(3);
    assertThat(result.tables().get("customers").inserted()).isEqualTo(3);
    assertThat(TestStores.rows(store, "SELECT id, CAST(created AS VARCHAR), plan, country, CAST(attributes AS VARCHAR) FROM customers ORDER BY id"))
        .containsExactly(
            "A|2024-01-05 00:00:00+00|pro|DE|{\"industry\":\"retail\"}",
            "B|2024-02-10 06:30:00+00|basic|RU|{\"industry\":\"media\"}",
            "C|2024-03-01 12:00:00+00|pro|US|{\"industry\":null}");
    assertThat(TestStores.count(store, "SELECT count(*) FROM imports")).isEqualTo(1);
  }

  @Test
  void reimport_ofTheSameFile_changesNothing() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    importFile("orders", "orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nA,2024-01-06,10.5\nB,2024-02-11,7\n");
    List<String> before = TestStores.rows(store, "SELECT * FROM orders ORDER BY id");

    ImportResult again = importFile("orders", "orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nA,2024-01-06,10.5\nB,2024-02-11,7\n");

    assertThat(again.tables().get("orders")).isEqualTo(new ImportResult.TableCounts(0, 0, 3, 0));
    assertThat(TestStores.rows(store, "SELECT * FROM orders ORDER BY id")).isEqualTo(before).hasSize(3);
    assertThat(TestStores.count(store, "SELECT count(*) FROM imports")).isEqualTo(2);
  }

  @Test
  void changedRows_areKeptWithoutUpsert_andUpdatedWithIt() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    String changed = "id,created,plan,country\nA,2024-01-05,business,DE\nD,2024-04-01,pro,FR\n";

    ImportResult kept = importFile("customers", "changed.csv", changed);
    // the kept row is named by its key, so that it can be found
    assertThat(kept.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(1, 0, 0, 1, List.of("A")));
    assertThat(TestStores.value(store, "SELECT plan FROM customers WHERE id = 'A'")).isEqualTo("pro");

    ImportResult updated = run(List.of(write("changed.csv", changed)), options(null, CanonicalTable.CUSTOMERS, true, false));
    assertThat(updated.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(0, 1, 1, 0));
    assertThat(TestStores.value(store, "SELECT plan FROM customers WHERE id = 'A'")).isEqualTo("business");
    assertThat(TestStores.count(store, "SELECT count(*) FROM customers")).isEqualTo(4);
  }

  @Test
  void badNumber_isReportedWithFileLineColumnValueAndHint_andNothingIsWritten() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Map<String, Long> before = store.counts();

    assertThatThrownBy(() -> importFile("orders", "orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nB,2024-02-11,12,5O\n"))
        .isInstanceOf(ImportFailedException.class);
    ImportFailedException failure = catchFailure("orders", "orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nB,2024-02-11,\"12,5O\"\nC,yesterday,3\n");

    assertThat(failure.getMessage()).isEqualTo("nothing was imported: 2 bad lines (2 problems)");
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly(
        "orders.csv line 3, column \"amount\": \"12,5O\" is not a number (use digits with the configured decimal separator (import.decimal_separator or --decimal-separator), e.g. 1234.50)",
        "orders.csv line 4, column \"ordered_at\": \"yesterday\" is not a date or time (use ISO 8601 such as 2024-03-01 09:30:00 or 2024-03-01T09:30:00+03:00, or add a strftime pattern to import.timestamp_patterns or the mapping's source.timestamp_patterns)");
    assertThat(store.counts()).isEqualTo(before);
  }

  @Test
  void anAmountBeyondWhatTheStoreHolds_isTooLarge_notNoNumber() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException failure = catchFailure("orders", "orders.csv",
        "customer_id,ordered_at,amount\nA,2024-01-06,99999999999999.9999\nA,2024-01-07,100000000000000\nB,2024-01-08,-4111111111111111\nC,2024-01-09,1e300\n"
            + "C,2024-01-10,1e400\nC,2024-01-11,inf\n");

    // the largest amount lands (line 2); a card number and 10^300 are too large, each with its value
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly(
        "orders.csv line 3, column \"amount\": \"100000000000000\" is too large: the store keeps amounts with at most 14 digits before the decimal"
            + " separator (check the column (an id or a card number where the amount should be?); amounts go up to 99999999999999.9999)",
        "orders.csv line 4, column \"amount\": \"-4111111111111111\" is too large: the store keeps amounts with at most 14 digits before the decimal"
            + " separator (check the column (an id or a card number where the amount should be?); amounts go up to 99999999999999.9999)",
        "orders.csv line 5, column \"amount\": \"1e300\" is too large: the store keeps amounts with at most 14 digits before the decimal"
            + " separator (check the column (an id or a card number where the amount should be?); amounts go up to 99999999999999.9999)",
        // beyond even a double (read as infinity) is too large as well; "inf" is no number at all
        "orders.csv line 6, column \"amount\": \"1e400\" is too large: the store keeps amounts with at most 14 digits before the decimal"
            + " separator (check the column (an id or a card number where the amount should be?); amounts go up to 99999999999999.9999)",
        "orders.csv line 7, column \"amount\": \"inf\" is not a number (use digits with the configured decimal separator"
            + " (import.decimal_separator or --decimal-separator), e.g. 1234.50)");
  }

  @Test
  void infiniteMomentsAndYearsBeyond9999_areNotDatesOrTimes() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException orders = catchFailure("orders", "orders.csv",
        "customer_id,ordered_at,amount,currency,status\nA,infinity,1,USD,completed\nA,-infinity,1,USD,completed\nA,99999-01-01,1,USD,completed\n"
            + "A,9999-12-31 23:00:00,1,USD,completed\n");
    assertThat(orders.firstProblems()).extracting(Problem::describe).containsExactly(
        "orders.csv line 2, column \"ordered_at\": \"infinity\" is not a date or time (use ISO 8601 such as 2024-03-01 09:30:00 or"
            + " 2024-03-01T09:30:00+03:00, or add a strftime pattern to import.timestamp_patterns or the mapping's source.timestamp_patterns)",
        "orders.csv line 3, column \"ordered_at\": \"-infinity\" is not a date or time (use ISO 8601 such as 2024-03-01 09:30:00 or"
            + " 2024-03-01T09:30:00+03:00, or add a strftime pattern to import.timestamp_patterns or the mapping's source.timestamp_patterns)",
        "orders.csv line 4, column \"ordered_at\": \"99999-01-01\" is not a date or time (use ISO 8601 such as 2024-03-01 09:30:00 or"
            + " 2024-03-01T09:30:00+03:00, or add a strftime pattern to import.timestamp_patterns or the mapping's source.timestamp_patterns)");
    ImportFailedException subscriptions = catchFailure("subscriptions", "subs.csv",
        "customer_id,mrr,currency,billing_period,started,ended\nA,10,USD,month,2024-01-01,infinity\nB,10,USD,month,-infinity,\n"
            + "C,10,USD,month,2024-01-01,12024-01-01\n");
    assertThat(subscriptions.firstProblems()).extracting(Problem::line, Problem::column, Problem::value, Problem::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2L, "ended", "infinity", "is not a date"),
        org.assertj.core.groups.Tuple.tuple(3L, "started", "-infinity", "is not a date"),
        org.assertj.core.groups.Tuple.tuple(4L, "ended", "12024-01-01", "is not a date"));
    assertThat(TestStores.count(store, "SELECT count(*) FROM orders") + TestStores.count(store, "SELECT count(*) FROM subscriptions")).isZero();
  }

  @Test
  void everyKindOfBadValue_hasItsOwnMessage() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException failure = catchFailure("subscriptions", "subs.csv",
        "customer_id,mrr,currency,billing_period,started,ended,churn_type\n"
            + "A,10,USD,month,2024-01-01,,\n"
            + "B,-5,USD,month,2024-01-01,,\n"
            + "C,10,XYZ,month,2024-01-01,,\n"
            + "A,10,USD,fortnight,2024-02-01,,\n"
            + "B,10,USD,month,2024-03-01,2024-02-01,voluntary\n"
            + ",10,USD,month,2024-01-01,,\n"
            + "Z,10,USD,month,2024-01-01,,\n");
    assertThat(failure.firstProblems()).extracting(Problem::line, Problem::column, Problem::value, Problem::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3L, "mrr", "-5", "must not be negative"),
        org.assertj.core.groups.Tuple.tuple(4L, "currency", "XYZ", "is not an ISO 4217 currency code"),
        org.assertj.core.groups.Tuple.tuple(5L, "billing_period", "fortnight", "is not one of month, quarter, half_year, year, two_years"),
        org.assertj.core.groups.Tuple.tuple(6L, "ended", "2024-02-01", "is before the day in started"),
        org.assertj.core.groups.Tuple.tuple(7L, "customer_id", null, "customer_id is missing"),
        org.assertj.core.groups.Tuple.tuple(8L, "customer_id", "Z", "refers to a customer the store does not know"));
    assertThat(TestStores.count(store, "SELECT count(*) FROM subscriptions")).isZero();
  }

  @Test
  void unknownCustomers_canBeCreatedFromTheirFirstRow() throws IOException {
    Path file = write("events.csv", "customer_id,occurred_at,type,value\nX,2024-05-02 10:00:00,login,1\nX,2024-05-01 09:00:00,login,1\nY,2024-05-03,export,2.5\n");
    ImportResult result = run(List.of(file), new Importer.Options(null, CanonicalTable.EVENTS, null, null, null, null, false, false, null,
        HoldfastConfig.UnknownCustomers.CREATE));

    assertThat(result.customersCreated()).isEqualTo(2);
    assertThat(TestStores.rows(store, "SELECT id, CAST(created AS VARCHAR) FROM customers ORDER BY id"))
        .containsExactly("X|2024-05-01 09:00:00+00", "Y|2024-05-03 00:00:00+00");
    assertThat(TestStores.count(store, "SELECT count(*) FROM events WHERE id IS NULL")).isEqualTo(3);
  }

  @Test
  void repeatedKeyWithOtherValues_inOneFile_isRejected() throws IOException {
    ImportFailedException failure = catchFailure("customers", "customers.csv", "id,created\nA,2024-01-01\nB,2024-01-01\nA,2024-02-01\n");
    assertThat(failure.firstProblems()).singleElement().satisfies(problem -> {
      assertThat(problem.line()).isEqualTo(4);
      assertThat(problem.value()).isEqualTo("A");
      assertThat(problem.reason()).isEqualTo("repeats the key of an earlier line with different values");
    });
  }

  @Test
  void skipBadRows_importsTheGoodLinesAndWritesEveryRejectedLineWithItsReason() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path rejects = folder.resolve("rejects.csv");
    Path file = write("orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nB,2024-02-11,abc\nC,2024-03-02,4\nQ,2024-03-02,4\n");

    ImportResult result = run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true, rejects, null));

    assertThat(result.tables().get("orders").inserted()).isEqualTo(2);
    assertThat(result.rejectedLines()).isEqualTo(2);
    assertThat(Files.readAllLines(rejects)).containsExactly(
        "file,line,column,value,reason,hint,source_row",
        "orders.csv,3,amount,abc,is not a number,\"use digits with the configured decimal separator (import.decimal_separator or --decimal-separator), e.g. 1234.50\","
            + "\"{\"\"customer_id\"\":\"\"B\"\",\"\"ordered_at\"\":\"\"2024-02-11\"\",\"\"amount\"\":\"\"abc\"\"}\"",
        "orders.csv,5,customer_id,Q,refers to a customer the store does not know,\"import the customers first, or let the import create them with --unknown-customers create\","
            + "\"{\"\"customer_id\"\":\"\"Q\"\",\"\"ordered_at\"\":\"\"2024-03-02\"\",\"\"amount\"\":\"\"4\"\"}\"");
  }

  @Test
  void skipBadRows_ofJsonLines_writesTheRejectedLineAsItWasWritten() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path rejects = folder.resolve("rejects.csv");
    // the lines have different keys, and numbers and booleans that are no text
    String bad = "{\"customer_id\": \"B\", \"ordered_at\": \"2024-02-11\", \"amount\": 12.50, \"status\": \"nonsense\"}";
    Path file = write("orders.jsonl", "{\"customer_id\": \"A\", \"ordered_at\": \"2024-01-06\", \"amount\": 10.5, \"currency\": \"USD\"}\n" + bad + "\n");

    ImportResult result = run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true, rejects, null));

    assertThat(result.tables().get("orders").inserted()).isEqualTo(1);
    List<String> lines = Files.readAllLines(rejects);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("orders.jsonl,2,status,nonsense,").endsWith(",\"" + bad.replace("\"", "\"\"") + "\"");
  }

  @Test
  void aJsonLinesKey_thatHoldfastReservesForItsOwnUse_isRefused() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path file = write("orders.jsonl", "{\"customer_id\": \"A\", \"ordered_at\": \"2024-01-06\", \"amount\": 10.5, \"hf$source_line\": 1}\n");
    assertThatThrownBy(() -> run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, false, null, null)))
        .hasMessage("orders.jsonl line 1: the key \"hf$source_line\" is reserved for Holdfast's own use; rename it in the file");
    assertThat(store.counts().get("orders")).isZero();
  }

  @Test
  void aLineWithAnotherProblem_alsoReportsItsUnknownCustomer() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path rejects = folder.resolve("rejects.csv");
    Path file = write("orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nQ,2024-02-11,abc\nB,2024-03-02,xyz\nR,2024-03-02,4\n");

    ImportResult result = run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true, rejects, null));

    // line 3 has both problems in one go, so one round of fixes is enough; line 4's customer B is known
    assertThat(result.tables().get("orders").inserted()).isEqualTo(1);
    assertThat(result.rejectedLines()).isEqualTo(3);
    assertThat(Files.readAllLines(rejects)).extracting(line -> String.join(",", java.util.Arrays.asList(line.split(",")).subList(0, 5))).containsExactly(
        "file,line,column,value,reason",
        "orders.csv,3,amount,abc,is not a number",
        "orders.csv,3,customer_id,Q,refers to a customer the store does not know",
        "orders.csv,4,amount,xyz,is not a number",
        "orders.csv,5,customer_id,R,refers to a customer the store does not know");
  }

  @Test
  void aLineWithSeveralTargets_reportsItsUnknownCustomerOnce_andACustomerLineNotForItsOwnCustomer() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path both = write("both.yaml", "targets:\n  orders:\n    fields:\n      id: oid\n      customer_id: cust\n      ordered_at: day\n      amount: amt\n"
        + "  tickets:\n    fields:\n      id: oid\n      customer_id: cust\n      opened: day\n");
    ImportFailedException twice = assertThrows(ImportFailedException.class, () -> run(List.of(write("ot.csv", "oid,cust,day,amt\nO1,A,2024-01-06,1\nO2,Z,2024-01-07,2\n")),
        new Importer.Options(Mapping.read(both), null, null, null, null, null, false, false, null, null)));
    assertThat(twice.firstProblems()).extracting(Problem::line, Problem::value, Problem::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "Z", "refers to a customer the store does not know"));

    Path withCustomers = write("co.yaml", "targets:\n  customers:\n    fields:\n      id: cust\n      created: day\n"
        + "  orders:\n    fields:\n      id: oid\n      customer_id: cust\n      ordered_at: day\n      amount: amt\n");
    ImportFailedException own = assertThrows(ImportFailedException.class, () -> run(List.of(write("co.csv", "oid,cust,day,amt\nO3,C3,notadate,1\n")),
        new Importer.Options(Mapping.read(withCustomers), null, null, null, null, null, false, false, null, null)));
    // the date is the problem; fixing it makes C3 known
    assertThat(own.firstProblems()).extracting(Problem::column, Problem::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("day", "is not a date or time"));
  }

  @Test
  void aCustomerWhoseLineIsRejectedForAnotherTarget_takesTheOrdersOfLaterLinesWithIt() throws IOException {
    Path mapping = write("co.yaml", "targets:\n  customers:\n    fields:\n      id: cust\n      created: day\n"
        + "  orders:\n    fields:\n      id: oid\n      customer_id: cust\n      ordered_at: day\n      amount: amt\n");
    // line 3 repeats order O1 with another amount and is rejected; it is the first line of customer C2, whose order O2 on
    // line 4 must not be written without its customer
    run(List.of(write("co.csv", "oid,cust,day,amt\nO1,C1,2024-01-06,10\nO1,C2,2024-01-06,20\nO2,C2,2024-01-06,30\n")),
        new Importer.Options(Mapping.read(mapping), null, null, null, null, null, false, true, folder.resolve("rejects.csv"), null));
    assertThat(TestStores.count(store, "SELECT count(*) FROM orders WHERE customer_id NOT IN (SELECT id FROM customers)")).isZero();
    assertThat(TestStores.rows(store, "SELECT id, customer_id FROM orders")).containsExactly("O1|C1");
  }

  @Test
  void skipBadRows_withARejectsFileThatCannotBeWritten_importsNothingAndSaysWhy() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Map<String, Long> before = store.counts();
    Path file = write("orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nB,2024-02-11,abc\n");
    Path nowhere = folder.resolve("nowhere/x.csv");
    Path aFolder = Files.createDirectories(folder.resolve("afolder"));

    assertThatThrownBy(() -> run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true, nowhere, null)))
        .isInstanceOf(InputException.class)
        .hasMessage("cannot write the rejects file " + nowhere + ": the folder " + nowhere.getParent() + " does not exist; nothing was imported."
            + " Name a file in a folder that exists and can be written with --rejects");
    assertThatThrownBy(() -> run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true, aFolder, null)))
        .isInstanceOf(InputException.class)
        .hasMessage("cannot write the rejects file " + aFolder + ": it is a folder; nothing was imported."
            + " Name a file in a folder that exists and can be written with --rejects");
    assertThat(store.counts()).isEqualTo(before);
    assertThat(Files.exists(nowhere.getParent())).isFalse();
  }

  @Test
  void skipBadRows_countsLinesThatCannotBeSplit_asLinesRead() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path csv = write("orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,10.5\nB,2024-02-11,3,extra\n\nC,2024-03-02,4\n");
    ImportResult fromCsv = run(List.of(csv), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true,
        folder.resolve("rejects.csv"), null));
    assertThat(fromCsv.tables().get("orders").inserted()).isEqualTo(2);
    assertThat(fromCsv.rejectedLines()).isEqualTo(1);
    // three data lines (the blank one is no line of data), one of them with a field too many
    assertThat(fromCsv.linesRead()).isEqualTo(3);

    Path jsonl = write("events.jsonl", "{\"customer_id\": \"A\", \"occurred_at\": \"2024-01-06\", \"type\": \"login\"}\n{not json\n[1, 2]\n");
    ImportResult fromJson = run(List.of(jsonl), new Importer.Options(null, CanonicalTable.EVENTS, null, null, null, null, false, true,
        folder.resolve("rejects-events.csv"), null));
    assertThat(fromJson.tables().get("events").inserted()).isEqualTo(1);
    assertThat(fromJson.rejectedLines()).isEqualTo(2);
    assertThat(fromJson.linesRead()).isEqualTo(3);
  }

  @Test
  void manyBadLines_reportTheFirst20AndTheTotal() throws IOException {
    StringBuilder csv = new StringBuilder("id,created\n");
    for (int i = 0; i < 57; i++) {
      csv.append("C").append(i).append(",not-a-date\n");
    }
    ImportFailedException failure = catchFailure("customers", "customers.csv", csv.toString());
    assertThat(failure.firstProblems()).hasSize(20);
    assertThat(failure.firstProblems().get(0).line()).isEqualTo(2);
    assertThat(failure.totalProblems()).isEqualTo(57);
  }

  @Test
  void emptyFile_isAClearError() throws IOException {
    assertThatThrownBy(() -> importFile("customers", "empty.csv", ""))
        .isInstanceOf(InputException.class)
        .hasMessage("empty.csv is empty: there is no header and no data");
  }

  @Test
  void wrongHeader_namesTheMissingColumnsAndWhatWasFound() {
    assertThatThrownBy(() -> importFile("orders", "orders.csv", "client,date,sum\nA,2024-01-01,3\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("orders.csv: the header has no column customer_id, ordered_at, amount, required for orders; found columns: client, date, sum."
            + " Rename the columns or describe them with --mapping");
  }

  @Test
  void truncatedFile_withAnUnclosedQuote_isAClearError() {
    assertThatThrownBy(() -> importFile("customers", "cut.csv", "id,created,plan\nA,2024-01-01,pro\nB,2024-01-02,\"bas"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("cut.csv cannot be read as CSV at line 3")
        .hasMessageEndingWith("the file may be truncated or have an unclosed quote");
    assertThat(TestStores.count(store, "SELECT count(*) FROM customers")).isZero();
    // a field longer than the reader's 16 MB buffer is named as such, in the user's words (not FastCSV's)
    assertThatThrownBy(() -> importFile("customers", "long.csv", "id,created,plan\nA,2024-01-01,pro\nB,2024-01-02," + "x".repeat(17 << 20) + "\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("long.csv cannot be read as CSV at line 3: a field runs on for more than 16 MB; the file may have a quote that is never"
            + " closed, or a value too long for one field");
    assertThat(TestStores.count(store, "SELECT count(*) FROM customers")).isZero();
  }

  @Test
  void aLongLastLine_isImportedWhole() throws IOException {
    // DuckDB's parallel reader leaves out, without a word, a last line longer than two of its buffers (4 MB here)
    for (boolean gzip : List.of(false, true)) {
      String text = "id,created,note\nA,2024-01-01,short\nB,2024-01-02," + "x".repeat(5 << 20) + "\n\n";
      Path file = gzip ? folder.resolve("long-last.csv.gz") : write("long-last.csv", text);
      if (gzip) {
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
          out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      ImportResult result = run(List.of(file), options(null, CanonicalTable.CUSTOMERS, false, false));
      assertThat(result.tables().get("customers").inserted()).as(file.toString()).isEqualTo(gzip ? 0 : 2);
      assertThat(TestStores.rows(store, "SELECT id, length(json_extract_string(attributes, '$.note')) FROM customers ORDER BY id"))
          .containsExactly("A|5", "B|" + (5 << 20));
    }
    String big = "x".repeat((2 << 20) + 10);
    assertThat(SourceReader.lastLineFits(write("a.csv", "id\nA\n"), false)).isTrue();
    assertThat(SourceReader.lastLineFits(write("b.csv", "id\r\nA\r\n" + big + "\r\nB"), false)).isTrue();
    assertThat(SourceReader.lastLineFits(write("c.csv", "id\n" + big + "\nB\n"), false)).isTrue();
    assertThat(SourceReader.lastLineFits(write("d.csv", "id\nA\n" + big), false)).isFalse();
    assertThat(SourceReader.lastLineFits(write("e.csv", "id\nA\n" + big + "\r\n"), false)).isFalse();
    // blank lines after it do not hide the last record
    assertThat(SourceReader.lastLineFits(write("f.csv", "id\nA\n" + big + "\n\n"), false)).isFalse();
    assertThat(SourceReader.lastLineFits(write("g.csv", "id\nA\n" + big + "\r\n\r\n  \n"), false)).isFalse();
    assertThat(SourceReader.lastLineFits(write("h.csv", "id\n" + big + "\nB\n\n  \n"), false)).isTrue();
  }

  @Test
  void truncatedLine_isReportedAsAShortLine() throws IOException {
    ImportFailedException failure = catchFailure("customers", "cut.csv", "id,created,plan\nA,2024-01-01,pro\nB,2024-01");
    assertThat(failure.firstProblems()).extracting(Problem::describe)
        .containsExactly("cut.csv line 3: has 2 fields but the header has 3 (a quote may be missing or the file truncated)");
  }

  @Test
  void binaryGarbage_isAClearError() throws IOException {
    Path file = folder.resolve("garbage.csv");
    byte[] bytes = new byte[4096];
    new java.util.Random(7).nextBytes(bytes);
    bytes[0] = 'i';
    bytes[1] = 'd';
    bytes[2] = '\n';
    bytes[10] = 0;
    Files.write(file, bytes);
    assertThatThrownBy(() -> run(List.of(file), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        // binary data is named as such, not taken for text in another encoding
        .hasMessageMatching("garbage\\.csv (is not a text file \\(it holds binary data.*|line \\d+ contains binary data.*)");
  }

  @Test
  void windows1251_isReadWhenNamed_andRejectedWithAHintWhenNot() throws IOException {
    Path file = folder.resolve("clients.csv");
    Files.write(file, "id,created,plan\nА1,2024-01-01,Бизнес\n".getBytes(Charset.forName("windows-1251")));

    assertThatThrownBy(() -> run(List.of(file), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("clients.csv is not valid UTF-8 text near line 2; if it was exported in another encoding, name it with --encoding (e.g. --encoding windows-1251)");

    run(List.of(file), new Importer.Options(null, CanonicalTable.CUSTOMERS, null, null, Charset.forName("windows-1251"), null, false, false, null, null));
    assertThat(TestStores.rows(store, "SELECT id, plan FROM customers")).containsExactly("А1|Бизнес");
  }

  @Test
  void gzipSemicolonAndDecimalComma_areReadWhenConfigured() throws IOException {
    reopenWith(Map.of("import.decimal_separator", ",", "import.timestamp_patterns", "%d.%m.%Y %H:%M|%d.%m.%Y"));
    importFile("customers", "customers.csv", CUSTOMERS);
    Path file = folder.resolve("orders.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("customer_id;ordered_at;amount;currency\nA;05.01.2024 14:30;1234,50;eur\nB;06.01.2024;0,99;RUB\n".getBytes(StandardCharsets.UTF_8));
    }
    run(List.of(file), new Importer.Options(null, CanonicalTable.ORDERS, null, ';', null, null, false, false, null, null));
    assertThat(TestStores.rows(store, "SELECT customer_id, CAST(ordered_at AS VARCHAR), amount, currency FROM orders ORDER BY customer_id"))
        .containsExactly("A|2024-01-05 14:30:00+00|1234.5000|EUR", "B|2024-01-06 00:00:00+00|0.9900|RUB");
  }

  @Test
  void aKeyOfAnEarlierFileOfTheSameImport_withOtherValues_isAConflict() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path first = write("first.csv", "id,customer_id,ordered_at,amount\nO1,A,2024-01-05,5\nO2,A,2024-01-06,7\n");
    Path second = write("second.csv", "id,customer_id,ordered_at,amount\nO2,A,2024-01-06,8\nO3,A,2024-01-07,9\n");
    ImportResult result = run(List.of(first, second), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, false, null, null));
    // merged in their order: the earlier file's O2 stays, as a stored row would
    assertThat(result.tables().get("orders")).isEqualTo(new ImportResult.TableCounts(3, 0, 0, 1, List.of("O2")));
    assertThat(TestStores.rows(store, "SELECT id, amount FROM orders ORDER BY id")).containsExactly("O1|5.0000", "O2|7.0000", "O3|9.0000");
    ImportResult upsert = run(List.of(first, second), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, true, false, null, null));
    // with --upsert the later file wins: the second file's O2 updates the stored one
    assertThat(upsert.tables().get("orders")).isEqualTo(new ImportResult.TableCounts(0, 1, 3, 0));
    assertThat(TestStores.rows(store, "SELECT id, amount FROM orders ORDER BY id")).containsExactly("O1|5.0000", "O2|8.0000", "O3|9.0000");
  }

  @Test
  void aGzipWhoseDataDoNotMatchItsChecksum_isDamaged_andNothingIsWritten() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    for (String name : List.of("orders.csv.gz", "orders.jsonl.gz")) {
      String text = name.startsWith("orders.csv") ? "customer_id,ordered_at,amount\nA,2024-01-05,12.50\n"
          : "{\"customer_id\": \"A\", \"ordered_at\": \"2024-01-05\", \"amount\": 12.50}\n";
      // stored without compression (level 0), so one digit can be changed and the data still decompress: only the
      // checksum at the end tells
      java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
      try (OutputStream out = new GZIPOutputStream(buffer) {
        {
          def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
        }
      }) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      byte[] bytes = buffer.toByteArray();
      String stored = new String(bytes, StandardCharsets.ISO_8859_1);
      int digit = stored.indexOf("12.50");
      assertThat(digit).isPositive();
      bytes[digit] = '9';
      Path gz = write(name, "");
      Files.write(gz, bytes);
      assertThatThrownBy(() -> run(List.of(gz), options(null, CanonicalTable.ORDERS, false, false)))
          .isInstanceOf(InputException.class)
          .hasMessage(name + " is damaged: its gzip data do not add up (Corrupt GZIP trailer); copy or download it again");
      assertThat(TestStores.count(store, "SELECT count(*) FROM orders")).as(name).isZero();
    }
  }

  @Test
  void amountsAndTimes_areReadAsWritten() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    // a JSON number with more digits than a double holds, and a time with white space around it
    importFile("orders", "orders.jsonl", "{\"customer_id\": \"A\", \"ordered_at\": \"2024-05-01T10:00:00Z\", \"amount\": 12345678901234.5678}\n"
        + "{\"customer_id\": \"B\", \"ordered_at\": \" 2024-05-02 \", \"amount\": 1e3}\n");
    importFile("orders", "orders.csv", "customer_id,ordered_at,amount\nA,2024-05-03 ,7\n");
    assertThat(TestStores.rows(store, "SELECT customer_id, strftime(ordered_at, '%Y-%m-%d'), amount FROM orders ORDER BY ordered_at"))
        .containsExactly("A|2024-05-01|12345678901234.5678", "B|2024-05-02|1000.0000", "A|2024-05-03|7.0000");
    // the other keys of a line keep their JSON values in properties: numbers (as JSON numbers, a double's digits),
    // true and false, objects and lists, as they would inside a properties object
    importFile("events", "events.jsonl", "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-01\", \"type\": \"x\", \"n\": 1e3, \"m\": 0.00001,"
        + " \"big\": 0.1234567890123456789, \"nested\": {\"amount\": 10.0, \"list\": [2.0, 12345678.5, 0.000001]}, \"ok\": true,"
        + " \"tags\": [\"p\", \"q\"], \"text\": \"7\"}\n");
    assertThat(TestStores.rows(store, "SELECT CAST(properties AS VARCHAR), json_type(properties, '$.ok'), CAST(json_extract(properties, '$.nested.list[1]') AS DOUBLE) FROM events"))
        .containsExactly("{\"n\":1000.0,\"m\":0.00001,\"big\":0.12345678901234568,\"nested\":{\"amount\":10.0,\"list\":[2.0,12345678.5,0.000001]},"
            + "\"ok\":true,\"tags\":[\"p\",\"q\"],\"text\":\"7\"}|BOOLEAN|1.23456785E7");
  }

  @Test
  void jsonLines_keepNestedValuesAsJson_andReportBadLines() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportResult result = importFile("events", "events.jsonl",
        "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-01T10:00:00Z\", \"type\": \"login\", \"device\": {\"os\": \"ios\"}}\n"
            + "\n"
            + "{\"customer_id\": \"B\", \"occurred_at\": \"2024-05-02T10:00:00Z\", \"type\": \"export\", \"value\": 3}\n");
    assertThat(result.tables().get("events").inserted()).isEqualTo(2);
    assertThat(TestStores.rows(store, "SELECT customer_id, type, value, CAST(properties AS VARCHAR) FROM events ORDER BY customer_id"))
        .containsExactly("A|login|null|{\"device\":{\"os\":\"ios\"}}", "B|export|3.0|null");

    // a null inside an extra key's object stays, beside the properties object's own, whether or not the line has one
    importFile("events", "nulls.jsonl", "{\"customer_id\":\"A\",\"occurred_at\":\"2024-05-03\",\"type\":\"x\",\"properties\":{\"a\":1,\"n\":{\"k\":null}},"
        + "\"b\":{\"c\":null,\"d\":1}}\n{\"customer_id\":\"A\",\"occurred_at\":\"2024-05-04\",\"type\":\"x\",\"b\":{\"c\":null,\"d\":[1,null]},\"e\":null}\n");
    assertThat(TestStores.rows(store, "SELECT CAST(properties AS VARCHAR) FROM events WHERE occurred_at >= DATE '2024-05-03' ORDER BY occurred_at"))
        .containsExactly("{\"a\":1,\"n\":{\"k\":null},\"b\":{\"c\":null,\"d\":1}}", "{\"b\":{\"c\":null,\"d\":[1,null]}}");

    ImportFailedException failure = catchFailure("events", "bad.jsonl", "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-01\", \"type\": \"x\"}\n{\"customer_id\": \"A\",\n");
    assertThat(failure.firstProblems()).singleElement().satisfies(problem -> {
      assertThat(problem.line()).isEqualTo(2);
      assertThat(problem.reason()).startsWith("is not valid JSON");
    });
    // an object left open: Jackson's message names its start "at [Source: REDACTED …]", which is no help to anyone
    ImportFailedException open = catchFailure("events", "open.jsonl",
        "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-01\", \"type\": \"x\"}\n{\"customer_id\": \"A\"\n");
    assertThat(open.firstProblems()).singleElement().satisfies(problem -> assertThat(problem.reason())
        .isEqualTo("is not valid JSON: Unexpected end-of-input: expected close marker for Object (column 20)"));
  }

  @Test
  void jsonLines_aSecondObjectOnALine_aRepeatedKey_orTwoSpellingsOfAName_areProblemsNotSilentLosses() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    String event = "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-0%dT10:00:00Z\", \"type\": \"login\"}";
    ImportFailedException failure = catchFailure("events", "lines.jsonl", event.formatted(1) + " " + event.formatted(2) + "\n"
        + "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-03T10:00:00Z\", \"type\": \"login\", \"type\": \"logout\"}\n"
        + event.formatted(4) + ",\n" + event.formatted(5) + "\n");
    assertThat(failure.firstProblems()).extracting(Problem::line).containsExactly(1L, 2L, 3L);
    assertThat(failure.firstProblems().get(0).reason()).startsWith("is not valid JSON: something follows the object (another object, a comma or other text)");
    assertThat(failure.firstProblems().get(1).reason()).startsWith("is not valid JSON: the key \"type\" is given twice");
    assertThat(store.counts().get("events")).isZero();

    assertThatThrownBy(() -> importFile("events", "case.jsonl", event.formatted(1).replace("customer_id", "Customer_Id") + "\n" + event.formatted(2) + "\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("case.jsonl line 2: the key \"customer_id\" and the key \"Customer_Id\" (of this line or an earlier one) differ only in case;"
            + " names are read without regard to case, so write one spelling in every line");
    // a JSON Lines file has keys, not a header
    assertThatThrownBy(() -> importFile("orders", "keys.jsonl", "{\"customer_id\": \"A\", \"ordered_at\": \"2024-05-01\"}\n"))
        .hasMessage("keys.jsonl: no line has the key amount, required for orders; the lines have the keys customer_id, ordered_at."
            + " Rename the keys or describe them with --mapping");
  }

  @Test
  void jsonLines_keysAbsentFromALine_areLeftOutOfItsProperties_soAnOverlappingReimportChangesNothing() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    importFile("events", "exA.jsonl",
        "{\"customer_id\":\"A\",\"occurred_at\":\"2025-07-01T10:00:00Z\",\"type\":\"login\"}\n"
            + "{\"customer_id\":\"A\",\"occurred_at\":\"2025-07-02T10:00:00Z\",\"type\":\"export\",\"format\":\"csv\"}\n"
            + "{\"customer_id\":\"A\",\"occurred_at\":\"2025-07-04T10:00:00Z\",\"type\":\"export\",\"format\":null,\"rows\":\"7\"}\n");
    assertThat(TestStores.rows(store, "SELECT type, CAST(occurred_at AS VARCHAR), CAST(properties AS VARCHAR) FROM events ORDER BY occurred_at"))
        .containsExactly(
            "login|2025-07-01 10:00:00+00|null",
            "export|2025-07-02 10:00:00+00|{\"format\":\"csv\"}",
            "export|2025-07-04 10:00:00+00|{\"rows\":\"7\"}");

    // the login line again, from a file without any other keys: the same event, with the same key
    ImportResult overlapping = importFile("events", "exB.jsonl",
        "{\"customer_id\":\"A\",\"occurred_at\":\"2025-07-01T10:00:00Z\",\"type\":\"login\"}\n"
            + "{\"customer_id\":\"A\",\"occurred_at\":\"2025-07-03T10:00:00Z\",\"type\":\"login\"}\n");

    assertThat(overlapping.tables().get("events")).isEqualTo(new ImportResult.TableCounts(1, 0, 1, 0));
    // a line with every key keeps the object (and key) a CSV with those columns gives
    ImportResult fromCsv = importFile("events", "exC.csv", "customer_id,occurred_at,type,format\nA,2025-07-02T10:00:00Z,export,csv\n");
    assertThat(fromCsv.tables().get("events")).isEqualTo(new ImportResult.TableCounts(0, 0, 1, 0));
    assertThat(TestStores.count(store, "SELECT count(*) FROM events")).isEqualTo(4);
  }

  @Test
  void extraColumns_areAddedToTheObjectOfAnAttributesOrPropertiesColumn() throws IOException {
    importFile("customers", "customers.csv", "id,created,attributes,segment\n"
        + "J1,2025-01-01,\"{\"\"industry\"\":\"\"retail\"\"}\",smb\n"
        + "J2,2025-01-02,,ent\n"
        + "J3,2025-01-03,\"{\"\"industry\"\":null}\",\n");
    assertThat(TestStores.rows(store, "SELECT id, CAST(attributes AS VARCHAR) FROM customers ORDER BY id")).containsExactly(
        "J1|{\"industry\":\"retail\",\"segment\":\"smb\"}", "J2|{\"segment\":\"ent\"}", "J3|{\"industry\":null}");

    // events go the staged way, which checks the merge
    importFile("events", "events.csv", "customer_id,occurred_at,type,properties,format\nJ1,2025-02-01,export,\"{\"\"rows\"\":\"\"7\"\"}\",csv\n");
    assertThat(TestStores.value(store, "SELECT CAST(properties AS VARCHAR) FROM events")).isEqualTo("{\"rows\":\"7\",\"format\":\"csv\"}");
  }

  @Test
  void extraColumns_thatTheObjectAlsoGives_orAnObjectThatIsNone_areProblemsOfTheLine() throws IOException {
    ImportFailedException failure = catchFailure("customers", "twice.csv", "id,created,attributes,segment\n"
        + "K1,2025-01-01,\"{\"\"segment\"\":\"\"ent\"\"}\",smb\n"
        + "K2,2025-01-02,\"[1, 2]\",smb\n"
        + "K3,2025-01-03,\"{\"\"segment\"\":\"\"ent\"\"}\",\n"
        + "K4,2025-01-04,{oops,smb\n");
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly(
        "twice.csv line 2, column \"segment\": \"smb\" is also given as key \"segment\" of the attributes object"
            + " (give each key once, in its own column or in the attributes object)",
        "twice.csv line 3, column \"attributes\": \"[1, 2]\" is not a JSON object (give an object of named values such as {\"plan\": \"pro\"},"
            + " or leave it empty)",
        "twice.csv line 5, column \"attributes\": \"{oops\" is not valid JSON (give a JSON object such as {\"plan\": \"pro\"})");
    assertThat(TestStores.count(store, "SELECT count(*) FROM customers")).isZero();
  }

  @Test
  void attributesAndProperties_areJsonObjects() throws IOException {
    // a list or a bare number names nothing: with or without other columns, directly or staged
    ImportFailedException customers = catchFailure("customers", "lists.csv", "id,created,attributes\nL1,2025-01-01,\"[1, 2]\"\nL2,2025-01-02,42\n"
        + "L3,2025-01-03,\"{\"\"tier\"\": \"\"gold\"\"}\"\n");
    assertThat(customers.firstProblems()).extracting(Problem::describe).containsExactly(
        "lists.csv line 2, column \"attributes\": \"[1, 2]\" is not a JSON object (give an object of named values such as {\"plan\": \"pro\"},"
            + " or leave it empty)",
        "lists.csv line 3, column \"attributes\": \"42\" is not a JSON object (give an object of named values such as {\"plan\": \"pro\"},"
            + " or leave it empty)");
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException events = catchFailure("events", "events.csv", "customer_id,occurred_at,type,properties\nA,2025-01-01,login,\"[1]\"\n");
    assertThat(events.firstProblems()).extracting(Problem::describe).containsExactly(
        "events.csv line 2, column \"properties\": \"[1]\" is not a JSON object (give an object of named values such as {\"plan\": \"pro\"},"
            + " or leave it empty)");
    assertThat(TestStores.count(store, "SELECT count(*) FROM events")).isZero();
  }

  @Test
  void parquet_nestedColumnsBeyondTheFields_areKeptAsJson() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path parquet = folder.resolve("events.parquet");
    TestStores.execute(store, "COPY (SELECT 'A' AS customer_id, TIMESTAMPTZ '2024-05-01 10:00:00+00' AS occurred_at, 'login' AS type,"
        + " {'os': 'ios', 'v': 17} AS device, [1, 2] AS tags, MAP {'x': 1} AS extra) TO '" + parquet + "' (FORMAT parquet)");
    run(List.of(parquet), options(null, CanonicalTable.EVENTS, false, false));
    // DuckDB's own text of these ("{'os': ios, 'v': 17}", "{x=1}") is no JSON
    assertThat(TestStores.rows(store, "SELECT json_extract_string(properties ->> 'device', '$.os'), json_extract(properties ->> 'device', '$.v'),"
        + " json_array_length(properties ->> 'tags'), json_extract(properties ->> 'extra', '$.x') FROM events")).containsExactly("ios|17|2|1");
  }

  @Test
  void parquet_columnsWhoseNamesDifferOnlyInCase_areAnError() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path parquet = folder.resolve("cased.parquet");
    // DuckDB writes no such file (it renames the second name), so a placeholder name of the same length is renamed in
    // the file's footer, as another writer would have written it
    TestStores.execute(store, "COPY (SELECT 'A' AS customer_id, TIMESTAMPTZ '2024-05-01 10:00:00+00' AS occurred_at, 'login' AS type,"
        + " 7 AS qqqqqqqqqqq) TO '" + parquet + "' (FORMAT parquet)");
    byte[] bytes = Files.readAllBytes(parquet);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).contains("qqqqqqqqqqq");
    Files.write(parquet, text.replace("qqqqqqqqqqq", "CUSTOMER_ID").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> run(List.of(parquet), options(null, CanonicalTable.EVENTS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("cased.parquet: the header names column \"CUSTOMER_ID\" twice; column names must be unique");
    assertThat(TestStores.count(store, "SELECT count(*) FROM events")).isZero();
  }

  @Test
  void parquet_isReadThroughTheSameChecks() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    Path parquet = folder.resolve("orders.parquet");
    TestStores.execute(store, "COPY (SELECT * FROM (VALUES ('A', TIMESTAMP '2024-01-06 10:00:00', 10.5), ('B', TIMESTAMP '2024-01-07 11:00:00', 3.25))"
        + " AS t(customer_id, ordered_at, amount)) TO '" + parquet + "' (FORMAT parquet)");
    ImportResult result = run(List.of(parquet), options(null, CanonicalTable.ORDERS, false, false));
    assertThat(result.tables().get("orders").inserted()).isEqualTo(2);
    assertThat(TestStores.rows(store, "SELECT customer_id, amount FROM orders ORDER BY customer_id")).containsExactly("A|10.5000", "B|3.2500");
  }

  @Test
  void severalFiles_landTogetherOrNotAtAll() throws IOException {
    Path customers = write("customers.csv", CUSTOMERS);
    Path orders = write("orders.csv", "customer_id,ordered_at,amount\nA,2024-01-06,1\nB,2024-01-06,oops\n");
    assertThatThrownBy(() -> run(List.of(customers, orders), new Importer.Options(
        Mapping.read(write("both.yaml", "targets:\n  customers:\n    fields:\n      id: id\n      created: created\n")), null, null, null, null, null, false, false, null, null)))
        .isInstanceOf(InputException.class);
    assertThat(store.counts().values()).allMatch(count -> count == 0);
  }

  @Test
  void mappingErrors_nameTheMappingTargetAndColumns() throws IOException {
    Path mapping = write("m.yaml", "targets:\n  customers:\n    fields:\n      id: client_id\n      created: signup\n");
    Path file = write("customers.csv", "id,created\nA,2024-01-01\n");
    assertThatThrownBy(() -> run(List.of(file), options(Mapping.read(mapping), null, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("mapping m.yaml, target customers, field \"id: client_id\" cannot be applied to customers.csv: Binder Error: Referenced column \"client_id\" not found")
        .hasMessageEndingWith("Correct the expression; the file's columns are: id, created");

    // an expression that fails on a value names its field and the first line it fails on; nothing is written
    Path strict = write("strict.yaml", "source:\n  types:\n    n: integer\ntargets:\n  customers:\n    fields:\n      id: id\n"
        + "      created: \"strptime(created, '%d.%m.%Y')\"\n      plan: \"CASE WHEN n > 1 THEN 'pro' END\"\n");
    Path dotted = write("dotted.csv", "id,created,n\nA,01.02.2024,1\nB,02.02.2024,2\nC,03.02.2024,x\nD,2024-02-04,4\nE,2024-02-05,5\n");
    assertThatThrownBy(() -> run(List.of(dotted), options(Mapping.read(strict), null, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("mapping strict.yaml, target customers, field \"created: strptime(created, '%d.%m.%Y')\" fails on dotted.csv line 5:"
            + " Invalid Input Error: Could not parse string \"2024-02-04\"")
        .hasMessageContaining("Correct the value on that line or make the expression accept it (TRY_CAST, try_strptime)");
    assertThat(store.counts().values()).allMatch(count -> count == 0);
    // the store and its connection are usable after the diagnosis
    Path good = write("good.csv", "id,created,n\nA,01.02.2024,1\nB,02.02.2024,2\n");
    assertThat(run(List.of(good), options(Mapping.read(strict), null, false, false)).tables().get("customers").inserted()).isEqualTo(2);

    // a grouped target names the field; its lines are groups, so no line is named
    Path grouped = write("grouped.yaml", "targets:\n  customers:\n    group_by: [id]\n    fields:\n      id: id\n      created: \"min(strptime(created, '%Y'))\"\n");
    assertThatThrownBy(() -> run(List.of(file), options(Mapping.read(grouped), null, false, false)))
        .hasMessageStartingWith("mapping grouped.yaml, target customers, field \"created: min(strptime(created, '%Y'))\" cannot be applied to customers.csv:");

    Path sameQuote = write("quote.yaml", "source:\n  delimiter: \"'\"\n  quote: \"'\"\ntargets:\n  customers:\n    fields:\n      id: id\n      created: created\n");
    assertThatThrownBy(() -> Mapping.read(sameQuote)).hasMessageEndingWith(": delimiter and quote are both \"'\"; a delimiter that is the quote"
        + " would open a quoted field at every column, so give them different characters");
    Path lineBreak = write("newline.yaml", "source:\n  delimiter: \"\\n\"\ntargets:\n  customers:\n    fields:\n      id: id\n      created: created\n");
    assertThatThrownBy(() -> Mapping.read(lineBreak)).hasMessageEndingWith(": neither delimiter nor quote can be a line break, which ends a record");
    Path pattern = write("pattern.yaml", "source:\n  timestamp_patterns: [\"%d.%m.%Y\", \"%Q\"]\ntargets:\n  customers:\n    fields:\n      id: id\n      created: created\n");
    assertThatThrownBy(() -> Mapping.read(pattern)).hasMessageContaining(": timestamp_patterns holds \"%Q\", which is not a strftime pattern");
    Path typo = write("typo.yaml", "targets:\n  customers:\n    fields:\n      id: id\n      creatd: created\n");
    assertThatThrownBy(() -> Mapping.read(typo))
        .hasMessage("mapping " + typo + ", target customers: \"creatd\" is not a field of customers; its fields are id, created, plan, country, channel, owner, attributes");
  }

  @Test
  void skipRules_countTheLinesTheyLeaveOut() throws IOException {
    Path mapping = write("m.yaml", "skip:\n  - when: id IS NULL\n    reason: no id\ntargets:\n  customers:\n    fields:\n      id: id\n      created: created\n");
    ImportResult result = run(List.of(write("c.csv", "id,created\nA,2024-01-01\n,2024-01-02\n,2024-01-03\n")), options(Mapping.read(mapping), null, false, false));
    assertThat(result.skippedByRule()).containsExactly(Map.entry("no id", 2L));
    assertThat(result.tables().get("customers").inserted()).isEqualTo(1);
  }

  @Test
  void upsert_updatesOnlyTheColumnsTheFileHas() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportResult same = importFile("customers", "plans.csv", "id,created\nA,2024-01-05\n");
    assertThat(same.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(0, 0, 1, 0));

    run(List.of(write("moved.csv", "id,created,country\nA,2024-01-05,AT\n")), options(null, CanonicalTable.CUSTOMERS, true, false));
    assertThat(TestStores.rows(store, "SELECT plan, country, CAST(attributes AS VARCHAR) FROM customers WHERE id = 'A'"))
        .containsExactly("pro|AT|{\"industry\":\"retail\"}");
  }

  @Test
  void upsert_ofExtraColumns_updatesTheKeysTheFileGives_andKeepsTheOtherAttributes() throws IOException {
    importFile("customers", "customers.csv", "id,created,industry,segment\nA,2024-01-05,retail,smb\nB,2024-01-06,media,\n");
    Path moved = write("segments.csv", "id,created,segment\nA,2024-01-05,ent\nB,2024-01-06,\n");

    ImportResult kept = run(List.of(moved), options(null, CanonicalTable.CUSTOMERS, false, false));
    // B gives segment empty, as stored: unchanged; A's segment differs
    assertThat(kept.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(0, 0, 1, 1, List.of("A")));

    ImportResult updated = run(List.of(moved), options(null, CanonicalTable.CUSTOMERS, true, false));
    assertThat(updated.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(0, 1, 1, 0));
    assertThat(TestStores.rows(store, "SELECT id, CAST(attributes AS VARCHAR) FROM customers ORDER BY id")).containsExactly(
        "A|{\"industry\":\"retail\",\"segment\":\"ent\"}", "B|{\"industry\":\"media\",\"segment\":null}");
    ImportResult again = run(List.of(moved), options(null, CanonicalTable.CUSTOMERS, true, false));
    assertThat(again.tables().get("customers")).isEqualTo(new ImportResult.TableCounts(0, 0, 2, 0));
  }

  @Test
  void skipBadRows_rejectsAWholeGroupWhenOneOfItsLinesIsBad_andTheLineInEveryTarget() throws IOException {
    Path mapping = write("m.yaml", "source:\n  types: {qty: integer}\n"
        + "unknown_customers: create\n"
        + "targets:\n  customers:\n    group_by: [customer]\n    fields: {id: customer, created: min(day)}\n"
        + "  orders:\n    group_by: [invoice, customer]\n    fields: {id: invoice, customer_id: customer, ordered_at: min(day), amount: sum(qty)}\n");
    Path file = write("lines.csv", "invoice,customer,day,qty\nI1,A,2024-01-01,2\nI1,A,2024-01-01,x\nI2,B,2024-01-02,5\nI3,C,2024-01-03,bad\n");
    ImportResult result = run(List.of(file), new Importer.Options(Mapping.read(mapping), null, null, null, null, null, false, true,
        folder.resolve("rejects.csv"), null));

    assertThat(TestStores.rows(store, "SELECT id, amount FROM orders ORDER BY id")).containsExactly("I2|5.0000");
    assertThat(TestStores.rows(store, "SELECT id FROM customers ORDER BY id")).containsExactly("B");
    assertThat(result.rejectedLines()).isEqualTo(3);
    assertThat(result.firstProblems()).extracting(Problem::line, Problem::reason).contains(
        org.assertj.core.groups.Tuple.tuple(2L, "belongs to a group (customer) with a rejected line, so the whole group is left out"),
        org.assertj.core.groups.Tuple.tuple(3L, "is not a whole number"));
  }

  @Test
  void sameFileNameInTwoFolders_isToldApartByItsPath() throws IOException {
    Path first = folder.resolve("jan/customers.csv");
    Path second = folder.resolve("feb/customers.csv");
    Files.createDirectories(first.getParent());
    Files.createDirectories(second.getParent());
    Files.writeString(first, "id,created\nA,2024-01-01\nB,oops\n");
    Files.writeString(second, "id,created\nC,2024-02-01\nD,2024-02-02\n");
    ImportResult result = run(List.of(first, second), new Importer.Options(null, CanonicalTable.CUSTOMERS, null, null, null, null, false, true,
        folder.resolve("r.csv"), null));
    assertThat(result.firstProblems()).extracting(Problem::file).containsExactly(first.toString());
    assertThat(TestStores.rows(store, "SELECT id FROM customers ORDER BY id")).containsExactly("A", "C", "D");
  }

  @Test
  void unknownColumns_inAFileWithoutMapping_areAnError() {
    assertThatThrownBy(() -> importFile("orders", "orders.csv", "customer_id,ordered_at,amount,curency\nA,2024-01-01,3,EUR\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("orders.csv: column curency is not a field of orders (its fields are id, customer_id, ordered_at, amount, currency, status);"
            + " rename or remove it, or describe the file with --mapping");
  }

  @Test
  void anUnknownKey_ofJsonLines_isAProblemOfTheLinesThatGiveIt() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    String lines = "{\"customer_id\": \"A\", \"ordered_at\": \"2024-05-01\", \"amount\": 5}\n"
        + "{\"customer_id\": \"A\", \"ordered_at\": \"2024-05-02\", \"amount\": 6, \"coupon\": \"X\"}\n"
        + "{\"customer_id\": \"B\", \"ordered_at\": \"2024-05-03\", \"amount\": 7}\n";
    ImportFailedException failure = catchFailure("orders", "orders.jsonl", lines);
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly("orders.jsonl line 2, column \"coupon\": \"X\" is the value of the"
        + " key coupon, which is not a field of orders (remove the key, rename it to one of the fields (id, customer_id, ordered_at, amount,"
        + " currency, status), or describe the file with --mapping)");
    assertThat(store.counts().get("orders")).isZero();
    ImportResult skipped = run(List.of(write("orders.jsonl", lines)), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, true,
        folder.resolve("orders.rejects.csv"), null));
    assertThat(skipped.rejectedLines()).isEqualTo(1);
    assertThat(TestStores.rows(store, "SELECT CAST(amount AS INTEGER) FROM orders ORDER BY ordered_at")).containsExactly("5", "7");
  }

  @Test
  void brokenContainers_andHeaders_giveClearErrors() throws IOException {
    Path gz = folder.resolve("cut.csv.gz");
    byte[] whole;
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write("id,created\n".repeat(2000).getBytes(StandardCharsets.UTF_8));
    }
    whole = buffer.toByteArray();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(gz, cut);
    long readable = readableLines(cut);
    assertThat(readable).isBetween(2L, 1999L);
    assertThatThrownBy(() -> run(List.of(gz), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("cut.csv.gz ends in the middle of its gzip data (after line " + readable + "): the file is incomplete; copy or download it again");
    // cut inside its first line, as JSON Lines: no line to name
    Path early = folder.resolve("cut.jsonl.gz");
    java.io.ByteArrayOutputStream oneLine = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(oneLine)) {
      out.write("{\"id\": \"a customer with a long name that takes more than a few bytes to compress\", \"created\": \"2024-01-01\"}\n"
          .getBytes(StandardCharsets.UTF_8));
    }
    Files.write(early, java.util.Arrays.copyOf(oneLine.toByteArray(), 30));
    assertThat(readableLines(java.util.Arrays.copyOf(oneLine.toByteArray(), 30))).isZero();
    assertThatThrownBy(() -> run(List.of(early), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("cut.jsonl.gz ends in the middle of its gzip data before its first complete line: the file is incomplete; copy or download it again");

    Path gzParquet = folder.resolve("orders.parquet.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzParquet))) {
      out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    }
    assertThatThrownBy(() -> run(List.of(gzParquet), options(null, CanonicalTable.ORDERS, false, false)))
        .hasMessage("orders.parquet.gz is a gzip-compressed Parquet file; Parquet compresses itself, import the .parquet file directly");

    Path parquet = write("fake.parquet", "PAR1 this is not parquet");
    assertThatThrownBy(() -> run(List.of(parquet), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class).hasMessageStartingWith("fake.parquet is not a readable Parquet file");

    assertThatThrownBy(() -> importFile("customers", "dup.csv", "id,created,ID\nA,2024-01-01,B\n"))
        .hasMessage("dup.csv: the header names column \"ID\" twice; column names must be unique");
    assertThatThrownBy(() -> importFile("customers", "blank.csv", "id,,created\nA,x,2024-01-01\n"))
        .hasMessage("blank.csv: column 2 of the header has no name");
    assertThatThrownBy(() -> run(List.of(folder.resolve("nowhere.csv")), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .hasMessage("file " + folder.resolve("nowhere.csv") + " does not exist");
    assertThatThrownBy(() -> run(List.of(write("x.csv", "a\n")), options(null, null, false, false)))
        .hasMessage("say what the file holds with --kind (customers, subscriptions, orders, events, tickets, surveys, spend) or give a --mapping");
    assertThatThrownBy(() -> importFile("events", "all-bad.jsonl", "not json\n{oops\n"))
        .hasMessageStartingWith("all-bad.jsonl has no valid JSON object; line 1 is not valid JSON: Unrecognized token 'not'");
    ImportFailedException array = catchFailure("events", "array.jsonl", "{\"customer_id\": \"A\", \"occurred_at\": \"2024-01-01\", \"type\": \"x\"}\n[1, 2]\n");
    assertThat(array.firstProblems()).extracting(Problem::describe).contains("array.jsonl line 2: \"[1, 2]\" is not a JSON object"
        + " (each line of a JSON Lines file must be one object such as {\"customer_id\": \"C1\"})");
  }

  @Test
  void aFolder_aGzipCutInItsHeader_andUtf16Text_areNamedForWhatTheyAre() throws IOException {
    Path aFolder = Files.createDirectories(folder.resolve("adir"));
    assertThatThrownBy(() -> run(List.of(aFolder), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage(aFolder + " is a folder, not a file; name the files in it to import them (e.g. " + aFolder + "/*.csv)");

    Path tiny = folder.resolve("tiny.csv.gz");
    Files.write(tiny, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
    assertThatThrownBy(() -> run(List.of(tiny), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("tiny.csv.gz ends in the middle of its gzip data before its first complete line: the file is incomplete; copy or download it again");

    Path utf16 = folder.resolve("utf16.csv");
    Files.write(utf16, "id,created\nU1,2024-01-01\n".getBytes(StandardCharsets.UTF_16));
    assertThat(Files.readAllBytes(utf16)).startsWith((byte) 0xFE, (byte) 0xFF);
    assertThatThrownBy(() -> run(List.of(utf16), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("utf16.csv is UTF-16 text (it starts with a UTF-16 byte-order mark); name its encoding with --encoding UTF-16 (in a mapping: source.encoding)");
    Path utf16le = folder.resolve("utf16le.jsonl");
    Files.write(utf16le, "\uFEFF{\"id\": \"U2\", \"created\": \"2024-01-01\"}\n".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> run(List.of(utf16le), options(null, CanonicalTable.CUSTOMERS, false, false)))
        .hasMessageStartingWith("utf16le.jsonl is UTF-16 text");

    run(List.of(utf16), new Importer.Options(null, CanonicalTable.CUSTOMERS, null, null, StandardCharsets.UTF_16, null, false, false, null, null));
    assertThat(TestStores.rows(store, "SELECT id FROM customers")).containsExactly("U1");
  }

  @Test
  void mappingMistakes_giveClearErrors() throws IOException {
    Path yaml = write("bad.yaml", "targets: [unclosed\n");
    assertThatThrownBy(() -> Mapping.read(yaml)).hasMessage("mapping " + yaml + " is not valid YAML at line 1, column 19: while parsing a flow"
        + " sequence; expected ',' or ']', but got <stream end>");
    Path indented = write("indented.yaml", "source:\n  format: csv\n   bad: indent\n");
    assertThatThrownBy(() -> Mapping.read(indented)).hasMessage("mapping " + indented + " is not valid YAML at line 3, column 7: mapping values are"
        + " not allowed here");
    assertThatThrownBy(() -> Mapping.read(folder.resolve("absent.yaml"))).hasMessage("mapping file " + folder.resolve("absent.yaml")
        + " does not exist or is not a file; check --mapping");
    Path noColumns = write("nocols.yaml", "source:\n  header: false\ntargets:\n  customers:\n    fields: {id: a, created: b}\n");
    assertThatThrownBy(() -> run(List.of(write("h.csv", "A,2024-01-01\n")), options(Mapping.read(noColumns), null, false, false)))
        .hasMessage("h.csv: the source has no header (--no-header, or header: false in the mapping), so the column names must come from a"
            + " mapping: give --mapping with the names listed under source.columns (docs/import.md)");
    Path typed = write("typed.yaml", "source:\n  types: {amount: decimal}\ntargets:\n  customers:\n    fields: {id: id, created: created}\n");
    assertThatThrownBy(() -> run(List.of(write("c.csv", "id,created\nA,2024-01-01\n")), options(Mapping.read(typed), null, false, false)))
        .hasMessage("mapping typed.yaml declares a type for column \"amount\", which c.csv does not have; its columns are id, created");
    Path unmapped = write("unmapped.yaml", "targets:\n  customers:\n    fields: {id: id}\n");
    assertThatThrownBy(() -> run(List.of(write("c2.csv", "id,created\nA,2024-01-01\n")), options(Mapping.read(unmapped), null, false, false)))
        .hasMessage("mapping unmapped.yaml, target customers: required field created is not mapped");
    Path headerMismatch = write("cols.yaml", "source:\n  columns: [id, created]\ntargets:\n  customers:\n    fields: {id: id, created: created}\n");
    assertThatThrownBy(() -> run(List.of(write("c3.csv", "id,signup\nA,2024-01-01\n")), options(Mapping.read(headerMismatch), null, false, false)))
        .hasMessage("c3.csv: the mapping expects the columns id, created but the header has id, signup");
  }

  @Test
  void ticketsWithoutAClosedColumn_import_withTheColumnEmpty() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportResult result = importFile("tickets", "tickets.csv", "customer_id,opened\nA,2024-01-01\nB,2024-01-02 10:00:00\n");
    assertThat(result.tables().get("tickets").inserted()).isEqualTo(2);
    assertThat(TestStores.rows(store, "SELECT customer_id, closed IS NULL, status FROM tickets ORDER BY customer_id"))
        .containsExactly("A|true|open", "B|true|open");
  }

  @Test
  void wholeNumbers_withAFraction_areRejected_notRounded() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException failure = catchFailure("surveys", "answers.csv",
        "customer_id,kind,score,answered_at\nA,csat,4.6,2024-01-01\nB,nps,9.5,2024-01-01\nC,nps,0x1F,2024-01-01\nA,nps,1_000,2024-01-02\n"
            + "B,ces,5.0,2024-01-02\nC,nps,+7,2024-01-02\n");
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly(
        "answers.csv line 2, column \"score\": \"4.6\" is not a whole number (use digits only, e.g. 42)",
        "answers.csv line 3, column \"score\": \"9.5\" is not a whole number (use digits only, e.g. 42)",
        "answers.csv line 4, column \"score\": \"0x1F\" is not a whole number (use digits only, e.g. 42)",
        "answers.csv line 5, column \"score\": \"1_000\" is not a whole number (use digits only, e.g. 42)");
    assertThat(TestStores.count(store, "SELECT count(*) FROM surveys")).isZero();
    // a whole number written with zero decimals (as a Parquet DOUBLE column gives it) and a sign are whole numbers
    importFile("surveys", "fine.csv", "customer_id,kind,score,answered_at\nB,ces,5.0,2024-01-02\nC,nps,+7,2024-01-02\n");
    assertThat(TestStores.rows(store, "SELECT customer_id, score FROM surveys ORDER BY customer_id")).containsExactly("B|5", "C|7");
  }

  @Test
  void aFileSeparatedByAnotherCharacter_isToldWhichDelimiterToGive() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    assertThatThrownBy(() -> importFile("orders", "semi.csv", "customer_id;ordered_at;amount\nA;2024-01-01;10\n"))
        .isInstanceOf(InputException.class).hasMessageEndingWith("add --delimiter ';' (or source: delimiter in a mapping)");
    assertThatThrownBy(() -> importFile("orders", "tabs.csv", "customer_id\tordered_at\tamount\nA\t2024-01-01\t10\n"))
        .isInstanceOf(InputException.class).hasMessageEndingWith("add --delimiter 'tab' (or source: delimiter in a mapping)");
  }

  @Test
  void aRefundWithAPositiveAmount_isAProblem_becauseItWouldAddToRevenue() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException failure = catchFailure("orders", "refunds.csv", "id,customer_id,ordered_at,amount,status\n"
        + "P1,A,2024-01-05,100,completed\nP2,A,2024-01-06,100,refund\nP3,A,2024-01-07,-50,Refund\n");
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly("refunds.csv line 3, column \"amount\": \"100\" is a refund"
        + " with a positive amount (a refund carries a negative amount, money paid back (write -100 for 100 paid back; in a mapping, amount:"
        + " \"CASE WHEN status = 'refund' THEN -abs(amount) ELSE amount END\"))");
    assertThat(store.counts().get("orders")).isZero();
  }

  @Test
  void anEventValue_thatIsNoFiniteNumber_isAProblem() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException failure = catchFailure("events", "events.csv", "customer_id,occurred_at,type,value\n"
        + "A,2024-05-01T10:00:00Z,login,NaN\nA,2024-05-01T11:00:00Z,login,inf\nA,2024-05-01T12:00:00Z,login,1e400\nA,2024-05-01T13:00:00Z,login,2.5\n");
    assertThat(failure.firstProblems()).extracting(Problem::line).containsExactly(2L, 3L, 4L);
    // NaN and inf are no numbers; 1e400 is a number, too large for any measurement (read as infinity)
    assertThat(failure.firstProblems()).extracting(Problem::reason).containsExactly("is not a number", "is not a number",
        "is too large: beyond the largest number the store holds (about 1.8 × 10^308)");
    assertThat(store.counts().get("events")).isZero();
    ImportFailedException json = catchFailure("events", "events.jsonl",
        "{\"customer_id\": \"A\", \"occurred_at\": \"2024-05-01T10:00:00Z\", \"type\": \"login\", \"value\": 1e400}\n");
    assertThat(json.firstProblems()).extracting(Problem::reason).containsExactly("is too large: beyond the largest number the store holds (about 1.8 × 10^308)");
  }

  @Test
  void valueRules_haveAHint_andNumberHints_useTheConfiguredSeparator() throws IOException {
    reopenWith(Map.of("import.decimal_separator", ","));
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportFailedException failure = catchFailure("orders", "orders.csv", "customer_id,ordered_at,amount\nB,2024-01-06,12x\n"
        + "B,2024-01-07,1.500\nB,2024-01-08,1_5\n");
    // with a decimal comma a point is not a decimal point (1.500 may mean 1500), and DuckDB's 1_5 (15) is no number
    assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly(
        "orders.csv line 2, column \"amount\": \"12x\" is not a number (use digits with the configured decimal separator"
            + " (import.decimal_separator or --decimal-separator), e.g. 1234,50)",
        "orders.csv line 3, column \"amount\": \"1.500\" is not a number (use digits with the configured decimal separator"
            + " (import.decimal_separator or --decimal-separator), e.g. 1234,50)",
        "orders.csv line 4, column \"amount\": \"1_5\" is not a number (use digits with the configured decimal separator"
            + " (import.decimal_separator or --decimal-separator), e.g. 1234,50)");
    importFile("orders", "fine.csv", "customer_id,ordered_at,amount\nB,2024-01-09,\"1234,5\"\n");
    assertThat(TestStores.rows(store, "SELECT amount FROM orders")).containsExactly("1234.5000");
    // the separator describes text: JSON Lines and Parquet numbers have a decimal point
    importFile("orders", "fine.jsonl", "{\"customer_id\": \"B\", \"ordered_at\": \"2024-01-10\", \"amount\": 12.5}\n");
    // so a JSON Lines number given as text with a comma is told to take a point, not the configured comma it has
    ImportFailedException comma = catchFailure("orders", "comma.jsonl", "{\"customer_id\": \"B\", \"ordered_at\": \"2024-01-12\", \"amount\": \"7,5\"}\n");
    assertThat(comma.firstProblems()).extracting(Problem::describe).containsExactly("comma.jsonl line 1, column \"amount\": \"7,5\" is not a number"
        + " (write a number with a decimal point, as JSON Lines and Parquet files do whatever import.decimal_separator or --decimal-separator says, e.g. 1234.50)");
    Path parquet = folder.resolve("fine.parquet");
    TestStores.execute(store, "COPY (SELECT 'B' AS customer_id, TIMESTAMPTZ '2024-01-11 00:00:00+00' AS ordered_at, 7.25 AS amount) TO '"
        + parquet + "' (FORMAT parquet)");
    run(List.of(parquet), new Importer.Options(null, CanonicalTable.ORDERS, null, null, null, null, false, false, null, null));
    assertThat(TestStores.rows(store, "SELECT amount FROM orders ORDER BY ordered_at")).containsExactly("1234.5000", "12.5000", "7.2500");
    // a mapping that declares the column decimal (or double) with a decimal comma: the declared type reads the comma,
    // and what the mapping computes from it is a number, not text to read again
    for (String type : List.of("decimal", "double")) {
      Path typed = write("typed-" + type + ".yaml", "source:\n  delimiter: \";\"\n  decimal_separator: \",\"\n  types:\n    amount: " + type + "\n"
          + "targets:\n  orders:\n    fields:\n      customer_id: customer_id\n      ordered_at: ordered_at\n      amount: amount\n");
      run(List.of(write("typed.csv", "customer_id;ordered_at;amount\nB;2024-02-01;10\nB;2024-02-02;10,5\nB;2024-02-03;-3\n")),
          options(Mapping.read(typed), null, false, false));
    }
    assertThat(TestStores.rows(store, "SELECT amount FROM orders WHERE ordered_at >= DATE '2024-02-01' ORDER BY ordered_at"))
        .containsExactly("10.0000", "10.5000", "-3.0000");
    ImportFailedException rules = catchFailure("subscriptions", "subs.csv",
        "customer_id,mrr,currency,billing_period,started,ended\nA,-5,USD,month,2024-01-01,\nB,10,USD,month,2024-03-01,2024-02-01\n");
    assertThat(rules.firstProblems()).extracting(Problem::describe).containsExactly(
        "subs.csv line 2, column \"mrr\": \"-5\" must not be negative (give the amount as 0 or more: MRR and spend cannot be"
            + " negative (a credit or discount lowers the MRR; money paid back is an order with status refund))",
        "subs.csv line 3, column \"ended\": \"2024-02-01\" is before the day in started (check the two columns of this line: a period ends on or"
            + " after its start (swapped columns?); leave ended empty while it runs)");
  }

  @Test
  void aDayGivenWithATime_isThatMomentsDayInTheBusinessTimeZone() throws IOException {
    reopenWith(Map.of("business.time_zone", "Europe/Moscow"));
    importFile("customers", "customers.csv", CUSTOMERS);
    importFile("subscriptions", "subs.csv", "customer_id,mrr,currency,billing_period,started\nA,10,USD,month,2024-01-05T23:30:00Z\n"
        + "B,10,USD,month,2024-01-05\nC,10,USD,month,2024-01-05 23:30:00\n");
    assertThat(TestStores.rows(store, "SELECT customer_id, CAST(started AS VARCHAR) FROM subscriptions ORDER BY customer_id"))
        .containsExactly("A|2024-01-06", "B|2024-01-05", "C|2024-01-05");
  }

  @Test
  void jsonLines_withAByteOrderMark_areRead() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    ImportResult result = importFile("events", "bom.jsonl", "\uFEFF{\"customer_id\":\"A\",\"occurred_at\":\"2024-01-07T10:00:00Z\",\"type\":\"login\"}\n");
    assertThat(result.tables().get("events").inserted()).isEqualTo(1);
  }

  @Test
  void aJsonLinesFileWithNoValidLine_isNamedWithoutTheParsersLocationNoise() throws IOException {
    assertThatThrownBy(() -> importFile("events", "noise.jsonl", "{\"a\": }\n"))
        .hasMessageStartingWith("noise.jsonl has no valid JSON object; line 1 is not valid JSON: ")
        .message().doesNotContain("Source:").doesNotContain("REDACTED");
  }

  @Test
  void aTruncatedGzipFile_isCalledIncomplete() throws IOException {
    importFile("customers", "customers.csv", CUSTOMERS);
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(whole)) {
      StringBuilder text = new StringBuilder("customer_id,occurred_at,type\n");
      for (int i = 0; i < 20_000; i++) {
        text.append(i % 2 == 0 ? "A" : "B").append(",2024-01-0").append(1 + i % 9).append(" 10:").append(10 + i % 50).append(":00,t").append(i).append('\n');
      }
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = whole.toByteArray();
    Path file = folder.resolve("cut.csv.gz");
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(file, cut);
    long readable = readableLines(cut);
    assertThat(readable).isBetween(1000L, 19_000L);
    Map<String, Long> before = store.counts();
    assertThatThrownBy(() -> run(List.of(file), options(null, CanonicalTable.EVENTS, false, false)))
        .isInstanceOf(InputException.class)
        .hasMessage("cut.csv.gz ends in the middle of its gzip data (after line " + readable + "): the file is incomplete; copy or download it again");
    assertThat(store.counts()).isEqualTo(before);
  }

  @Test
  void completeLines_ofACutGzipFile_areCountedInItsEncoding_withEveryKindOfLineEnd() throws IOException {
    // UTF-16: "Њ" (U+040A) holds the byte 0x0A without being a line end; CR LF is one line end, a lone CR one too
    String text = "id,name\r\nA,Њура\r\nB,Њ\rC,x\n" + "D,".repeat(2000);
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(whole)) {
      out.write(text.getBytes(StandardCharsets.UTF_16LE));
    }
    byte[] bytes = whole.toByteArray();
    Path cut = folder.resolve("cut16.csv.gz");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 8));
    SourceOptions utf16 = SourceOptions.defaults().override(null, null, null, StandardCharsets.UTF_16LE, null, null);
    assertThat(SourceReader.completeLines(cut, utf16)).isEqualTo(4);
  }

  /** The line breaks in what can be decompressed of a gzip stream that is cut short. */
  private static long readableLines(byte[] gzip) {
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
      int b;
      while ((b = in.read()) != -1) {
        text.write(b);
      }
    } catch (IOException expected) {
      // the cut
    }
    return text.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }

  /** Reopens the store with these configuration keys set. */
  private void reopenWith(Map<String, String> overrides) {
    store.close();
    config = TestStores.config(folder.resolve("store.duckdb"), overrides);
    store = DuckDbStore.open(config.storePath(), config.timeZone());
  }

  private ImportResult importFile(String kind, String name, String content) throws IOException {
    return run(List.of(write(name, content)), options(null, CanonicalTable.named(kind), false, false));
  }

  private ImportFailedException catchFailure(String kind, String name, String content) throws IOException {
    Path file = write(name, content);
    try {
      run(List.of(file), options(null, CanonicalTable.named(kind), false, false));
    } catch (ImportFailedException e) {
      return e;
    }
    throw new AssertionError("the import of " + name + " did not fail");
  }

  private static Importer.Options options(Mapping mapping, CanonicalTable kind, boolean upsert, boolean skip) {
    return new Importer.Options(mapping, kind, null, null, null, null, upsert, skip, null, null);
  }

  private ImportResult run(List<Path> files, Importer.Options options) {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    return new Importer(store, config, Messages.of(Locale.ENGLISH), clock).run(files, options, bytes -> {});
  }

  private Path write(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
