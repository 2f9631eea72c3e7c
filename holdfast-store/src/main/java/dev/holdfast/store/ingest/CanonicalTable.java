package dev.holdfast.store.ingest;

import static dev.holdfast.store.ingest.Field.choice;
import static dev.holdfast.store.ingest.Field.of;
import static dev.holdfast.store.ingest.FieldType.BIGINT;
import static dev.holdfast.store.ingest.FieldType.CURRENCY;
import static dev.holdfast.store.ingest.FieldType.DATE;
import static dev.holdfast.store.ingest.FieldType.DECIMAL;
import static dev.holdfast.store.ingest.FieldType.DOUBLE;
import static dev.holdfast.store.ingest.FieldType.INTEGER;
import static dev.holdfast.store.ingest.FieldType.JSON;
import static dev.holdfast.store.ingest.FieldType.TEXT;
import static dev.holdfast.store.ingest.FieldType.TIMESTAMP;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The canonical tables an import can write, with their fields, keys and how a missing key is derived.
 *
 * <p>The order of the constants is the order of writing: customers before what refers to them.
 */
public enum CanonicalTable {
  CUSTOMERS(
      "customers",
      List.of("id"),
      KeyDerivation.NONE,
      of("id", TEXT, true),
      of("created", TIMESTAMP, true),
      of("plan", TEXT, false),
      of("country", TEXT, false),
      of("channel", TEXT, false),
      of("owner", TEXT, false),
      of("attributes", JSON, false).withCheck("json_type(attributes) = 'OBJECT'", "check.json_object")),
  SUBSCRIPTIONS(
      "subscriptions",
      List.of("id"),
      KeyDerivation.CUSTOMER_AND_START,
      of("id", TEXT, false),
      of("customer_id", TEXT, true),
      of("plan", TEXT, false),
      of("mrr", DECIMAL, true).withCheck("mrr >= 0", "check.not_negative"),
      of("currency", CURRENCY, false),
      choice("billing_period", false, "'month'", "month", "quarter", "half_year", "year", "two_years"),
      of("started", DATE, true),
      of("ended", DATE, false).withCheck("ended IS NULL OR ended >= started", "check.ended_before_started"),
      of("cancel_reason", TEXT, false),
      choice("churn_type", false, null, "voluntary", "involuntary")),
  ORDERS(
      "orders",
      List.of("id"),
      KeyDerivation.CONTENT_HASH,
      of("id", TEXT, false),
      of("customer_id", TEXT, true),
      of("ordered_at", TIMESTAMP, true),
      // money paid back lowers revenue: a refund written with a positive amount would add to it
      of("amount", DECIMAL, true).withCheck("status IS DISTINCT FROM 'refund' OR amount <= 0", "check.refund_positive"),
      of("currency", CURRENCY, false),
      choice("status", false, "'completed'", "completed", "refund", "cancelled", "pending")),
  EVENTS(
      "events",
      List.of("id"),
      KeyDerivation.CONTENT,
      of("id", BIGINT, false),
      of("customer_id", TEXT, true),
      of("user_id", TEXT, false),
      of("occurred_at", TIMESTAMP, true),
      of("type", TEXT, true),
      of("value", DOUBLE, false),
      of("properties", JSON, false).withCheck("json_type(properties) = 'OBJECT'", "check.json_object")),
  TICKETS(
      "tickets",
      List.of("id"),
      KeyDerivation.CONTENT_HASH,
      of("id", TEXT, false),
      of("customer_id", TEXT, true),
      of("opened", TIMESTAMP, true),
      of("closed", TIMESTAMP, false).withCheck("closed IS NULL OR closed >= opened", "check.closed_before_opened"),
      choice("status", false, "CASE WHEN closed IS NULL THEN 'open' ELSE 'closed' END", "open", "pending", "closed"),
      of("priority", TEXT, false),
      of("category", TEXT, false),
      of("satisfaction", INTEGER, false).withCheck("satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", "check.satisfaction_range")),
  SURVEYS(
      "surveys",
      List.of("id"),
      KeyDerivation.CONTENT_HASH,
      of("id", TEXT, false),
      of("customer_id", TEXT, true),
      choice("kind", true, null, "nps", "csat", "ces"),
      of("score", INTEGER, true)
          .withCheck(
              "(kind = 'nps' AND score BETWEEN 0 AND 10) OR (kind = 'csat' AND score BETWEEN 1 AND 5)"
                  + " OR (kind = 'ces' AND score BETWEEN 1 AND 7)",
              "check.score_range"),
      of("comment", TEXT, false),
      of("answered_at", TIMESTAMP, true)),
  SPEND(
      "spend",
      List.of("period_start", "channel"),
      KeyDerivation.NONE,
      of("period_start", DATE, true),
      of("period_end", DATE, true).withCheck("period_end > period_start", "check.period_end"),
      of("channel", TEXT, true),
      of("amount", DECIMAL, true).withCheck("amount >= 0", "check.not_negative"),
      of("currency", CURRENCY, false));

  /** How the importer fills a key column that the source does not provide. */
  enum KeyDerivation {
    /** The key must come from the source. */
    NONE,
    /** customer_id + ':' + started. */
    CUSTOMER_AND_START,
    /** The MD5 of the row's typed values as a decimal number, with "-N" for the N-th repeat of identical rows. */
    CONTENT_HASH,
    /**
     * None: a row without a key keeps none and is told apart by its content. Identical rows of one file are as
     * many events; importing again adds only the copies beyond those already stored (see the importer's write).
     */
    CONTENT
  }

  private final String table;
  private final List<String> key;
  private final KeyDerivation keyDerivation;
  private final List<Field> fields;

  CanonicalTable(String table, List<String> key, KeyDerivation keyDerivation, Field... fields) {
    this.table = table;
    this.key = key;
    this.keyDerivation = keyDerivation;
    this.fields = List.of(fields);
  }

  public String tableName() {
    return table;
  }

  List<String> key() {
    return key;
  }

  KeyDerivation keyDerivation() {
    return keyDerivation;
  }

  List<Field> fields() {
    return fields;
  }

  Optional<Field> field(String name) {
    return fields.stream().filter(field -> field.name().equals(name)).findFirst();
  }

  boolean refersToCustomer() {
    return this != CUSTOMERS && this != SPEND;
  }

  /** The canonical table for a name such as {@code orders}, or an error listing the names. */
  public static CanonicalTable named(String name) {
    for (CanonicalTable table : values()) {
      if (table.table.equals(name.toLowerCase(Locale.ROOT))) {
        return table;
      }
    }
    throw new IllegalArgumentException(
        "\"" + name + "\" is not a kind of data; use one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(CanonicalTable::tableName).collect(Collectors.joining(", "));
  }
}
