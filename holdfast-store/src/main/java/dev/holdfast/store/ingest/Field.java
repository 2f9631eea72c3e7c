package dev.holdfast.store.ingest;

import java.util.List;

/**
 * One column of a canonical table as the importer sees it.
 *
 * @param defaultSql SQL used when the mapping gives no value (may refer to other typed fields), or null
 * @param check an extra SQL condition on the typed row that must hold, or null
 * @param checkKey the message key explaining a failed {@code check}
 */
record Field(
    String name,
    FieldType type,
    boolean required,
    List<String> allowed,
    String defaultSql,
    String check,
    String checkKey) {

  static Field of(String name, FieldType type, boolean required) {
    return new Field(name, type, required, List.of(), null, null, null);
  }

  static Field choice(String name, boolean required, String defaultSql, String... allowed) {
    return new Field(name, FieldType.ENUM, required, List.of(allowed), defaultSql, null, null);
  }

  Field withDefault(String sql) {
    return new Field(name, type, required, allowed, sql, check, checkKey);
  }

  Field withCheck(String sql, String messageKey) {
    return new Field(name, type, required, allowed, defaultSql, sql, messageKey);
  }
}
