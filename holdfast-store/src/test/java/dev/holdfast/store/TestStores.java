package dev.holdfast.store;

import dev.holdfast.config.ConfigLoader;
import dev.holdfast.config.HoldfastConfig;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers for tests that work on a real DuckDB store file. */
public final class TestStores {
  private TestStores() {}

  public static HoldfastConfig config(Path store, Map<String, String> overrides) {
    java.util.Map<String, String> flags = new java.util.HashMap<>(overrides);
    flags.put("store.path", store.toString());
    return ConfigLoader.load(null, Map.of(), flags);
  }

  public static HoldfastConfig config(Path store) {
    return config(store, Map.of());
  }

  /** The single value of a query. */
  public static Object value(DuckDbStore store, String sql) {
    try (Statement statement = store.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getObject(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static void execute(DuckDbStore store, String sql) {
    try (Statement statement = store.connection().createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static long count(DuckDbStore store, String sql) {
    return ((Number) value(store, sql)).longValue();
  }

  /** Every row of a query, each as the text of its columns joined by "|". */
  public static List<String> rows(DuckDbStore store, String sql) {
    List<String> rows = new ArrayList<>();
    try (Statement statement = store.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(result.getString(i));
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
