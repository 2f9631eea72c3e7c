package dev.holdfast.store.ingest;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * How to read a source file: its format, CSV dialect, encoding, declared column types and patterns.
 *
 * @param format csv, jsonl or parquet; null to decide from the file name
 * @param delimiter the field separator, or null for runs of white space
 * @param header whether the first CSV line names the columns
 * @param columns the column names when there is no header (or the names to expect), may be empty
 * @param types declared types of source columns ({@code integer}, {@code decimal} …), checked on every line
 * @param decimalSeparator null for the configured default
 * @param timestampPatterns extra strftime patterns for timestamps and dates, after the configured ones
 */
public record SourceOptions(
    String format,
    Character delimiter,
    char quote,
    Charset encoding,
    boolean header,
    List<String> columns,
    Map<String, FieldType> types,
    Character decimalSeparator,
    List<String> timestampPatterns) {
  public SourceOptions {
    columns = List.copyOf(columns);
    types = Map.copyOf(types);
    timestampPatterns = List.copyOf(timestampPatterns);
  }

  /** As an override's delimiter ({@link #override}): runs of white space, which these options hold as null. */
  public static final char WHITESPACE = '\0';

  public static SourceOptions defaults() {
    return new SourceOptions(null, ',', '"', java.nio.charset.StandardCharsets.UTF_8, true, List.of(), Map.of(), null, List.of());
  }

  /** These options with command-line overrides applied (null means: keep; a {@link #WHITESPACE} delimiter: white space). */
  public SourceOptions override(String format, Character delimiter, Character quote, Charset encoding, Boolean header,
      Character decimalSeparator) {
    return new SourceOptions(
        format != null ? format : this.format,
        delimiter == null ? this.delimiter : delimiter == WHITESPACE ? null : delimiter,
        quote != null ? quote : this.quote,
        encoding != null ? encoding : this.encoding,
        header != null ? header : this.header,
        columns,
        types,
        decimalSeparator != null ? decimalSeparator : this.decimalSeparator,
        timestampPatterns);
  }
}
