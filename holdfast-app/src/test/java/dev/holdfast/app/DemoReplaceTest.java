package dev.holdfast.app;

import static dev.holdfast.app.CliTest.holdfast;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --replace} replaces only a Holdfast store that nobody has open, and nothing else. */
class DemoReplaceTest {
  @TempDir Path folder;

  @Test
  void replace_refusesAStoreThatAnotherProcessWritesTo_andLeavesItWhole() throws Exception {
    Path store = folder.resolve("held.duckdb");
    assertThat(holdfast("demo", "--customers", "30", "--months", "3", "--seed", "1", "--store", store.toString()).exit()).isZero();
    long customers = count(store, "customers");
    Process holder = holdInChild(store);
    try {
      CliTest.Run run = holdfast("demo", "--customers", "20", "--months", "2", "--store", store.toString(), "--replace");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).startsWith("error: store " + store + " is being written by another process (PID " + holder.pid() + ":");
      assertThat(run.out()).isEmpty();
    } finally {
      holder.destroy();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // untouched, and no partial file left beside it
    assertThat(count(store, "customers")).isEqualTo(customers);
    assertThat(Files.exists(folder.resolve("held.duckdb.partial"))).isFalse();
    // once the other process is gone it is replaced
    assertThat(holdfast("demo", "--customers", "20", "--months", "2", "--store", store.toString(), "--replace").exit()).isZero();
    assertThat(count(store, "customers")).isEqualTo(20);
  }

  @Test
  void replace_refusesAFolder_aFileThatIsNoStore_andAForeignDatabase() throws Exception {
    Path directory = Files.createDirectories(folder.resolve("victim"));
    Files.writeString(directory.resolve("keep.txt"), "mine");
    CliTest.Run onFolder = holdfast("demo", "--customers", "5", "--months", "2", "--store", directory.toString(), "--replace");
    assertThat(onFolder.exit()).isEqualTo(1);
    assertThat(onFolder.err()).isEqualTo("error: " + directory + " is a folder, not a store file; give --store the name of a file\n");
    assertThat(Files.readString(directory.resolve("keep.txt"))).isEqualTo("mine");

    Path csv = folder.resolve("customers.csv");
    Files.writeString(csv, "id,created\nc1,2025-01-01\n");
    CliTest.Run onCsv = holdfast("demo", "--customers", "5", "--months", "2", "--store", csv.toString(), "--replace", "--lang", "ru");
    assertThat(onCsv.exit()).isEqualTo(1);
    assertThat(onCsv.err()).startsWith("ошибка: " + csv + " ");
    assertThat(Files.readString(csv)).isEqualTo("id,created\nc1,2025-01-01\n");

    Path foreign = folder.resolve("foreign.duckdb");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + foreign);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE mine AS SELECT 42 AS answer");
    }
    CliTest.Run onForeign = holdfast("demo", "--customers", "5", "--months", "2", "--store", foreign.toString(), "--replace");
    assertThat(onForeign.exit()).isEqualTo(1);
    assertThat(onForeign.err()).startsWith("error: " + foreign + " is a DuckDB database that Holdfast did not create");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + foreign);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT answer FROM mine")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(42);
    }
  }

  private static long count(Path store, String table) throws Exception {
    java.util.Properties readOnly = new java.util.Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + store, readOnly);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Another process with the store open, as a running import or {@code holdfast serve} has it, until it is stopped. */
  private Process holdInChild(Path store) throws Exception {
    return StoreLockWaitTest.holdInChild(store, Long.MAX_VALUE, folder);
  }
}
