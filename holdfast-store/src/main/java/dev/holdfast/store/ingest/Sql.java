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
   * Like {@link #jsonObject}, without the members whose value is NULL, and NULL where all are. The object is written
   * as {@code json_object} writes it (an object without null members keeps its text, and the key derived from it),
   * and a null inside a member's own object or list stays (a merge patch would delete those too).
   */
  static String jsonObjectWithoutNulls(Map<String, String> members) {
    return members.isEmpty() ? "NULL" : "nullif(CAST(to_json(" + membersWithValue(members) + ") AS VARCHAR), '{}')";
  }

  /** The members that have a value, as a MAP(VARCHAR, JSON) in their order. */
  private static String membersWithValue(Map<String, String> members) {
    return members.entrySet().stream()
        .map(member -> "{'k': " + literal(member.getKey()) + ", 'v': to_json(" + member.getValue() + ")}")
        .collect(Collectors.joining(", ", "map_from_entries(list_filter([", "], lambda hf_member: hf_member.v IS NOT NULL))"));
  }

  /**
   * The JSON object {@code given} (SQL for its text) with the members that have a value added: a text that is no
   * JSON object is left as it is (the import's checks report it), and no object gives the members as {@link
   * #jsonObjectWithoutNulls} does. A member that {@code given} has too replaces its value: the import reports that.
   */
  static String jsonObjectMerged(String given, Map<String, String> members) {
    return "CASE WHEN " + given + " IS NULL THEN " + jsonObjectWithoutNulls(members)
        + " WHEN coalesce(CASE WHEN json_valid(" + given + ") THEN json_type(" + given + ") = 'OBJECT' END, false)"
        + " THEN CAST(to_json(map_concat(CAST(CAST(" + given + " AS JSON) AS MAP(VARCHAR, JSON)), " + membersWithValue(members) + ")) AS VARCHAR)"
        + " ELSE " + given + " END";
  }
}
