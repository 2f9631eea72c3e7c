package dev.holdfast.store.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.i18n.Messages;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Streams one source file (CSV, JSON Lines or Parquet, optionally gzip-compressed) into a temporary
 * all-text staging table {@code (_line, column…)}, reporting lines that cannot even be split into
 * columns. Nothing here holds more than one line in memory.
 */
final class SourceReader {
  private static final int MAX_FIELD_LENGTH = 1 << 20;
  /** FastCSV's buffer, and so the longest field it reads: 16 MiB. */
  private static final int MAX_BUFFER = MAX_FIELD_LENGTH * 16;

  private final DuckDBConnection connection;
  private final Messages messages;
  private final ProblemLog problems;
  private final LongConsumer progress;
  private Path current;

  SourceReader(DuckDBConnection connection, Messages messages, ProblemLog problems, LongConsumer progress) {
    this.connection = connection;
    this.messages = messages;
    this.problems = problems;
    this.progress = progress;
  }

  /**
   * What was staged: the table, its source columns, the number of data lines read (staged, or reported as
   * lines that cannot be read), whether DuckDB's own CSV reader did it ({@code fast}: its row numbers are
   * line numbers only for files without blank lines or quoted line breaks, so problems found in such a staging
   * are located again the slow way), and whether the columns are the keys of all the lines together ({@code
   * sparse}: JSON Lines, where a line may hold only some of them, so a NULL may be a key the line does not have), and
   * the columns staged as JSON text ({@code json}: the keys of a JSON Lines file that go into the table's JSON field,
   * so that a number, a true or an object stays one there instead of becoming its text).
   */
  record Staged(String table, List<String> columns, long rows, boolean fast, boolean sparse, Set<String> json) {
    Staged(String table, List<String> columns, long rows, boolean fast, boolean sparse) {
      this(table, columns, rows, fast, sparse, Set.of());
    }
  }

  /** Stages a file line by line, reporting every line that cannot be split into the header's columns. */
  Staged stage(Path file, String name, SourceOptions options, String table) {
    return stage(file, name, options, table, column -> false);
  }

  /**
   * Stages a file line by line, reporting every line that cannot be split into the header's columns; the keys of a
   * JSON Lines file that {@code asJson} accepts are staged as their JSON text.
   */
  Staged stage(Path file, String name, SourceOptions options, String table, java.util.function.Predicate<String> asJson) {
    current = file;
    if (Files.isDirectory(file)) {
      throw new InputException(messages.get("input.folder", file));
    }
    if (!Files.isRegularFile(file)) {
      throw new InputException(messages.get("input.missing", file));
    }
    try {
      if (Files.size(file) == 0) {
        throw new InputException(messages.get("input.empty", name));
      }
      boolean gzip = startsWith(file, new byte[] {0x1f, (byte) 0x8b});
      String format = options.format() != null ? options.format() : formatOf(file, gzip);
      if (format.equals("parquet")) {
        if (gzip) {
          throw new InputException(messages.get("input.parquet_gzip", name));
        }
        return stageParquet(file, name, table);
      }
      checkNotUtf16(file, name, gzip, options);
      try (InputStream raw = open(file, gzip)) {
        return format.equals("jsonl")
            ? stageJsonLines(file, name, gzip, options, table, asJson)
            : stageCsv(name, raw, options, table);
      }
    } catch (IOException e) {
      throw decodingFailure(name, options, 0, e);
    } catch (SQLException e) {
      throw new InputException(messages.get("input.staging_failed", name, e.getMessage()), e);
    }
  }

  private InputStream open(Path file, boolean gzip) throws IOException {
    return open(file, gzip, true);
  }

