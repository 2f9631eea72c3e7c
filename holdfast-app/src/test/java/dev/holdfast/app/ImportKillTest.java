package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.store.DuckDbStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code holdfast import} process with SIGKILL at several moments of a large import and
 * proves the store is exactly as it was before: the import changes the store's tables in one DuckDB
 * transaction, and DuckDB replays only committed work from its write-ahead log. (Into an empty table the rows
 * are first committed to a table of their own, swapped in by that transaction; the next opening drops one
 * that a kill left behind.)
 */
class ImportKillTest {
  private static final int EVENTS = 1_500_000;

  @TempDir static Path folder;
  private static Path baseline;
  private static Path events;
  private static Map<String, Long> before;
  private static List<String> customersBefore;

  @BeforeAll
  static void prepare() throws IOException {
    baseline = folder.resolve("baseline.duckdb");
    Path customers = folder.resolve("customers.csv");
    StringBuilder csv = new StringBuilder("id,created,plan\n");
    for (int i = 0; i < 1000; i++) {
      csv.append("C").append(i).append(",2024-01-01,pro\n");
    }
    Files.writeString(customers, csv);
    assertThat(CliTest.holdfast("import", "--store", baseline.toString(), "--kind", "customers", customers.toString()).exit()).isZero();
    events = folder.resolve("events.csv");
    try (BufferedWriter out = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
      out.write("customer_id,occurred_at,type,value,user_id\n");
      for (int i = 0; i < EVENTS; i++) {
        out.write("C" + (i % 1000) + ",2024-0" + (1 + i % 9) + "-1" + (i % 10) + " 1" + (i % 10) + ":" + (10 + i % 50) + ":00,login," + (i % 7) + ",u" + (i % 3) + "\n");
      }
    }
    try (DuckDbStore store = DuckDbStore.open(baseline, ZoneId.of("UTC"))) {
      before = store.counts();
      customersBefore = rows(store, "SELECT * FROM customers ORDER BY id");
    }
  }

