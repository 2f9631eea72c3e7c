// A fused import in one statement, to see whether fusing the importer's passes could reach 1 M rows/s:
// DuckDB reads the events CSV with typed columns and inserts it in one INSERT … SELECT that checks required
// fields and references to customers (error() aborts the statement) and derives the stable content key
// (md5 of the row's typed content, as the importer does), inside a transaction; then counts repeated keys.
//   java -cp holdfast-app/target/lib/duckdb_jdbc-2.0.0.1.jar holdfast-bench/scripts/ImportFused.java \
//       /tmp/holdfast-bench/events-1000000
// (the folder written by EventFile: customers.csv and events.csv). Prints the seconds of each step.
import java.sql.*;
public class ImportFused {
  public static void main(String[] a) throws Exception {
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(a[0] + "/fused.duckdb"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a[0] + "/fused.duckdb"); Statement s = c.createStatement()) {
      s.execute("SET threads=2"); s.execute("SET memory_limit='2GB'");
      s.execute("CREATE TABLE customers(id VARCHAR, created TIMESTAMPTZ)");
      s.execute("INSERT INTO customers SELECT id, now() FROM read_csv('" + a[0] + "/customers.csv')");
      s.execute("CREATE TABLE events (id BIGINT, customer_id VARCHAR, user_id VARCHAR, occurred_at TIMESTAMPTZ, type VARCHAR, value DOUBLE, properties JSON)");
      String read = "read_csv('" + a[0] + "/events.csv', header = true, columns = {'customer_id': 'VARCHAR', 'user_id': 'VARCHAR', 'occurred_at': 'TIMESTAMPTZ', 'type': 'VARCHAR', 'value': 'DOUBLE'})";
      String content = "coalesce(CAST(e.customer_id AS VARCHAR), '∅') || '|' || coalesce(e.user_id, '∅') || '|' || coalesce(CAST(epoch_us(e.occurred_at) AS VARCHAR), '∅') || '|' || coalesce(e.type, '∅') || '|' || coalesce(CAST(e.value AS VARCHAR), '∅') || '|∅'";
      long t = System.nanoTime();
      c.setAutoCommit(false);
      s.execute("INSERT INTO events SELECT CAST(md5_number(" + content + ") >> 66 AS BIGINT), "
        + "CASE WHEN e.customer_id IS NULL THEN error('required') WHEN k.id IS NULL THEN error('unknown customer') ELSE e.customer_id END, e.user_id, "
        + "CASE WHEN e.occurred_at IS NULL THEN error('required') ELSE e.occurred_at END, CASE WHEN e.type IS NULL THEN error('required') ELSE e.type END, e.value, NULL "
        + "FROM " + read + " e LEFT JOIN customers k ON k.id = e.customer_id");
      System.out.printf("insert %.2f s%n", (System.nanoTime()-t)/1e9);
      ResultSet r = s.executeQuery("SELECT count(*) - count(DISTINCT id) FROM events"); r.next();
      System.out.printf("repeats %d, %.2f s%n", r.getLong(1), (System.nanoTime()-t)/1e9);
      c.commit();
      System.out.printf("commit %.2f s%n", (System.nanoTime()-t)/1e9);
    }
  }
}
