package dev.holdfast.store.ingest;

import dev.holdfast.HoldfastException.StoreException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Every problem found during one import, kept in a temporary table so that millions of bad lines
 * cost no heap; checks written in SQL add their findings with one INSERT … SELECT.
 */
final class ProblemLog {
  static final String TABLE = "import_problems";

  private final DuckDBConnection connection;

  ProblemLog(DuckDBConnection connection) {
    this.connection = connection;
    execute(
        "CREATE OR REPLACE TEMP TABLE " + TABLE
            + " (file VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR, hint VARCHAR, source_row VARCHAR)");
  }

  void add(Problem problem) {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
      insert.setString(1, problem.file());
      insert.setLong(2, problem.line());
      insert.setString(3, problem.column());
      insert.setString(4, problem.value());
      insert.setString(5, problem.reason());
      insert.setString(6, problem.hint());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record an import problem: " + e.getMessage(), e);
    }
  }

  /**
   * Records one problem for every row of {@code fromWhere} (an SQL {@code FROM … WHERE …} clause whose
   * rows have {@code _line}); {@code valueSql} gives the offending value.
   */
  long addRows(String file, String column, String valueSql, String fromWhere, String reason, String hint) {
    String sql = "INSERT INTO " + TABLE + " SELECT ?, _line, ?, CAST(" + valueSql + " AS VARCHAR), ?, ?, NULL " + fromWhere;
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, file);
      insert.setString(2, column);
      insert.setString(3, reason);
      insert.setString(4, hint);
      return insert.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot check " + column + " of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies each problem's whole source line from the staging table: a JSON Lines line as written ({@code
   * sourceLine}), any other as a JSON object of its columns.
   */
  void attachRows(String file, String stagingTable, java.util.List<String> columns, boolean sourceLine) {
    String row = sourceLine ? Sql.identifier(SourceReader.SOURCE_LINE) : Sql.jsonObject(columns.stream().collect(java.util.stream.Collectors.toMap(
        column -> column, Sql::identifier, (a, b) -> a, java.util.LinkedHashMap::new)));
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE " + TABLE + " p SET source_row = s.source_row FROM (SELECT _line, CAST(" + row + " AS VARCHAR) AS source_row FROM "
            + stagingTable + ") s WHERE p.file = ? AND p.line = s._line AND p.source_row IS NULL")) {
      update.setString(1, file);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot attach source lines to import problems: " + e.getMessage(), e);
    }
  }

  /** The condition (on {@code _line}) that keeps rows of {@code file} without problems. */
  String goodLines(String file) {
    return "_line NOT IN (SELECT line FROM " + TABLE + " WHERE file = " + Sql.literal(file) + ")";
  }

  /** The condition (on {@code _line}) that keeps rows of {@code file} whose line has no problem of this reason yet. */
  String linesWithout(String file, String reason) {
    return "_line NOT IN (SELECT line FROM " + TABLE + " WHERE file = " + Sql.literal(file) + " AND reason = " + Sql.literal(reason) + ")";
  }

  long count() {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count import problems: " + e.getMessage(), e);
    }
  }

  /** Lines that have at least one problem. */
  long badLines() {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM (SELECT DISTINCT file, line FROM " + TABLE + ")")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count import problems: " + e.getMessage(), e);
    }
  }

  List<Problem> first(int limit) {
    List<Problem> problems = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT * FROM " + TABLE + " ORDER BY file, line, column_name NULLS FIRST, reason LIMIT " + limit)) {
      while (rows.next()) {
        problems.add(
            new Problem(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read import problems: " + e.getMessage(), e);
    }
    return problems;
  }

  /** Writes every problem, one per line with its source line, to a CSV file. */
  void writeRejects(Path file) {
    execute(
        "COPY (SELECT file, line, column_name AS column, value, reason, hint, source_row FROM " + TABLE
            + " ORDER BY file, line, column_name NULLS FIRST) TO " + Sql.literal(file.toAbsolutePath().toString())
            + " (HEADER, DELIMITER ',')");
  }

  /** Forgets what was found in one file, before it is checked again. */
  void forget(String file) {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE file = ?")) {
      delete.setString(1, file);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot reset import problems: " + e.getMessage(), e);
    }
  }

  void drop() {
    execute("DROP TABLE IF EXISTS " + TABLE);
  }

  private void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StoreException("import bookkeeping failed: " + e.getMessage(), e);
    }
  }
}
