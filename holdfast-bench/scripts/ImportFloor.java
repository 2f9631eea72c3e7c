// The floor under the import benchmark: how fast DuckDB alone reads an events CSV with typed columns and
// inserts it into a table on disk, with no checks, no mapping and no staging (what no importer can beat):
//   java -cp holdfast-app/target/lib/duckdb_jdbc-2.0.0.1.jar holdfast-bench/scripts/ImportFloor.java \
//       /tmp/holdfast-bench/events-1000000/events.csv
// Prints seconds and rows/s for (1) reading into a temporary table and (2) reading into a table on disk
// with a content hash as key, each into a fresh store, with DuckDB's two threads.
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

public class ImportFloor {
  public static void main(String[] args) throws Exception {
    String csv = "'" + args[0].replace("'", "''") + "'";
    String read = "read_csv(" + csv + ", header = true, columns = {'customer_id': 'VARCHAR', 'user_id': 'VARCHAR',"
        + " 'occurred_at': 'TIMESTAMPTZ', 'type': 'VARCHAR', 'value': 'DOUBLE'})";
    Path store = Files.createTempFile("floor", ".duckdb");
    Files.delete(store);
    try (var connection = DriverManager.getConnection("jdbc:duckdb:" + store); var statement = connection.createStatement()) {
      statement.execute("SET threads = 2");
      statement.execute("CREATE TABLE events (id BIGINT, customer_id VARCHAR, user_id VARCHAR, occurred_at TIMESTAMPTZ,"
          + " type VARCHAR, value DOUBLE)");
      String[][] steps = {
        {"read into a temporary table", "CREATE TEMP TABLE t AS SELECT * FROM " + read},
        {"read, hash and insert on disk", "INSERT INTO events SELECT CAST(hash(customer_id, user_id, occurred_at, type, value) >> 1 AS BIGINT), * FROM " + read},
      };
      for (String[] step : steps) {
        long start = System.nanoTime();
        long rows = statement.executeUpdate(step[1]);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-32s %,d rows %.2f s %,.0f rows/s%n", step[0], rows, seconds, rows / seconds);
      }
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(Path.of(store + ".wal"));
    }
  }
}
