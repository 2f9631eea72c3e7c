// Converts a CSV file to Parquet with DuckDB, for the import benchmark:
//   java -cp duckdb_jdbc.jar holdfast-bench/scripts/ToParquet.java IN.csv OUT.parquet
import java.sql.DriverManager;

public class ToParquet {
  public static void main(String[] args) throws Exception {
    try (var connection = DriverManager.getConnection("jdbc:duckdb:"); var statement = connection.createStatement()) {
      statement.execute("COPY (SELECT * FROM read_csv('" + args[0].replace("'", "''") + "', all_varchar = true)) TO '"
          + args[1].replace("'", "''") + "' (FORMAT parquet)");
    }
  }
}