  /** Opens the file, gunzipping it where needed; {@code counted}: what is read moves the progress bar. */
  private InputStream open(Path file, boolean gzip, boolean counted) throws IOException {
    InputStream in = counted ? new CountingStream(Files.newInputStream(file), progress) : Files.newInputStream(file);
    in = new BufferedInputStream(in, 1 << 16);
    if (gzip) {
      try {
        in = new GZIPInputStream(in, 1 << 16);
      } catch (java.io.EOFException e) {
        // (the file ends inside the gzip header, before any data)
        in.close();
        throw new InputException(messages.get("input.truncated_gzip_start", file.getFileName()), e);
      } catch (IOException e) {
        in.close();
        throw new InputException(messages.get("input.bad_gzip", file, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
      }
    }
    return in;
  }

  /**
   * Text that starts with a UTF-16 byte-order mark, read in an encoding that is not UTF-16 (or UTF-32), is an error
   * that names the encoding: read as UTF-8 its NUL bytes would make it look like binary data.
   */
  private void checkNotUtf16(Path file, String name, boolean gzip, SourceOptions options) throws IOException {
    String encoding = options.encoding().name().toUpperCase(Locale.ROOT);
    if (encoding.startsWith("UTF-16") || encoding.startsWith("UTF-32")) {
      return;
    }
    byte[] start;
    try (InputStream in = open(file, gzip, false)) {
      start = in.readNBytes(2);
    } catch (IOException e) {
      return; // a broken file is reported as such when it is read
    }
    if (start.length == 2 && ((start[0] == (byte) 0xFF && start[1] == (byte) 0xFE) || (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF))) {
      throw new InputException(messages.get("input.utf16", name));
    }
  }

  /**
   * The 1-based line of the first byte sequence that is not valid in the source's encoding: decoding
   * reads ahead in large blocks, so the parser's position does not tell it.
   */
  private static long malformedLine(Path file, SourceOptions options) {
    return 1 + lineEnds(file, options, true);
  }

  private static boolean startsWith(Path file, byte[] magic) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(magic.length);
      return java.util.Arrays.equals(head, magic);
    }
  }

  /**
   * Whether the file is text whose numbers the source's decimal separator describes (CSV); JSON Lines and Parquet
   * numbers always have a decimal point. A file that cannot be read counts as text: reading it reports why.
   */
  static boolean writesNumbersAsText(Path file, SourceOptions options) {
    try {
      boolean gzip = Files.isRegularFile(file) && startsWith(file, new byte[] {0x1f, (byte) 0x8b});
      String format = options.format() != null ? options.format() : Files.isRegularFile(file) ? formatOf(file, gzip) : "csv";
      return format.equals("csv");
    } catch (IOException e) {
      return true;
    }
  }

