package dev.holdfast.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named queries read from an SQL resource file, each introduced by a {@code -- name: NAME} line. */
public final class SqlFile {
  private final Map<String, String> queries;

  private SqlFile(Map<String, String> queries) {
    this.queries = queries;
  }

  /** Loads {@code resource} from the class path next to {@code owner}. */
  public static SqlFile load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SQL resource " + resource + " is missing next to " + owner.getName());
      }
      Map<String, String> queries = new LinkedHashMap<>();
      String name = null;
      StringBuilder query = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("-- name:")) {
          if (name != null) {
            queries.put(name, trim(query));
          }
          name = line.substring("-- name:".length()).strip();
          query.setLength(0);
        } else if (name != null && !line.startsWith("--")) {
          query.append(line).append('\n');
        }
      }
      if (name != null) {
        queries.put(name, trim(query));
      }
      return new SqlFile(queries);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read SQL resource " + resource, e);
    }
  }

  public String get(String name) {
    String query = queries.get(name);
    if (query == null) {
      throw new IllegalArgumentException("no query named " + name + "; known: " + queries.keySet());
    }
    return query;
  }

  public Map<String, String> all() {
    return Map.copyOf(queries);
  }

  private static String trim(StringBuilder query) {
    String text = query.toString().strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
  }
}
