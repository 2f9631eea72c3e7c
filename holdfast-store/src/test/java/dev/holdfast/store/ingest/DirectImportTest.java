package dev.holdfast.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct import of clean files (one DuckDB statement per file) against the staged import it stands in
 * for: the same rows with the same keys, and every problem found by staging, with its line.
 */
class DirectImportTest {
  private static final String CUSTOMERS = "id,created\nA,2024-01-05\nB,2024-02-10\nC,2024-03-01\n";
  private static final String EVENTS =
      "customer_id,user_id,occurred_at,type,value,device\n"
          + "A,u1,2024-01-06 10:00:00,login,1,web\n"
          + "A,u1,2024-01-06 10:00:00,login,1,web\n"
          + "B,,2024-02-11T09:30:00+03:00,export,2.5,\n"
          + "A,u1,2024-01-06 10:00:00,login,1,web\n"
          + "C,u3,2024-03-02,\"login, again\",,ios\n";
  private static final String ROWS = "SELECT id, customer_id, user_id, CAST(occurred_at AS VARCHAR), type, value, CAST(properties AS VARCHAR) FROM events ORDER BY ALL";

  @TempDir Path folder;
  private DuckDbStore store;
  private DuckDbStore staged;
  private HoldfastConfig config;
  private Importer last;

  @BeforeEach
  void open() throws IOException {
    config = TestStores.config(folder.resolve("store.duckdb"));
    store = DuckDbStore.open(config.storePath(), config.timeZone());
    staged = DuckDbStore.open(folder.resolve("staged.duckdb"), config.timeZone());
    Path customers = write("customers.csv", CUSTOMERS);
    run(store, List.of(customers), CanonicalTable.CUSTOMERS, false);
    run(staged, List.of(customers), CanonicalTable.CUSTOMERS, false);
  }

  @AfterEach
  void close() {
    store.close();
    staged.close();
  }

