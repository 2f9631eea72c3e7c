package dev.holdfast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreTest {
  @TempDir Path folder;

  @Test
  void open_createsTheFileAndAppliesEveryMigration() {
    Path file = folder.resolve("new/store.duckdb");
    try (DuckDbStore store = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      assertThat(store.schemaVersion()).isEqualTo("8");
      assertThat(store.counts()).containsOnlyKeys(DuckDbStore.TABLES).allSatisfy((table, rows) -> assertThat(rows).isZero());
    }
    assertThat(file).exists();
  }

  @Test
  void aFileThatIsNoStore_isNamedAsSuch_andLeftAsItWas() throws Exception {
    Path csv = folder.resolve("orders.csv");
    java.nio.file.Files.writeString(csv, "customer_id,ordered_at,amount\nA,2024-01-01,10\n");
    assertThatThrownBy(() -> DuckDbStore.open(csv, ZoneId.of("UTC"))).isInstanceOf(dev.holdfast.HoldfastException.StoreException.class)
        .hasMessage(csv + " is not a Holdfast store: it is not a DuckDB database file. Give --store a store file, or the name of a file that does not"
            + " exist yet to create one");
    assertThat(csv).hasContent("customer_id,ordered_at,amount\nA,2024-01-01,10");
    // a DuckDB database with tables of its own: not Flyway's advice to baseline it
    Path other = folder.resolve("other.duckdb");
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:" + other);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t AS SELECT 1 AS x");
    }
    assertThatThrownBy(() -> DuckDbStore.open(other, ZoneId.of("UTC"))).hasMessageStartingWith(other + " is a DuckDB database that Holdfast did not create");
  }

  @Test
  void upgrade_fromSchemaVersion1_keepsEveryRowAndRecordsTheNewVersion() {
    Path file = folder.resolve("old.duckdb");
    try (DuckDbStore old = DuckDbStore.open(file, ZoneId.of("UTC"), "1")) {
      assertThat(old.schemaVersion()).isEqualTo("1");
      assertThat(TestStores.count(old, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'imports'")).isZero();
      TestStores.value(old, "INSERT INTO customers (id, created, plan) VALUES ('A', TIMESTAMPTZ '2024-01-05 10:00:00+00', 'pro') RETURNING id");
      TestStores.value(old, "INSERT INTO subscriptions VALUES ('A:1', 'A', 'pro', 99, 'USD', 'month', DATE '2024-01-05', NULL, NULL, NULL) RETURNING id");
    }
    try (DuckDbStore upgraded = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      assertThat(upgraded.schemaVersion()).isEqualTo("8");
      assertThat(TestStores.rows(upgraded, "SELECT id, plan, CAST(created AS VARCHAR) FROM customers"))
          .containsExactly("A|pro|2024-01-05 10:00:00+00");
      assertThat(TestStores.rows(upgraded, "SELECT id, customer_id, mrr, started FROM subscriptions"))
          .containsExactly("A:1|A|99.0000|2024-01-05");
      assertThat(TestStores.count(upgraded, "SELECT count(*) FROM imports")).isZero();
      assertThat(TestStores.count(upgraded, "SELECT count(*) FROM clv_predictions")).isZero();
      assertThat(TestStores.count(upgraded, "SELECT count(*) FROM churn_scores")).isZero();
    }
  }

  @Test
  void upgrade_fromSchemaVersion3_keepsTheScoresAndTheirJsonText() {
    Path file = folder.resolve("v3.duckdb");
    String reasons = "[{\"signal\":\"nps\",\"contribution\":0.4,\"exact\":true,\"message\":\"reason.nps\",\"args\":[4.0]}]";
    String parts = "[{\"signal\":\"nps\",\"value\":4.0,\"points\":0.0,\"max_points\":15.0}]";
    try (DuckDbStore old = DuckDbStore.open(file, ZoneId.of("UTC"), "3")) {
      TestStores.value(old, "INSERT INTO churn_scores VALUES ('A', DATE '2025-06-30', 'm1', 0.25, 40, 'fair', 99, 'mrr', 24.75, '"
          + reasons + "', '" + parts + "', TIMESTAMPTZ '2025-07-01 08:00:00+00') RETURNING customer_id");
      assertThat(TestStores.value(old, "SELECT data_type FROM information_schema.columns WHERE table_name = 'churn_scores'"
          + " AND column_name = 'reasons'")).isEqualTo("JSON");
    }
    try (DuckDbStore upgraded = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      assertThat(upgraded.schemaVersion()).isEqualTo("8");
      assertThat(TestStores.rows(upgraded, "SELECT data_type FROM information_schema.columns WHERE table_name = 'churn_scores'"
          + " AND column_name IN ('reasons', 'health_components')")).containsExactly("VARCHAR", "VARCHAR");
      assertThat(TestStores.rows(upgraded, "SELECT customer_id, probability, reasons, health_components FROM churn_scores"))
          .containsExactly("A|0.25|" + reasons + "|" + parts);
      assertThat(TestStores.value(upgraded, "SELECT json_extract_string(reasons, '$[0].signal') FROM churn_scores")).isEqualTo("nps");
      // version 5 adds reasons_exact; the old row leaves it empty and is still read in its own form
      assertThat(TestStores.value(upgraded, "SELECT CAST(reasons_exact AS VARCHAR) FROM churn_scores")).isNull();
      var history = new dev.holdfast.store.churn.ChurnStore(upgraded).history("A");
      assertThat(history).singleElement().satisfies(score -> {
        assertThat(score.reasons()).isEqualTo(reasons);
        assertThat(score.healthParts()).isEqualTo(parts);
        // version 6 adds the plan the features saw; the old row has none
        assertThat(score.plan()).isNull();
      });
    }
  }

  @Test
  void upgrade_fromSchemaVersion7_keepsNamedHealthParts_readAndShownByName() {
    Path file = folder.resolve("v7.duckdb");
    try (DuckDbStore old = DuckDbStore.open(file, ZoneId.of("UTC"), "7")) {
      TestStores.execute(old, "INSERT INTO churn_scores (customer_id, as_of, model_id, probability, health, health_band, reasons,"
          + " health_components, scored_at, reasons_exact) VALUES ('A', DATE '2025-06-30', 'm1', 0.25, 40, 'fair', '[]',"
          + " '{\"active_days\":[3,2.68,25],\"nps\":[null,null,15]}', TIMESTAMPTZ '2025-07-01 08:00:00+00', FALSE)");
    }
    try (DuckDbStore upgraded = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      assertThat(upgraded.schemaVersion()).isEqualTo("8");
      assertThat(TestStores.count(upgraded, "SELECT count(*) FROM churn_score_days")).isZero();
      assertThat(new dev.holdfast.store.churn.ChurnStore(upgraded).history("A")).singleElement().satisfies(score -> assertThat(score.healthParts())
          .isEqualTo("[{\"signal\":\"active_days\",\"value\":3.0,\"points\":2.68,\"max_points\":25.0},"
              + "{\"signal\":\"nps\",\"value\":null,\"points\":null,\"max_points\":15.0}]"));
      assertThat(TestStores.rows(upgraded, "SELECT customer_id, signal, value, points, max_points FROM churn_health_parts ORDER BY signal"))
          .containsExactly("A|active_days|3.0|2.68|25.0", "A|nps|null|null|15.0");
    }
  }

  @Test
  void upgrade_fromSchemaVersion6_keepsDerivedEventIds_andAReimportStillFindsThoseEventsByContent() throws Exception {
    Path file = folder.resolve("v6.duckdb");
    try (DuckDbStore old = DuckDbStore.open(file, ZoneId.of("UTC"), "6")) {
      TestStores.execute(old, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2024-01-05 10:00:00+00')");
      // an id as version 6 derived it: the first 62 bits of the content's MD5
      TestStores.execute(old, "INSERT INTO events VALUES (1234567890123, 'A', NULL, TIMESTAMPTZ '2024-01-06 10:00:00+00', 'login', 1, NULL)");
      assertThat(TestStores.value(old, "SELECT CAST(is_nullable AS VARCHAR) FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'id'")).isEqualTo("false");
    }
    Path csv = folder.resolve("events.csv");
    java.nio.file.Files.writeString(csv, "customer_id,occurred_at,type,value\nA,2024-01-06 10:00:00,login,1\nA,2024-01-07 10:00:00,login,1\n");
    try (DuckDbStore upgraded = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      assertThat(upgraded.schemaVersion()).isEqualTo("8");
      assertThat(TestStores.value(upgraded, "SELECT CAST(is_nullable AS VARCHAR) FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'id'")).isEqualTo("true");
      var result = new dev.holdfast.store.ingest.Importer(upgraded, TestStores.config(file), dev.holdfast.i18n.Messages.of(java.util.Locale.ENGLISH),
          java.time.Clock.systemUTC()).run(java.util.List.of(csv), new dev.holdfast.store.ingest.Importer.Options(null,
          dev.holdfast.store.ingest.CanonicalTable.EVENTS, null, null, null, null, false, false, null, null), bytes -> {});
      assertThat(result.tables().get("events")).isEqualTo(new dev.holdfast.store.ingest.ImportResult.TableCounts(1, 0, 1, 0));
      assertThat(TestStores.rows(upgraded, "SELECT id, CAST(occurred_at AS VARCHAR) FROM events ORDER BY occurred_at"))
          .containsExactly("1234567890123|2024-01-06 10:00:00+00", "null|2024-01-07 10:00:00+00");
    }
  }

  @Test
  void reopen_isANoOpForAnUpToDateStore() {
    Path file = folder.resolve("store.duckdb");
    DuckDbStore.open(file, ZoneId.of("UTC")).close();
    try (DuckDbStore again = DuckDbStore.open(file, ZoneId.of("Europe/Moscow"))) {
      assertThat(TestStores.count(again, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(8);
      assertThat(TestStores.value(again, "SELECT current_setting('TimeZone')")).isEqualTo("Europe/Moscow");
    }
  }

  @Test
  void open_dropsTheTableOfAnImportKilledBeforeItsSwap_andNothingElse() {
    Path file = folder.resolve("killed.duckdb");
    try (DuckDbStore store = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('A', TIMESTAMPTZ '2024-01-05 10:00:00+00')");
      TestStores.execute(store, "CREATE TABLE " + DuckDbStore.IMPORT_SHADOW + "events AS SELECT * FROM events");
      TestStores.execute(store, "INSERT INTO " + DuckDbStore.IMPORT_SHADOW + "events (id, customer_id, occurred_at, type) VALUES (1, 'A', now(), 'login')");
      TestStores.execute(store, "CREATE TABLE notes (text VARCHAR)");
    }
    try (DuckDbStore reopened = DuckDbStore.open(file, ZoneId.of("UTC"))) {
      assertThat(TestStores.rows(reopened, "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'hf_')")).isEmpty();
      assertThat(TestStores.count(reopened, "SELECT count(*) FROM notes")).isZero();
      assertThat(reopened.counts()).containsEntry("customers", 1L).containsEntry("events", 0L);
    }
  }

  @Test
  void schemaVersion_isTheNumberOfTheNewestMigration() throws Exception {
    Path migrations = Path.of(DuckDbStore.class.getResource("/db/migration").toURI());
    try (var files = java.nio.file.Files.list(migrations)) {
      int newest = files.map(file -> file.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .max().orElseThrow();
      assertThat(DuckDbStore.SCHEMA_VERSION).isEqualTo(Integer.toString(newest));
    }
  }

  @Test
  void withMemoryLimit_lowersTheLimitForTheWork_andSetsTheConfiguredOneAgain() throws Exception {
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(folder.resolve("s.duckdb"), java.util.Map.of("store.memory_limit", "1GiB")))) {
      String limit = "SELECT current_setting('memory_limit')";
      assertThat(TestStores.value(store, limit)).isEqualTo("1.0 GiB");
      assertThat(store.withMemoryLimit(300L << 20, () -> TestStores.value(store, limit))).isEqualTo("300.0 MiB");
      assertThat(TestStores.value(store, limit)).isEqualTo("1.0 GiB");
      // never raised above the configured limit
      assertThat(store.withMemoryLimit(4L << 30, () -> TestStores.value(store, limit))).isEqualTo("1.0 GiB");
      // set again when the work fails, and the work's error is the one thrown
      assertThatThrownBy(() -> store.withMemoryLimit(300L << 20, () -> {
        throw new java.sql.SQLException("the work failed");
      })).hasMessage("the work failed");
      assertThat(TestStores.value(store, limit)).isEqualTo("1.0 GiB");
    }
    // a store opened without a configured limit gets the engine's default back
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("t.duckdb"), ZoneId.of("UTC"))) {
      Object engineDefault = TestStores.value(store, "SELECT current_setting('memory_limit')");
      assertThat(store.withMemoryLimit(300L << 20, () -> TestStores.value(store, "SELECT current_setting('memory_limit')"))).isEqualTo("300.0 MiB");
      assertThat(TestStores.value(store, "SELECT current_setting('memory_limit')")).isEqualTo(engineDefault);
    }
  }

  @Test
  void bytes_readsTheConfiguredLimitInDuckDbsUnits() {
    assertThat(DuckDbStore.bytes("2GB")).isEqualTo(2_000_000_000L);
    assertThat(DuckDbStore.bytes("512 MiB")).isEqualTo(512L << 20);
    assertThat(DuckDbStore.bytes("1.5GB")).isEqualTo(1_500_000_000L);
    assertThat(DuckDbStore.bytes("64KiB")).isEqualTo(65_536L);
    assertThat(DuckDbStore.bytes("1TB")).isEqualTo(1_000_000_000_000L);
    assertThatThrownBy(() -> DuckDbStore.bytes("lots")).hasMessage("not a memory limit: lots");
  }

  @Test
  void spillFolder_isBesideTheStore_unlessTheReaderMayNotWriteThere() {
    Path store = folder.resolve("shared/s.duckdb");
    assertThat(DuckDbStore.spillFolder(store, writable -> true)).isNull();
    Path elsewhere = DuckDbStore.spillFolder(store, writable -> !writable.equals(store.getParent()));
    assertThat(elsewhere).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "holdfast-" + ProcessHandle.current().pid() + ".tmp"));
  }
}