  @Test
  void killMinus9_atAnyMomentOfAnImport_leavesTheStoreAsBefore() throws Exception {
    Path measured = copyOfBaseline("measured.duckdb");
    long started = System.nanoTime();
    Process complete = importInChild(measured);
    assertThat(complete.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(complete.exitValue()).as(Files.readString(folder.resolve("measured.duckdb.log"))).isZero();
    double seconds = (System.nanoTime() - started) / 1e9;
    try (DuckDbStore store = DuckDbStore.open(measured, ZoneId.of("UTC"))) {
      assertThat(store.counts().get("events")).isEqualTo(EVENTS);
    }

    // The VM's speed varies from run to run, so a late kill may find the import already committed (or
    // finished); that run must then hold every event. Either way nothing is half written, and at least
    // three kills must land before the commit.
    List<String> moments = new ArrayList<>();
    List<String> shadowed = new ArrayList<>();
    for (double fraction : new double[] {0.15, 0.35, 0.55, 0.75, 0.9}) {
      Path store = copyOfBaseline("killed-" + fraction + ".duckdb");
      Process child = importInChild(store);
      Thread.sleep((long) (fraction * seconds * 1000));
      child.destroyForcibly();
      assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
      String moment = String.format(java.util.Locale.ROOT, "%.1f s of %.1f s", fraction * seconds, seconds);
      if (shadowsLeft(store) > 0) {
        shadowed.add(moment);
      }
      try (DuckDbStore reopened = DuckDbStore.open(store, ZoneId.of("UTC"))) {
        assertThat(reopened.schemaVersion()).isEqualTo("8");
        assertThat(rows(reopened, "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'hf_')")).isEmpty();
        assertThat(rows(reopened, "SELECT * FROM customers ORDER BY id")).isEqualTo(customersBefore);
        if (child.exitValue() == 137 && reopened.counts().get("events") == 0) {
          moments.add(moment);
          assertThat(reopened.counts()).as("store after a kill at %s", moment).isEqualTo(before);
          assertThat(count(reopened, "SELECT count(*) FROM imports")).isEqualTo(1);
        } else if (child.exitValue() == 137) {
          // killed after the commit, while the process was still checkpointing and exiting: the whole import is there
          assertThat(reopened.counts().get("events")).as("store after a kill at %s, after the commit", moment).isEqualTo(EVENTS);
          assertThat(count(reopened, "SELECT count(*) FROM imports")).isEqualTo(2);
        } else {
          assertThat(child.exitValue()).as("the import finished before the kill at %s", moment).isZero();
          assertThat(reopened.counts().get("events")).isEqualTo(EVENTS);
        }
      }
    }
    assertThat(moments).as("kills that landed before the commit").hasSizeGreaterThanOrEqualTo(3);
    // the import's rows go to a table of their own first: some kill must have left one, which the opening dropped
    assertThat(shadowed).as("kills that left the import's own table behind").isNotEmpty();

    // a polite stop (SIGTERM, as kill and service managers send it) says what became of the import
    Path terminated = copyOfBaseline("terminated.duckdb");
    Process stopped = importInChild(terminated, true);
    // once the import has begun (its trace says so): a stop during the JVM's start has no import to speak of
    Path log = folder.resolve("terminated.duckdb.log");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!(Files.exists(log) && Files.readString(log).contains("trace: start")) && stopped.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    stopped.destroy();
    assertThat(stopped.waitFor(1, TimeUnit.MINUTES)).isTrue();
    // (stopped within 20 ms of its start, an import of 1.5 million events is far from its commit)
    assertThat(stopped.exitValue()).as(Files.readString(log)).isEqualTo(143);
    assertThat(Files.readString(log)).contains("Import stopped by a signal before it finished: nothing of it was"
        + " committed, and " + terminated + " holds what it held before. Run the same command again to import.");
    try (DuckDbStore reopened = DuckDbStore.open(terminated, ZoneId.of("UTC"))) {
      assertThat(reopened.counts()).isEqualTo(before);
    }

    Path last = copyOfBaseline("after-kills.duckdb");
    Process killed = importInChild(last);
    Thread.sleep((long) (0.3 * seconds * 1000));
    killed.destroyForcibly();
    assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
    Process again = importInChild(last);
    assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(again.exitValue()).isZero();
    try (DuckDbStore store = DuckDbStore.open(last, ZoneId.of("UTC"))) {
      assertThat(store.counts().get("events")).isEqualTo(EVENTS);
      assertThat(store.counts().get("customers")).isEqualTo(1000);
    }
  }

  /** The import's own tables in the killed store, seen before {@link DuckDbStore#open} drops them. */
  private static long shadowsLeft(Path store) throws SQLException {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '"
            + DuckDbStore.IMPORT_SHADOW + "')")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static Path copyOfBaseline(String name) throws IOException {
    Path copy = folder.resolve(name);
    Files.copy(baseline, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static Process importInChild(Path store) throws IOException {
    return importInChild(store, false);
  }

  private static Process importInChild(Path store, boolean traced) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // a temporary folder of the test's own: DuckDB's driver copies its native library there at start, and a killed
    // process cannot delete its copy (70 MB each)
    Path temporary = Files.createDirectories(folder.resolve("tmp"));
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "import", "--store", store.toString(), "--kind", "events", events.toString())
        .redirectErrorStream(true)
        .redirectOutput(folder.resolve(store.getFileName() + ".log").toFile());
    if (traced) {
      builder.environment().put("HOLDFAST_TRACE", "1");
    }
    return builder.start();
  }

  private static List<String> rows(DuckDbStore store, String sql) {
    List<String> rows = new ArrayList<>();
    try (Statement statement = store.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(result.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static long count(DuckDbStore store, String sql) throws SQLException {
    try (Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