  @Test
  void cleanEvents_goDirect_andLandExactlyAsStagingWritesThem_repeatedRowsIncluded() throws IOException {
    Path events = write("events.csv", EVENTS);

    ImportResult direct = run(store, List.of(events), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isTrue();
    ImportResult reference = run(staged, List.of(events), CanonicalTable.EVENTS, true);
    assertThat(last.wentDirect()).isFalse();

    assertThat(direct.linesRead()).isEqualTo(5);
    assertThat(direct.tables()).isEqualTo(reference.tables()).isEqualTo(Map.of("events", new ImportResult.TableCounts(5, 0, 0, 0)));
    assertThat(TestStores.rows(store, ROWS)).isEqualTo(TestStores.rows(staged, ROWS)).hasSize(5);
    // no id in the file: none is stored, and the three identical lines stay three events
    assertThat(TestStores.count(store, "SELECT count(*) FROM events WHERE id IS NULL")).isEqualTo(5);
    assertThat(TestStores.count(store, "SELECT count(*) FROM events WHERE customer_id = 'A' AND type = 'login'")).isEqualTo(3);
    assertThat(TestStores.count(store, "SELECT count(*) FROM imports")).isEqualTo(2);
  }

  @Test
  void parquetEvents_goDirect_andLandAsStagingWritesThem() throws IOException {
    Path parquet = folder.resolve("events.parquet");
    TestStores.execute(store, "COPY (SELECT * FROM read_csv('" + write("events.csv", EVENTS) + "', all_varchar = true)) TO '" + parquet
        + "' (FORMAT parquet)");

    run(store, List.of(parquet), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isTrue();
    run(staged, List.of(parquet), CanonicalTable.EVENTS, true);

    assertThat(TestStores.rows(store, ROWS)).isEqualTo(TestStores.rows(staged, ROWS)).hasSize(5);
  }

  @Test
  void reimport_ofTheSameEvents_changesNothing() throws IOException {
    Path events = write("events.csv", EVENTS);
    run(store, List.of(events), CanonicalTable.EVENTS, false);
    List<String> before = TestStores.rows(store, ROWS);

    ImportResult again = run(store, List.of(events), CanonicalTable.EVENTS, false);

    assertThat(last.wentDirect()).isTrue();
    assertThat(again.tables().get("events")).isEqualTo(new ImportResult.TableCounts(0, 0, 5, 0));
    assertThat(TestStores.rows(store, ROWS)).isEqualTo(before);
    assertThat(TestStores.count(store, "SELECT count(*) FROM imports")).isEqualTo(2);
  }

  @Test
  void aRowRepeatedMoreOftenThanBefore_addsOnlyTheExtraCopies_asStagingDoes() throws IOException {
    Path once = write("once.csv", "customer_id,occurred_at,type\nA,2024-01-06 10:00:00,login\nB,2024-01-07 10:00:00,login\n");
    Path thrice = write("thrice.csv", "customer_id,occurred_at,type\nA,2024-01-06 10:00:00,login\nA,2024-01-06 10:00:00,login\n"
        + "A,2024-01-06 10:00:00,login\n");
    run(store, List.of(once), CanonicalTable.EVENTS, false);
    run(staged, List.of(once), CanonicalTable.EVENTS, true);

    ImportResult direct = run(store, List.of(thrice), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isTrue();
    ImportResult reference = run(staged, List.of(thrice), CanonicalTable.EVENTS, true);

    assertThat(direct.tables()).isEqualTo(reference.tables()).isEqualTo(Map.of("events", new ImportResult.TableCounts(2, 0, 1, 0)));
    assertThat(TestStores.rows(store, ROWS)).isEqualTo(TestStores.rows(staged, ROWS)).hasSize(4);
  }

  @Test
  void eventsWithAndWithoutIds_inOneFile_areMergedByIdAndByContent() throws IOException {
    Path mixed = write("mixed.csv", "id,customer_id,occurred_at,type,value\n"
        + "1,A,2024-01-06 10:00:00,login,1\n"
        + ",A,2024-01-06 10:00:00,login,1\n"
        + ",A,2024-01-06 10:00:00,login,1\n"
        + "2,B,2024-02-11 09:30:00,export,2.5\n");
    ImportResult first = run(store, List.of(mixed), CanonicalTable.EVENTS, false);
    assertThat(first.tables().get("events")).isEqualTo(new ImportResult.TableCounts(4, 0, 0, 0));
    List<String> before = TestStores.rows(store, ROWS);
    assertThat(before).containsExactly("1|A|null|2024-01-06 10:00:00+00|login|1.0|null", "2|B|null|2024-02-11 09:30:00+00|export|2.5|null",
        "null|A|null|2024-01-06 10:00:00+00|login|1.0|null", "null|A|null|2024-01-06 10:00:00+00|login|1.0|null");

    ImportResult again = run(store, List.of(mixed), CanonicalTable.EVENTS, false);
    assertThat(again.tables().get("events")).isEqualTo(new ImportResult.TableCounts(0, 0, 4, 0));
    assertThat(TestStores.rows(store, ROWS)).isEqualTo(before);

    // an event with an id can be corrected; one without is its content, so a corrected value is another event
    Path corrected = write("corrected.csv", "id,customer_id,occurred_at,type,value\n2,B,2024-02-11 09:30:00,export,3\n"
        + ",A,2024-01-06 10:00:00,login,2\n");
    last = new Importer(store, config, Messages.of(Locale.ENGLISH), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    ImportResult upsert = last.run(List.of(corrected), new Importer.Options(null, CanonicalTable.EVENTS, null, null, null, null, true, false,
        null, null), bytes -> {});
    assertThat(upsert.tables().get("events")).isEqualTo(new ImportResult.TableCounts(1, 1, 0, 0));
    assertThat(TestStores.rows(store, ROWS)).contains("2|B|null|2024-02-11 09:30:00+00|export|3.0|null",
        "null|A|null|2024-01-06 10:00:00+00|login|2.0|null").hasSize(5);
  }

  @Test
  void reimport_comparesOnlyTheStoredEventsOfTheNewOnesTimeRange_andFindsThemAmongOthers() throws IOException {
    // many stored events around the re-imported ones, with and without ids
    TestStores.execute(store, "INSERT INTO events SELECT CASE WHEN i % 2 = 0 THEN i END, 'A', NULL, TIMESTAMPTZ '2023-12-01 00:00:00+00'"
        + " + to_minutes(CAST(i AS BIGINT)), 'login', 1, NULL FROM range(200000) t(i)");
    Path events = write("events.csv", EVENTS);
    run(store, List.of(events), CanonicalTable.EVENTS, false);
    long stored = TestStores.count(store, "SELECT count(*) FROM events");

    ImportResult again = run(store, List.of(events), CanonicalTable.EVENTS, false);
    ImportResult staged = run(store, List.of(events), CanonicalTable.EVENTS, true);

    assertThat(again.tables()).isEqualTo(staged.tables()).isEqualTo(Map.of("events", new ImportResult.TableCounts(0, 0, 5, 0)));
    assertThat(TestStores.count(store, "SELECT count(*) FROM events")).isEqualTo(stored).isEqualTo(200005);
  }

  @Test
  void reimport_findsEventsAtTheEdgesOfItsTimeRange_inAZoneWhoseOldOffsetHasSeconds() throws IOException {
    // Moscow's local mean time until 1880 was +02:30:17: the bounds of the stored rows to compare must be exact
    HoldfastConfig moscow = TestStores.config(folder.resolve("msk.duckdb"), Map.of("business.time_zone", "Europe/Moscow"));
    try (DuckDbStore local = DuckDbStore.open(moscow.storePath(), moscow.timeZone())) {
      Importer importer = new Importer(local, moscow, Messages.of(Locale.ENGLISH), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
      importer.run(List.of(write("c.csv", CUSTOMERS)), new Importer.Options(null, CanonicalTable.CUSTOMERS, null, null, null, null, false, false,
          null, null), bytes -> {});
      Path old = write("old.csv", "customer_id,occurred_at,type\nA,1870-06-01 12:00:00.000001,login\nB,1870-06-01 12:00:00.5,login\n"
          + "C,1870-06-02 23:59:59.999999,login\n");
      Importer.Options events = new Importer.Options(null, CanonicalTable.EVENTS, null, null, null, null, false, false, null, null);
      assertThat(importer.run(List.of(old), events, bytes -> {}).tables().get("events")).isEqualTo(new ImportResult.TableCounts(3, 0, 0, 0));
      assertThat(importer.run(List.of(old), events, bytes -> {}).tables().get("events")).isEqualTo(new ImportResult.TableCounts(0, 0, 3, 0));
      assertThat(TestStores.value(local, "SELECT CAST(min(occurred_at) AS VARCHAR) FROM events")).asString().contains("12:00:00.000001");
      assertThat(TestStores.count(local, "SELECT count(*) FROM events")).isEqualTo(3);
    }
  }

  @Test
  void aFileOfManyReadBuffers_withQuotedLineBreaksAcrossThem_andALineLongerThanABuffer_landsAsStagingWritesIt() throws IOException {
    // DuckDB's threads read the file 2 MB at a time: nine lines in ten hold a long quoted value with a line break, so
    // the boundaries fall inside quotes
    StringBuilder text = new StringBuilder("customer_id,occurred_at,type,value,note\n");
    for (int i = 0; text.length() < 7_000_000; i++) {
      text.append("ABC".charAt(i % 3)).append(",2024-03-0").append(1 + i % 9).append(' ').append(String.format("%02d:%02d:%02d", i / 3600 % 24,
          i / 60 % 60, i % 60)).append(",login,").append(i).append(i % 7 == 0 ? ",plain\n" : ",\"line one\nline, two " + "z".repeat(120) + "\"\n");
    }
    Path many = write("many.csv", text.toString());
    run(store, List.of(many), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isTrue();
    run(staged, List.of(many), CanonicalTable.EVENTS, true);
    // the same rows in any order: a sum of each row's digest
    String digest = "SELECT count(*), sum(md5_number(concat_ws('/', customer_id, occurred_at, type, value, properties)) % 1000000007) FROM events";
    assertThat(TestStores.rows(store, digest)).isEqualTo(TestStores.rows(staged, digest));
    assertThat(TestStores.count(store, "SELECT count(*) FROM events WHERE properties->>'note' LIKE 'line one\nline, two z%'")).isPositive();

    // a value longer than what DuckDB reads at a time: the direct import gives way, and staging reads it whole
    Path longLine = write("long.csv", "customer_id,occurred_at,type,note\nA,2024-04-01,login," + "x".repeat(3_000_000) + "\n");
    run(store, List.of(longLine), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isFalse();
    assertThat(TestStores.count(store, "SELECT length(properties->>'note') FROM events WHERE type = 'login' AND occurred_at >= TIMESTAMPTZ"
        + " '2024-04-01 00:00:00+00'")).isEqualTo(3_000_000);
  }

  @Test
  void ordersWithRepeatedRows_goDirect_withTheKeysStagingGives() throws IOException {
    Path orders = write("orders.csv", "customer_id,ordered_at,amount,status\nA,2024-01-06,10.5,\nA,2024-01-06,10.5,\nB,2024-02-11,-7,refund\n");
    String rows = "SELECT id, customer_id, CAST(ordered_at AS VARCHAR), amount, currency, status FROM orders ORDER BY id";

    run(store, List.of(orders), CanonicalTable.ORDERS, false);
    assertThat(last.wentDirect()).isTrue();
    run(staged, List.of(orders), CanonicalTable.ORDERS, true);

    assertThat(TestStores.rows(store, rows)).isEqualTo(TestStores.rows(staged, rows)).hasSize(3);
  }

  @Test
  void windowsLineEndsQuotedLineBreaksAndAHeaderWithoutRows_endAsStagingEndsThem() throws IOException {
    Path crlf = write("crlf.csv", "customer_id,occurred_at,type,note\r\nA,2024-01-06,login,\"two\r\nlines\"\r\nB,2024-01-07,login,x");
    run(store, List.of(crlf), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isTrue();
    run(staged, List.of(crlf), CanonicalTable.EVENTS, true);
    assertThat(TestStores.rows(store, ROWS)).isEqualTo(TestStores.rows(staged, ROWS)).hasSize(2);

    Path header = write("header.csv", "customer_id,occurred_at,type\n");
    ImportResult direct = run(store, List.of(header), CanonicalTable.EVENTS, false);
    ImportResult reference = run(staged, List.of(header), CanonicalTable.EVENTS, true);
    assertThat(direct.linesRead()).isEqualTo(reference.linesRead()).isZero();
    assertThat(direct.written()).isEqualTo(reference.written()).isZero();
  }

  @Test
  void aBadLine_fallsBackToStaging_whichReportsItsLine_andNothingIsWritten() throws IOException {
    Path events = write("events.csv", "customer_id,occurred_at,type,value\nA,2024-01-06,login,1\nZ,2024-01-06,login,1\nB,yesterday,login,1\n"
        + "C,2024-01-07,,x\n");
    Map<String, Long> before = store.counts();

    assertThatThrownBy(() -> run(store, List.of(events), CanonicalTable.EVENTS, false))
        .isInstanceOfSatisfying(ImportFailedException.class, failure -> {
          assertThat(failure.getMessage()).isEqualTo("nothing was imported: 3 bad lines (4 problems)");
          assertThat(failure.firstProblems()).extracting(Problem::describe).containsExactly(
              "events.csv line 3, column \"customer_id\": \"Z\" refers to a customer the store does not know (import the customers"
                  + " first, or let the import create them with --unknown-customers create)",
              "events.csv line 4, column \"occurred_at\": \"yesterday\" is not a date or time (use ISO 8601 such as 2024-03-01 09:30:00"
                  + " or 2024-03-01T09:30:00+03:00, or add a strftime pattern to import.timestamp_patterns or the mapping's source.timestamp_patterns)",
              "events.csv line 5, column \"type\": type is missing (every row needs a value here)",
              "events.csv line 5, column \"value\": \"x\" is not a number (use digits with the configured decimal separator"
                  + " (import.decimal_separator or --decimal-separator), e.g. 3.5)");
        });
    assertThat(last.wentDirect()).isFalse();
    assertThat(store.counts()).isEqualTo(before);
    assertThat(shadows(store)).isEmpty();
  }

  @Test
  void intoAnEmptyTable_theFirstFileFillsAShadowThatTakesTheTablesPlace_withItsDefinition_andLaterFilesMergeIntoIt() throws IOException {
    Path first = write("first.csv", EVENTS);
    Path overlapping = write("overlapping.csv", "customer_id,user_id,occurred_at,type,value,device\n"
        + "A,u1,2024-01-06 10:00:00,login,1,web\n"
        + "B,u2,2024-02-12 09:30:00,export,4,web\n");
    String definition = "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'events' ORDER BY column_index";
    List<String> columns = TestStores.rows(store, definition);

    ImportResult direct = run(store, List.of(first, overlapping), CanonicalTable.EVENTS, false);
    assertThat(last.wentDirect()).isTrue();
    ImportResult reference = run(staged, List.of(first, overlapping), CanonicalTable.EVENTS, true);

    assertThat(direct.tables()).isEqualTo(reference.tables()).isEqualTo(Map.of("events", new ImportResult.TableCounts(6, 0, 1, 0)));
    assertThat(TestStores.rows(store, ROWS)).isEqualTo(TestStores.rows(staged, ROWS)).hasSize(6);
    assertThat(TestStores.rows(store, definition)).isEqualTo(columns).contains("customer_id|VARCHAR|false", "user_id|VARCHAR|true");
    assertThat(shadows(store)).isEmpty();
    assertThat(TestStores.count(store, "SELECT count(*) FROM imports")).isEqualTo(2);
  }

  @Test
  void aBadLineInALaterFile_undoesTheSwap_andLeavesNoShadow() throws IOException {
    Path good = write("good.csv", EVENTS);
    Path bad = write("bad.csv", "customer_id,occurred_at,type\nZ,2024-01-06,login\n");
    Map<String, Long> before = store.counts();

    assertThatThrownBy(() -> run(store, List.of(good, bad), CanonicalTable.EVENTS, false))
        .isInstanceOfSatisfying(ImportFailedException.class, failure ->
            assertThat(failure.firstProblems()).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(2)));

    assertThat(store.counts()).isEqualTo(before);
    assertThat(shadows(store)).isEmpty();
    assertThat(TestStores.count(store, "SELECT count(*) FROM imports")).isEqualTo(1);
  }

  @Test
  void aLargeFile_movesTheProgressWhileDuckDbReadsIt_toExactlyItsSize() throws IOException {
    Path events = millionEvents("large.csv", "");
    List<Long> steps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    importWithProgress(events, steps);

    assertThat(last.wentDirect()).isTrue();
    assertThat(steps).allSatisfy(step -> assertThat(step).isPositive());
    assertThat(steps.stream().mapToLong(Long::longValue).sum()).isEqualTo(Files.size(events));
    // DuckDB's own progress, polled while the statement runs, and the rest at its end
    assertThat(steps).hasSizeGreaterThan(1);
  }

  @Test
  void whenTheDirectAttemptGivesWay_itsProgressIsTakenBack() throws IOException {
    Path events = millionEvents("bad-at-the-end.csv", "Z,2024-01-10 10:00:00,login,1\n");
    List<Long> steps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    assertThatThrownBy(() -> importWithProgress(events, steps)).isInstanceOf(ImportFailedException.class);

    long total = 0;
    for (long step : steps) {
      total += step;
      assertThat(total).isBetween(0L, Files.size(events));
    }
    // the direct attempt's share taken back, DuckDB's staging, and the same again line by line to find the lines
    assertThat(total).isEqualTo(Files.size(events));
    assertThat(steps).filteredOn(step -> step < 0).hasSize(2);
  }

  /** A million clean events of customers A, B and C, then {@code last} (a line of one's own, or nothing). */
  private Path millionEvents(String name, String last) throws IOException {
    Path events = folder.resolve(name);
    try (var out = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
      out.write("customer_id,occurred_at,type,value\n");
      for (int i = 0; i < 1_000_000; i++) {
        out.write((char) ('A' + i % 3) + ",2024-0" + (1 + i % 9) + "-1" + (i % 10) + " 1" + (i % 10) + ":" + (10 + i % 50) + ":00,login," + i + "\n");
      }
      out.write(last);
    }
    return events;
  }

  /** Imports the events without a mapping (the direct way where it applies), recording every progress step. */
  private void importWithProgress(Path events, List<Long> steps) {
    last = new Importer(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    last.run(List.of(events), new Importer.Options(null, CanonicalTable.EVENTS, null, null, null, null, false, false, null, null), steps::add);
  }

  private static List<String> shadows(DuckDbStore store) {
    return TestStores.rows(store, "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '" + DuckDbStore.IMPORT_SHADOW + "')");
  }

  @Test
  void aValueOfWhiteSpace_isReadAsMissing_asStagingReadsIt() throws IOException {
    Path events = write("events.csv", "customer_id,user_id,occurred_at,type\nA,  ,2024-01-06,login\n");

    run(store, List.of(events), CanonicalTable.EVENTS, false);

    assertThat(last.wentDirect()).isFalse();
    assertThat(TestStores.value(store, "SELECT count(*) FROM events WHERE user_id IS NULL")).isEqualTo(1L);
  }

  @Test
  void aLineWithTooManyFields_fallsBackToStaging_whichReportsIt() throws IOException {
    Path events = write("events.csv", "customer_id,occurred_at,type\nA,2024-01-06,login\nB,2024-01-06,login,extra\n");

    assertThatThrownBy(() -> run(store, List.of(events), CanonicalTable.EVENTS, false))
        .isInstanceOfSatisfying(ImportFailedException.class, failure ->
            assertThat(failure.firstProblems()).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(3)));
    assertThat(store.counts().get("events")).isZero();
  }

  /** Imports through the direct path where it applies, or through staging with the same plain mapping when {@code stage}. */
  private ImportResult run(DuckDbStore into, List<Path> files, CanonicalTable kind, boolean stage) {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    Mapping mapping = stage ? Mapping.identity(kind, SourceOptions.defaults(), header(files.get(0))) : null;
    last = new Importer(into, config, Messages.of(Locale.ENGLISH), clock);
    return last.run(files, new Importer.Options(mapping, stage ? null : kind, null, null, null, null, false, false, null, null), bytes -> {});
  }

  private List<String> header(Path file) {
    if (file.toString().endsWith(".parquet")) {
      return TestStores.rows(store, "SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('" + file + "'))");
    }
    try {
      return List.of(Files.readAllLines(file).get(0).split(","));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
