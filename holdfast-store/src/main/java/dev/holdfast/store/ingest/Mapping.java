package dev.holdfast.store.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig.UnknownCustomers;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a source's columns and codes become canonical rows: read from a small YAML file (see
 * docs/import.md), or built for a plain file whose header already uses the canonical names.
 *
 * <p>Each target field is an SQL expression over the source columns; a bare column name is the
 * simplest expression. A target with {@code group_by} aggregates several source lines into one row.
 */
public record Mapping(
    String name,
    SourceOptions source,
    List<SkipRule> skips,
    UnknownCustomers unknownCustomers,
    Map<CanonicalTable, Target> targets) {

  /** Source lines a mapping leaves out on purpose; they are counted and reported, never silently dropped. */
  public record SkipRule(String when, String reason) {}

  /** One canonical table filled from the source. */
  public record Target(List<String> groupBy, Map<String, String> fields) {
    public Target {
      groupBy = List.copyOf(groupBy);
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  private static final Set<String> TOP_KEYS = Set.of("source", "skip", "targets", "unknown_customers", "description");
  private static final Set<String> SOURCE_KEYS =
      Set.of("format", "delimiter", "quote", "encoding", "header", "columns", "types", "decimal_separator", "timestamp_patterns");
  private static final Set<String> TARGET_KEYS = Set.of("group_by", "fields");

  /** Reads and checks a mapping file. */
  public static Mapping read(Path file) {
    JsonNode root;
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new InputException(text("mapping.missing", file));
    }
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // the parser's own words with where it stopped, without its internal trace of the source
      var at = e.getLocation();
      // SnakeYAML's message: "while parsing …", indented excerpts and "expected …, but found …" lines
      String problem = String.join("; ", String.valueOf(e.getOriginalMessage()).lines()
          .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("in '")).toList());
      throw new InputException(at != null && at.getLineNr() > 0
          ? text("mapping.not_yaml_at", file, at.getLineNr(), at.getColumnNr(), problem) : text("mapping.not_yaml", file, problem));
    } catch (IOException e) {
      throw new InputException(text("mapping.not_yaml", file, firstLine(e.getMessage())));
    }
    if (root == null || !root.isObject()) {
      throw new InputException(text("mapping.not_map", file));
    }
    String where = text("mapping.where", file);
    checkKeys(root, TOP_KEYS, where, text("mapping.level.top"));
    SourceOptions source = readSource(root.path("source"), where);
    List<SkipRule> skips = new ArrayList<>();
    for (JsonNode skip : iterable(root.path("skip"))) {
      if (!skip.hasNonNull("when")) {
        throw new InputException(text("mapping.skip_when", where));
      }
      skips.add(new SkipRule(skip.get("when").asText(), skip.path("reason").asText(skip.get("when").asText())));
    }
    UnknownCustomers unknown = null;
    if (root.hasNonNull("unknown_customers")) {
      String value = root.get("unknown_customers").asText();
      try {
        unknown = UnknownCustomers.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InputException(text("mapping.unknown_customers", where, value));
      }
    }
    JsonNode targetsNode = root.path("targets");
    if (!targetsNode.isObject() || targetsNode.isEmpty()) {
      throw new InputException(text("mapping.no_targets", where, CanonicalTable.names()));
    }
    Map<CanonicalTable, Target> targets = new EnumMap<>(CanonicalTable.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = targetsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      CanonicalTable table;
      try {
        table = CanonicalTable.named(entry.getKey());
      } catch (IllegalArgumentException e) {
        throw new InputException(text("mapping.bad_target", where, entry.getKey(), CanonicalTable.names()));
      }
      targets.put(table, readTarget(table, entry.getValue(), text("mapping.where_target", where, table.tableName())));
    }
    String name = file.getFileName().toString();
    return new Mapping(name, source, skips, unknown, targets);
  }

  /** The mapping of a file whose columns already carry canonical names; other columns become attributes. */
  public static Mapping identity(CanonicalTable table, SourceOptions source, List<String> header) {
    return identity(table, source, header, false, Set.of());
  }

  /**
   * The mapping of a file whose columns already carry canonical names; other columns become attributes. With
   * {@code sparse} (JSON Lines: the columns are the keys of all the lines together) a line's object holds only its
   * own keys with a value, and a line with none has no object, as from a file without such keys: what is stored, and
   * the key derived from it, depends on the line alone and not on the keys its neighbours have. Where the file has
   * the JSON column itself, the other columns that have a value are added to its object (the importer reports a key
   * given both ways as a problem of the line). The columns in {@code json} hold JSON text (a JSON Lines value), added
   * as the value it writes: a number stays a number, an object an object.
   */
  static Mapping identity(CanonicalTable table, SourceOptions source, List<String> header, boolean sparse, Set<String> json) {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> extra = new LinkedHashMap<>();
    for (String column : header) {
      String name = column.strip().toLowerCase(Locale.ROOT);
      if (table.field(name).isPresent()) {
        fields.put(name, Sql.identifier(column));
      } else {
        extra.put(column, json.contains(column) ? "CAST(" + Sql.identifier(column) + " AS JSON)" : Sql.identifier(column));
      }
    }
    String bag = bagOf(table);
    if (bag != null && !extra.isEmpty()) {
      String given = fields.get(bag);
      fields.put(bag, given != null ? Sql.jsonObjectMerged(given, extra)
          : sparse ? Sql.jsonObjectWithoutNulls(extra) : Sql.jsonObject(extra));
    }
    return new Mapping(table.tableName() + " columns", source, List.of(), null, Map.of(table, new Target(List.of(), fields)));
  }

  /** The JSON field that takes the other columns of a file with canonical names: attributes, properties, or null. */
  static String bagOf(CanonicalTable table) {
    return table == CanonicalTable.CUSTOMERS ? "attributes" : table == CanonicalTable.EVENTS ? "properties" : null;
  }

  /** The columns of a file with canonical names that are not fields of the table, and so go into its JSON field. */
  static List<String> extraColumns(CanonicalTable table, List<String> header) {
    return header.stream().filter(column -> table.field(column.strip().toLowerCase(Locale.ROOT)).isEmpty()).toList();
  }

  private static SourceOptions readSource(JsonNode node, String where) {
    SourceOptions defaults = SourceOptions.defaults();
    if (node.isMissingNode() || node.isNull()) {
      return defaults;
    }
    checkKeys(node, SOURCE_KEYS, where, "source");
    String format = node.hasNonNull("format") ? node.get("format").asText().toLowerCase(Locale.ROOT) : null;
    if (format != null && !Set.of("csv", "jsonl", "parquet").contains(format)) {
      throw new InputException(text("mapping.format", where, format));
    }
    Character delimiter = defaults.delimiter();
    if (node.hasNonNull("delimiter")) {
      delimiter = delimiter(node.get("delimiter").asText(), where);
    }
    String quoteText = node.hasNonNull("quote") ? node.get("quote").asText() : "\"";
    if (quoteText.length() != 1) {
      throw new InputException(text("mapping.quote", where, quoteText));
    }
    char quote = quoteText.charAt(0);
    // a line break ends a record, and a delimiter that is the quote would open a quoted field at every column
    if (quote == '\n' || quote == '\r' || (delimiter != null && (delimiter == '\n' || delimiter == '\r'))) {
      throw new InputException(text("mapping.line_break", where));
    }
    if (delimiter != null && delimiter == quote) {
      throw new InputException(text("mapping.delimiter_is_quote", where, quoteText));
    }
    Charset encoding = node.hasNonNull("encoding") ? charset(node.get("encoding").asText(), where) : defaults.encoding();
    boolean header = node.path("header").asBoolean(true);
    List<String> columns = new ArrayList<>();
    iterable(node.path("columns")).forEach(column -> columns.add(column.asText()));
    Map<String, FieldType> types = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("types").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      types.put(entry.getKey(), sourceType(entry.getValue().asText(), where, entry.getKey()));
    }
    Character separator = null;
    if (node.hasNonNull("decimal_separator")) {
      String value = node.get("decimal_separator").asText();
      if (!value.equals(".") && !value.equals(",")) {
        throw new InputException(text("mapping.decimal_separator", where, value));
      }
      separator = value.charAt(0);
    }
    List<String> patterns = new ArrayList<>();
    for (JsonNode pattern : iterable(node.path("timestamp_patterns"))) {
      if (!dev.holdfast.config.ConfigLoader.isTimestampPattern(pattern.asText())) {
        throw new InputException(text("mapping.pattern", where, pattern.asText()));
      }
      patterns.add(pattern.asText());
    }
    return new SourceOptions(format, delimiter, quote, encoding, header, columns, types, separator, patterns);
  }

  private static Target readTarget(CanonicalTable table, JsonNode node, String where) {
    checkKeys(node, TARGET_KEYS, where, text("mapping.level.target"));
    List<String> groupBy = new ArrayList<>();
    iterable(node.path("group_by")).forEach(column -> groupBy.add(column.asText()));
    Map<String, String> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("fields").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (table.field(entry.getKey()).isEmpty()) {
        throw new InputException(text("mapping.unknown_field", where, entry.getKey(), table.tableName(),
            String.join(", ", table.fields().stream().map(Field::name).toList())));
      }
      JsonNode value = entry.getValue();
      if (value.isObject()) {
        Map<String, String> members = new LinkedHashMap<>();
        value.fields().forEachRemaining(member -> members.put(member.getKey(), member.getValue().asText()));
        fields.put(entry.getKey(), Sql.jsonObject(members));
      } else {
        fields.put(entry.getKey(), value.asText());
      }
    }
    if (fields.isEmpty()) {
      throw new InputException(text("mapping.no_fields", where));
    }
    return new Target(groupBy, fields);
  }

  static Character delimiter(String text, String where) {
    return switch (text) {
      case "whitespace" -> null;
      case "\\t", "tab", "\t" -> '\t';
      default -> {
        if (text.length() != 1) {
          throw new InputException(text("mapping.delimiter", where, text));
        }
        yield text.charAt(0);
      }
    };
  }

  static Charset charset(String name, String where) {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new InputException(text("mapping.encoding", where, name));
    }
  }

  private static FieldType sourceType(String name, String where, String column) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "text" -> FieldType.TEXT;
      case "integer" -> FieldType.BIGINT;
      case "decimal" -> FieldType.DECIMAL;
      case "double" -> FieldType.DOUBLE;
      case "date" -> FieldType.DATE;
      case "timestamp" -> FieldType.TIMESTAMP;
      default -> throw new InputException(text("mapping.type", where, column, name));
    };
  }

  private static void checkKeys(JsonNode node, Set<String> known, String where, String level) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new InputException(text("mapping.unknown_key", where, key, level, String.join(", ", new java.util.TreeSet<>(known))));
      }
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isArray()) {
      return node;
    }
    return List.of(node);
  }

  private static String text(String key, Object... arguments) {
    return dev.holdfast.i18n.Messages.of(Locale.getDefault()).get(key, arguments);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
