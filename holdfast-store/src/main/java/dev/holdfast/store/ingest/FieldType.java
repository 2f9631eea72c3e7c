package dev.holdfast.store.ingest;

/** The type of a canonical field, which decides how an imported text value is checked and converted. */
enum FieldType {
  TEXT,
  TIMESTAMP,
  DATE,
  DECIMAL,
  INTEGER,
  BIGINT,
  DOUBLE,
  ENUM,
  CURRENCY,
  JSON
}