  private static String formatOf(Path file, boolean gzip) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".parquet") || (!gzip && startsWith(file, "PAR1".getBytes(StandardCharsets.US_ASCII)))) {
      return "parquet";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return "jsonl";
    }
    return "csv";
  }

  private Reader decoder(InputStream in, SourceOptions options) {
    return new BufferedReader(
        new InputStreamReader(
            in,
            options.encoding().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)),
        1 << 16);
  }

  private Staged stageCsv(String name, InputStream in, SourceOptions options, String table) throws SQLException {
    Iterator<String[]> lines;
    long[] lineNumber = {0};
    Reader reader = decoder(in, options);
    if (options.delimiter() == null) {
      BufferedReader buffered = (BufferedReader) reader;
      lines = whitespaceLines(buffered, lineNumber);
    } else {
      CsvReader<CsvRecord> csv =
          CsvReader.builder()
              .fieldSeparator(options.delimiter())
              .quoteCharacter(options.quote())
              .skipEmptyLines(true)
              .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
              .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
              .allowUnclosedQuote(false)
              .detectBomHeader(false)
              .maxBufferSize(MAX_BUFFER)
              .ofCsvRecord(reader);
      Iterator<CsvRecord> records = csv.iterator();
      lines =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return records.hasNext();
            }

            @Override
            public String[] next() {
              CsvRecord record = records.next();
              lineNumber[0] = record.getStartingLineNumber();
              return record.getFields().toArray(String[]::new);
            }
          };
    }
    try {
      return stageLines(name, lines, lineNumber, options, table);
    } catch (UncheckedIOException e) {
      throw decodingFailure(name, options, lineNumber[0], e.getCause());
    } catch (CsvParseException e) {
      String detail = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      if (e.getCause() instanceof IOException io && io instanceof CharacterCodingException) {
        throw decodingFailure(name, options, lineNumber[0], io);
      }
      if (detail != null && detail.contains("maximum buffer size")) {
        // FastCSV's English about its buffer: what it means for the file, in the reader's language
        throw new InputException(messages.get("input.csv_field_too_long", name, lineNumber[0] + 1, MAX_BUFFER >> 20));
      }
      throw new InputException(messages.get("input.csv_broken", name, lineNumber[0] + 1, detail));
    }
  }

  private InputException decodingFailure(String name, SourceOptions options, long afterLine, IOException cause) {
    String damage = damaged(cause);
    if (damage != null) {
      return new InputException(messages.get("input.damaged_gzip", name, damage), cause);
    }
    if (truncated(cause)) {
      // a gzip file cut short (an interrupted download or copy): its data ends before the end the header promised.
      // The line is counted in the file itself: the reader that failed may have read ahead, or not begun counting
      long complete = current == null ? afterLine : completeLines(current, options);
      return complete >= 1
          ? new InputException(messages.get("input.truncated_gzip", name, complete), cause)
          : new InputException(messages.get("input.truncated_gzip_start", name), cause);
    }
    if (cause instanceof CharacterCodingException && current != null && hasNulBytes(current)) {
      // a spreadsheet, an archive or an image is not text in another encoding: say so rather than suggest one
      return new InputException(messages.get("input.binary_file", name), cause);
    }
    if (cause instanceof CharacterCodingException) {
      long line = current == null ? afterLine + 1 : malformedLine(current, options);
      return new InputException(messages.get("input.bad_encoding", name, line, options.encoding().name()));
    }
    return new InputException(messages.get("input.unreadable", name, cause.getMessage()), cause);
  }

  /** Whether the failure (or one it wraps) is compressed data that ends early or is corrupt. */
  private static boolean truncated(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.EOFException) {
        return true;
      }
    }
    return false;
  }

  /** The gzip stream's complaint where its data are damaged (a checksum or a block that does not add up), else null. */
  private static String damaged(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.util.zip.ZipException zip) {
        return zip.getMessage() != null ? zip.getMessage() : "ZipException";
      }
    }
    return null;
  }

  /**
   * Whether DuckDB's parallel CSV reader may read the file: a gzip file must decompress whole and match its checksum
   * (DuckDB's reader does not check it; one that fails is read line by line, which names what is wrong), and the last
   * line of any file must be no longer than the reader's buffer. (DuckDB 1.4–2.0 leaves out a last line longer than two of its buffers without a
   * word, where it refuses a long line anywhere else; such a file is read line by line instead, which reads it whole
   * or names the line.)
   */
  static boolean lastLineFits(Path file, boolean gzip) {
    long last = 0;
    long current = 0;
    try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file), 1 << 16) : tail(file, DIRECT_BUFFER_BYTES + 2L)) {
      byte[] buffer = new byte[1 << 16];
      // whether the line being counted began in what was read (the tail of a plain file may begin within a line), and
      // whether it is blank so far (blank lines after the last record are no record: the reader skips them)
      boolean known = gzip || Files.size(file) <= DIRECT_BUFFER_BYTES + 2L;
      boolean blank = true;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            if (!blank || !known) {
              last = known ? current : Long.MAX_VALUE;
            }
            current = 0;
            known = true;
            blank = true;
          } else if (b != '\r') {
            current++;
            blank &= b == ' ' || b == '\t';
          }
        }
      }
      // the last record is the line after the last line feed, or the last line with content before it
      long lastLine = !blank ? (known ? current : Long.MAX_VALUE) : last;
      return lastLine <= DIRECT_BUFFER_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  /** The last {@code bytes} of a file (all of a smaller one). */
  private static InputStream tail(Path file, long bytes) throws IOException {
    java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file);
    channel.position(Math.max(0, channel.size() - bytes));
    return java.nio.channels.Channels.newInputStream(channel);
  }

  /** The complete lines a cut-short gzip file holds before its data ends. */
  static long completeLines(Path file, SourceOptions options) {
    return lineEnds(file, options, false);
  }

  /**
   * The line ends in the file's text (gunzipped where it is gzip), decoded in its encoding and ended as the line
   * readers end them (a line feed, a carriage return, or both), up to the end of its readable data, or with {@code
   * toMalformed} up to the first byte sequence that is not valid in the encoding. The bytes are decoded as they come,
   * so that all of those read before the data breaks off count.
   */
  private static long lineEnds(Path file, SourceOptions options, boolean toMalformed) {
    CodingErrorAction onError = toMalformed ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
    java.nio.charset.CharsetDecoder decoder = options.encoding().newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(1 << 16);
    java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(1 << 16);
    long lines = 0;
    boolean afterReturn = false;
    // the buffer under the gzip stream, not over it: one over it would lose what it holds when the data breaks off
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        InputStream in = startsWith(file, new byte[] {0x1f, (byte) 0x8b}) ? new GZIPInputStream(raw) : raw) {
      boolean end = false;
      while (!end) {
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        end = read < 0;
        if (read > 0) {
          bytes.position(bytes.position() + read);
        }
        bytes.flip();
        java.nio.charset.CoderResult result = decoder.decode(bytes, chars, end);
        bytes.compact();
        chars.flip();
        while (chars.hasRemaining()) {
          char c = chars.get();
          lines += c == '\r' || (c == '\n' && !afterReturn) ? 1 : 0;
          afterReturn = c == '\r';
        }
        chars.clear();
        if (result.isError()) {
          break;
        }
      }
    } catch (IOException e) {
      // the end of the readable data: the lines counted so far are the ones the file holds whole
    }
    return lines;
  }

  /** Whether the first 64 KiB of the file (gunzipped where it is gzip) hold a NUL byte, which no text export has. */
  private static boolean hasNulBytes(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
        byte[] start = in.readNBytes(1 << 16);
        for (byte b : start) {
          if (b == 0) {
            return true;
          }
        }
        return false;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static Iterator<String[]> whitespaceLines(BufferedReader reader, long[] lineNumber) {
    return new Iterator<>() {
      private long read;
      private long pendingLine;
      private String pending = advance();

      private String advance() {
        try {
          String line;
          do {
            line = reader.readLine();
            read++;
          } while (line != null && line.isBlank());
          pendingLine = read;
          return line;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public String[] next() {
        String line = pending;
        lineNumber[0] = pendingLine;
        pending = advance();
        return line.strip().split("\\s+");
      }
    };
  }

  /**
   * Stages a plain UTF-8 CSV with DuckDB's parallel CSV reader, or returns null when the file is not
   * such a CSV or DuckDB cannot read it as it is. A failed DuckDB statement aborts the transaction it
   * runs in, so this runs before the import's transaction begins.
   */
  Staged stageWithDuckDb(Path file, String name, SourceOptions options, String table) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return null;
      }
      boolean gzip = startsWith(file, new byte[] {0x1f, (byte) 0x8b});
      String format = options.format() != null ? options.format() : formatOf(file, gzip);
      if (!format.equals("csv") || options.delimiter() == null || !options.header()
          || !(options.encoding().equals(StandardCharsets.UTF_8) || options.encoding().equals(StandardCharsets.US_ASCII))) {
        return null;
      }
      return !lastLineFits(file, gzip) ? null : stageWithDuckDb(file, name, gzip, options, table);
    } catch (IOException | InputException e) {
      return null;
    }
  }

  private Staged stageWithDuckDb(Path file, String name, boolean gzip, SourceOptions options, String table) throws IOException {
    List<String> columns = csvHeader(file, name, gzip, options);
    if (columns == null) {
      return null;
    }
    // numbering rows with row_number() would make DuckDB read the file on one thread; the staging table's
    // rowid follows the file's order and is free. (Problems are located again line by line anyway.)
    StringBuilder select = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(table).append("_rows AS SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String id = Sql.identifier(columns.get(i));
      select.append(i == 0 ? "" : ", ").append("CASE WHEN ").append(blank(id)).append(" THEN NULL ELSE ").append(id)
          .append(" END AS ").append(id);
    }
    select.append(" FROM ").append(readCsv(file, gzip, options, columns));
    try (Statement statement = connection.createStatement()) {
      statement.execute(select.toString());
      statement.execute("CREATE OR REPLACE TEMP VIEW " + table + " AS SELECT rowid + 2 AS _line, * FROM " + table + "_rows");
      try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
        count.next();
        progress.accept(fileSize(file));
        return new Staged(table, columns, count.getLong(1), true, false);
      }
    } catch (SQLException e) {
      return null;
    }
  }

  /** The columns a CSV's header names, checked as staging checks them; null where FastCSV cannot read the header. */
  private List<String> csvHeader(Path file, String name, boolean gzip, SourceOptions options) throws IOException {
    List<String> columns;
    // (a look at the header moves no progress: the file is read afterwards)
    try (InputStream in = open(file, gzip, false);
        CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(options.delimiter()).quoteCharacter(options.quote())
            .skipEmptyLines(true).ofCsvRecord(decoder(in, options))) {
      Iterator<CsvRecord> records = csv.iterator();
      if (!records.hasNext()) {
        return null;
      }
      columns = new ArrayList<>();
      for (String column : records.next().getFields()) {
        columns.add(column.strip().replace("\uFEFF", ""));
      }
    } catch (UncheckedIOException | CsvParseException e) {
      return null;
    }
    checkHeader(name, columns);
    if (!options.columns().isEmpty() && !options.columns().equals(columns)) {
      throw new InputException(messages.get("input.header_mismatch", name, String.join(", ", options.columns()), String.join(", ", columns)));
    }
    return columns;
  }

  /** The size of the pieces DuckDB's threads read of a plain CSV in a direct import (see {@link #readCsv}). */
  private static final int DIRECT_BUFFER_BYTES = 2 * 1024 * 1024;

  /** DuckDB's parallel reader of a CSV with a header: every column as text, a line with too few or too many fields an error. */
  private static String readCsv(Path file, boolean gzip, SourceOptions options, List<String> columns) {
    StringBuilder read = new StringBuilder("read_csv(").append(Sql.literal(file.toAbsolutePath().toString()))
        .append(", header = true, all_varchar = true, strict_mode = true, null_padding = false, auto_detect = false")
        .append(", delim = ").append(Sql.literal(String.valueOf(options.delimiter())))
        .append(", quote = ").append(Sql.literal(String.valueOf(options.quote())))
        .append(", escape = ").append(Sql.literal(String.valueOf(options.quote())))
        .append(", compression = ").append(gzip ? "'gzip'" : "'none'")
        // DuckDB's threads each take a buffer of the file: its default of 32 MB left one of two processors idle for
        // most of a 42 MB file (1 M events); 2 MB, the longest line it reads anyway, took 0.86–0.97 s instead of 1.0–1.1 s
        .append(gzip ? "" : ", buffer_size = " + DIRECT_BUFFER_BYTES)
        .append(", columns = {");
    for (int i = 0; i < columns.size(); i++) {
      read.append(i == 0 ? "" : ", ").append(Sql.literal(columns.get(i))).append(": 'VARCHAR'");
    }
    return read.append("})").toString();
  }

  /**
   * A query that reads a file in one parallel pass with DuckDB's own reader, as the direct import does:
   * {@code _line} (always 0: a direct read knows no line numbers) and every column as text.
   */
  record Direct(String query, List<String> columns) {}

  /**
   * The direct read of a plain UTF-8 CSV with a header, or of a Parquet file; null where the file must be
   * staged. The query fails (DuckDB's {@code error()}) on a value that staging might read differently
   * (empty, or starting with white space or a control character), and DuckDB's reader fails on a broken
   * line or encoding: the
   * import then stages the file line by line, which reports every problem with its line.
   */
  Direct direct(Path file, String name, SourceOptions options) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return null;
      }
      boolean gzip = startsWith(file, new byte[] {0x1f, (byte) 0x8b});
      String format = options.format() != null ? options.format() : formatOf(file, gzip);
      List<String> columns;
      List<String> parquetTypes = new ArrayList<>();
      String from;
      if (format.equals("parquet") && !gzip) {
        String path = Sql.literal(file.toAbsolutePath().toString());
        columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + path + ")")) {
          while (rows.next()) {
            columns.add(rows.getString(1));
            parquetTypes.add(rows.getString(2));
          }
        }
        // names that differ only in case would be read as one column and another renamed (ID_1): the staged read says so
        checkHeader(name, parquetNames(path));
        from = "read_parquet(" + path + ")";
      } else if (format.equals("csv") && options.delimiter() != null && options.header()
          && (options.encoding().equals(StandardCharsets.UTF_8) || options.encoding().equals(StandardCharsets.US_ASCII))) {
        if (!lastLineFits(file, gzip)) {
          return null;
        }
        columns = csvHeader(file, name, gzip, options);
        from = columns == null ? null : readCsv(file, gzip, options, columns);
      } else {
        return null;
      }
      if (from == null) {
        return null;
      }
      StringBuilder select = new StringBuilder("SELECT 0 AS _line");
      StringBuilder blank = new StringBuilder();
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        String id = Sql.identifier(column);
        select.append(", ").append(format.equals("parquet") ? parquetText(id, parquetTypes.get(i)) : id).append(" AS ").append(id);
        blank.append(blank.isEmpty() ? "" : " OR ").append("ascii(").append(id).append(") <= 32");
      }
      // (one filter over all columns costs less than a CASE on each)
      select.append(" FROM ").append(from);
      select.insert(0, "SELECT * FROM (").append(") WHERE CASE WHEN ").append(blank)
          .append(" THEN error('a value is empty or starts with white space or a control character') ELSE TRUE END");
      return new Direct(select.toString(), columns);
    } catch (IOException | SQLException | InputException e) {
      return null;
    }
  }

  /**
   * SQL that is true when a value is empty or only white space, as {@link String#isBlank()} says for the
   * line-by-line reader; trimming only values that start with white space keeps it fast.
   */
  private static String blank(String value) {
    return "(" + value + " = '' OR (ascii(" + value + ") IN (32, 9, 10, 13) AND trim(" + value + ", ' \t\r\n') = ''))";
  }

  private Staged stageLines(String name, Iterator<String[]> lines, long[] lineNumber, SourceOptions options, String table)
      throws SQLException {
    List<String> columns;
    if (options.header()) {
      if (!lines.hasNext()) {
        throw new InputException(messages.get("input.empty", name));
      }
      String[] header = lines.next();
      checkBinary(name, lineNumber[0], header);
      columns = new ArrayList<>();
      for (String column : header) {
        columns.add(column.strip().replace("\uFEFF", ""));
      }
      checkHeader(name, columns);
      if (!options.columns().isEmpty() && !options.columns().equals(columns)) {
        throw new InputException(messages.get("input.header_mismatch", name, String.join(", ", options.columns()), String.join(", ", columns)));
      }
    } else {
      if (options.columns().isEmpty()) {
        throw new InputException(messages.get("input.no_columns", name));
      }
      columns = options.columns();
    }
    createStaging(table, columns);
    long rows = 0;
    try (DuckDBAppender appender = connection.createAppender("temp", "main", table)) {
      while (lines.hasNext()) {
        String[] fields = lines.next();
        long line = lineNumber[0];
        if (fields.length != columns.size()) {
          if (fields.length == 1 && fields[0].isBlank()) {
            continue;
          }
          problems.add(new Problem(name, line, null, null,
              messages.get("input.field_count", fields.length, columns.size()), messages.get("input.field_count.hint")));
          rows++;
          continue;
        }
        checkBinary(name, line, fields);
        appender.beginRow();
        appender.append(line);
        for (String field : fields) {
          if (field == null || field.isBlank()) {
            appender.appendNull();
          } else {
            appender.append(field);
          }
        }
        appender.endRow();
        rows++;
      }
    }
    return new Staged(table, columns, rows, false, false);
  }

  private void checkHeader(String name, List<String> columns) {
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      if (column.isEmpty()) {
        throw new InputException(messages.get("input.header_blank", name, columns.indexOf(column) + 1));
      }
      if (!seen.add(column.toLowerCase(Locale.ROOT))) {
        throw new InputException(messages.get("input.header_duplicate", name, column));
      }
    }
  }

  /**
   * The names of a Parquet file's columns as the file gives them: DuckDB's own reader renames the second of two names
   * that differ only in case ({@code id}, {@code ID_1}), which would import it as another column.
   */
  private List<String> parquetNames(String path) throws SQLException {
    List<String> names = new ArrayList<>();
    List<Integer> children = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, coalesce(num_children, 0) FROM parquet_schema(" + path + ")")) {
      while (rows.next()) {
        names.add(rows.getString(1));
        children.add(rows.getInt(2));
      }
    }
    // the schema's elements depth first, the root first: its children are the columns, each followed by its own
    List<String> columns = new ArrayList<>();
    int at = 1;
    for (int column = 0; !children.isEmpty() && column < children.get(0) && at < names.size(); column++) {
      columns.add(names.get(at));
      at = afterSubtree(children, at);
    }
    return columns;
  }

  private static int afterSubtree(List<Integer> children, int at) {
    int next = at + 1;
    for (int child = 0; child < children.get(at); child++) {
      next = afterSubtree(children, next);
    }
    return next;
  }

  private void checkBinary(String name, long line, String[] fields) {
    for (String field : fields) {
      if (field != null && field.indexOf('\0') >= 0) {
        throw new InputException(messages.get("input.binary", name, line));
      }
    }
  }

  /**
   * The staging table's column holding a JSON Lines line as written, for the rejects file (a key of that name in a
   * file is refused when it is read).
   */
  static final String SOURCE_LINE = "hf$source_line";

  private void createStaging(String table, List<String> columns) throws SQLException {
    createStaging(table, columns, false);
  }

  private void createStaging(String table, List<String> columns, boolean sourceLine) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(table).append(" (_line BIGINT");
    for (String column : columns) {
      ddl.append(", ").append(Sql.identifier(column)).append(" VARCHAR");
    }
    if (sourceLine) {
      ddl.append(", ").append(Sql.identifier(SOURCE_LINE)).append(" VARCHAR");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(ddl.append(')').toString());
    }
  }

  /** The next line of a JSON Lines file, without the byte-order mark some editors put before the first. */
  private String jsonLine(BufferedReader reader, String name, SourceOptions options, long[] lineNumber) {
    String line = readLine(reader, name, options, lineNumber);
    return line != null && lineNumber[0] == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  private Staged stageJsonLines(Path file, String name, boolean gzip, SourceOptions options, String table,
      java.util.function.Predicate<String> asJson) throws IOException, SQLException {
    // numbers with a fraction as written, not as the nearest double (12345678901234.5678 is an amount to the cent)
    // a line is one object: anything after it (a second object, a trailing comma) and a key given twice are problems
    // of the line, not silently dropped or overwritten
    ObjectMapper json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    Set<String> keys = new LinkedHashSet<>(options.columns());
    Map<String, String> spellings = new java.util.HashMap<>();
    keys.forEach(key -> spellings.put(key.toLowerCase(java.util.Locale.ROOT), key));
    long[] lineNumber = {0};
    String firstError = null;
    try (BufferedReader reader = (BufferedReader) decoder(open(file, gzip), options)) {
      String line;
      while ((line = jsonLine(reader, name, options, lineNumber)) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = json.readTree(line);
          if (node != null && node.isObject()) {
            for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
              String key = it.next();
              // names are matched without regard to case, so two spellings of one name would be two columns of one name
              String known = spellings.putIfAbsent(key.toLowerCase(java.util.Locale.ROOT), key);
              if (known != null && !known.equals(key)) {
                throw new InputException(messages.get("input.json_key_case", name, lineNumber[0], key, known));
              }
              if (key.equalsIgnoreCase(SOURCE_LINE)) {
                throw new InputException(messages.get("input.json_reserved_key", name, lineNumber[0], key));
              }
              keys.add(key);
            }
          }
        } catch (IOException e) {
          if (firstError == null) {
            // Jackson's own message, without the location it appends ("[Source: REDACTED …]")
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            firstError = messages.get("input.json_first_invalid", name, lineNumber[0], jsonProblemOfLine(detail));
          }
        }
      }
    }
    if (keys.isEmpty()) {
      throw new InputException(firstError != null ? firstError : messages.get("input.empty", name));
    }
    List<String> columns = List.copyOf(keys);
    Set<String> jsonColumns = new LinkedHashSet<>(columns.stream().filter(asJson).toList());
    boolean[] jsonColumn = new boolean[columns.size()];
    for (int i = 0; i < jsonColumn.length; i++) {
      jsonColumn[i] = jsonColumns.contains(columns.get(i));
    }
    createStaging(table, columns, true);
    long rows = 0;
    lineNumber[0] = 0;
    // (the second reading: the first, which found the keys, moved the progress)
    try (BufferedReader reader = (BufferedReader) decoder(open(file, gzip, false), options);
        DuckDBAppender appender = connection.createAppender("temp", "main", table)) {
      String line;
      while ((line = jsonLine(reader, name, options, lineNumber)) != null) {
        if (line.isBlank()) {
          continue;
        }
        // every line with content is a line read, whether or not it holds a JSON object
        rows++;
        JsonNode node = parseJson(json, line, name, lineNumber[0]);
        if (node == null) {
          continue;
        }
        if (!node.isObject()) {
          problems.add(new Problem(name, lineNumber[0], null, abbreviate(line), messages.get("input.json_not_object"), messages.get("input.json.hint")));
          continue;
        }
        appender.beginRow();
        appender.append(lineNumber[0]);
        for (int i = 0; i < columns.size(); i++) {
          JsonNode value = node.get(columns.get(i));
          if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            appender.appendNull();
          } else if (jsonColumn[i]) {
            // the value itself, as JSON: a string quoted, a number, true or an object as they are
            appender.append(withDoubles(value).toString());
          } else {
            appender.append(value.isBigDecimal() ? number(value.decimalValue()) : value.isValueNode() ? value.asText() : withDoubles(value).toString());
          }
        }
        // the line as written: a rejected line goes to the rejects file as it was, not as the other lines' keys made it
        appender.append(line);
        appender.endRow();
      }
    }
    return new Staged(table, columns, rows, false, true, Set.copyOf(jsonColumns));
  }

  /**
   * A JSON number with a fraction as text: as a double writes it where the double holds it exactly (the text, and so
   * the key derived from it, that earlier versions stored), else every digit as written.
   */
  private static String number(java.math.BigDecimal value) {
    return heldByDouble(value) ? Double.toString(value.doubleValue()) : value.toPlainString();
  }

  /** Whether the double nearest to {@code value} writes as the same number (so nothing was lost reading it as one). */
  private static boolean heldByDouble(java.math.BigDecimal value) {
    double nearest = value.doubleValue();
    return Double.isFinite(nearest) && new java.math.BigDecimal(Double.toString(nearest)).compareTo(value) == 0;
  }

  /**
   * A nested object or list with its numbers as earlier versions wrote them (as doubles: 10.0, 1.0E-6), where a double
   * holds them, and every digit where it does not; changed in place.
   */
  private static JsonNode withDoubles(JsonNode node) {
    if (node.isBigDecimal() && heldByDouble(node.decimalValue())) {
      return com.fasterxml.jackson.databind.node.DoubleNode.valueOf(node.doubleValue());
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      object.fields().forEachRemaining(member -> member.setValue(withDoubles(member.getValue())));
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, withDoubles(array.get(i)));
      }
    }
    return node;
  }

  private String readLine(BufferedReader reader, String name, SourceOptions options, long[] lineNumber) {
    try {
      String line = reader.readLine();
      lineNumber[0]++;
      if (line != null && line.indexOf('\0') >= 0) {
        throw new InputException(messages.get("input.binary", name, lineNumber[0]));
      }
      return line;
    } catch (IOException e) {
      throw decodingFailure(name, options, lineNumber[0] - 1, e);
    }
  }

  private JsonNode parseJson(ObjectMapper json, String line, String name, long lineNumber) {
    try {
      return json.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // a syntax error, a key given twice, or content after the object
      problems.add(new Problem(name, lineNumber, null, abbreviate(line),
          messages.get("input.json_invalid", jsonProblemOfLine(e.getOriginalMessage()), e.getLocation() == null ? 0 : e.getLocation().getColumnNr()),
          messages.get("input.json.hint")));
      return null;
    } catch (IOException e) {
      problems.add(new Problem(name, lineNumber, null, abbreviate(line), messages.get("input.json_invalid", e.getMessage(), 0), messages.get("input.json.hint")));
      return null;
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private Staged stageParquet(Path file, String name, String table) throws SQLException {
    String path = Sql.literal(file.toAbsolutePath().toString());
    List<String> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      List<String> types = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + path + ")")) {
        while (rows.next()) {
          columns.add(rows.getString(1));
          types.add(rows.getString(2));
        }
      } catch (SQLException e) {
        throw new InputException(messages.get("input.bad_parquet", name, e.getMessage().lines().findFirst().orElse("")));
      }
      checkHeader(name, parquetNames(path));
      StringBuilder select = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(table)
          .append(" AS SELECT file_row_number + 1 AS _line");
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        String value = parquetText(Sql.identifier(column), types.get(i));
        select.append(", CASE WHEN ").append(blank(value)).append(" THEN NULL ELSE ").append(value).append(" END AS ")
            .append(Sql.identifier(column));
      }
      select.append(" FROM read_parquet(").append(path).append(", file_row_number = true)");
      statement.execute(select.toString());
      try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
        count.next();
        progress.accept(fileSize(file));
        return new Staged(table, columns, count.getLong(1), false, false);
      }
    }
  }

  /**
   * A Parquet column's value as text: a nested value (struct, map, list) as JSON, as a JSON Lines file gives it —
   * DuckDB's own text of it ("{'os': ios}", "{x=1}") is no JSON.
   */
  private static String parquetText(String id, String type) {
    boolean nested = type.startsWith("STRUCT") || type.startsWith("MAP") || type.startsWith("UNION") || type.endsWith("]");
    return nested ? "CAST(to_json(" + id + ") AS VARCHAR)" : "CAST(" + id + " AS VARCHAR)";
  }

  /** Takes back the progress of a file read once already, before it is read again. */
  void readAgain(Path file) {
    progress.accept(-fileSize(file));
  }

  static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Reports how many compressed bytes have been read, for the progress bar. */
  private static final class CountingStream extends FilterInputStream {
    private final LongConsumer progress;

    CountingStream(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int value = super.read();
      if (value >= 0) {
        progress.accept(1);
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = super.read(buffer, offset, length);
      if (read > 0) {
        progress.accept(read);
      }
      return read;
    }
  }

  /**
   * Jackson's words for a JSON mistake, first line only and without the parser's reference to its source, which it
   * also writes inside the message ("start marker at [Source: REDACTED …; line: 1, column: 1]").
   */
  static String jsonProblem(String message) {
    String first = String.valueOf(message).lines().findFirst().orElse("");
    return first.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "").replaceAll("\\s*\\[Source:[^\\]]*\\]", "");
  }

  /** Jackson's words for a line, with the two problems this reader asks it to find said without its class and feature names. */
  private String jsonProblemOfLine(String message) {
    String problem = jsonProblem(message);
    java.util.regex.Matcher duplicate = java.util.regex.Pattern.compile("^Duplicate (?:field|Object property) '(.*)'").matcher(problem);
    if (duplicate.find()) {
      return messages.get("input.json_duplicate_key", duplicate.group(1));
    }
    return problem.startsWith("Trailing token") ? messages.get("input.json_trailing") : problem;
  }
}
