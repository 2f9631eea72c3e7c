package dev.holdfast.store.ingest;

import java.util.Map;
import java.util.stream.Collectors;

/** Small helpers that build SQL text safely from names and values the importer controls. */
final class Sql {
  private Sql() {}

  static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  static String jsonObject(Map<String, String> members) {
    return members.isEmpty()
        ? "NULL"
        : members.entrySet().stream()
            .map(member -> literal(member.getKey()) + ", " + member.getValue())
            .collect(Collectors.joining(", ", "json_object(", ")"));
  }

  /**
   * Like {@link #jsonObject}, without the members whose value is NULL, and NULL where all are. (A merge patch
   * leaves out null members and writes the others as {@code json_object} does: an object without null members keeps
   * its text, and the key derived from it.)
   */
  static String jsonObjectWithoutNulls(Map<String, String> members) {
    return members.isEmpty() ? "NULL" : "nullif(CAST(json_merge_patch('{}', " + jsonObject(members) + ") AS VARCHAR), '{}')";
  }

  /**
   * The JSON object {@code given} (SQL for its text) with the members that have a value added: a text that is no
   * JSON object is left as it is (the import's checks report it), and no object gives the members as {@link
   * #jsonObjectWithoutNulls} does. A member that {@code given} has too replaces its value: the import reports that.
   */
  static String jsonObjectMerged(String given, Map<String, String> members) {
    return "CASE WHEN " + given + " IS NULL THEN " + jsonObjectWithoutNulls(members)
        + " WHEN coalesce(CASE WHEN json_valid(" + given + ") THEN json_type(" + given + ") = 'OBJECT' END, false)"
        + " THEN CAST(json_merge_patch(" + given + ", json_merge_patch('{}', " + jsonObject(members) + ")) AS VARCHAR)"
        + " ELSE " + given + " END";
  }
}
