package dev.holdfast.store.ingest;

import dev.holdfast.HoldfastException;
import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.config.HoldfastConfig.UnknownCustomers;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Imports source files into the canonical tables of a store as one transaction: every line is checked
 * (types, required fields, codes, keys, references) and either the whole import lands or nothing does.
 *
 * <p>Each file is streamed into a temporary staging table, mapped with SQL expressions, checked, and
 * merged by key (events without one by their content): rows already present and equal are left alone, so importing
 * a file twice changes nothing; rows present with other values are kept unless {@link Options#upsert()} asks to update
 * them.
 *
 * <p>Clean files of the common kind are first imported directly, each in one statement with the same
 * checks as {@code error()}s (see {@link #runDirect}); the first problem sends the import the staged way,
 * which reports every problem with its line.
 */
public final class Importer {
  private static final int SHOWN_PROBLEMS = 20;
  private static final String CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .sorted()
          .map(code -> "'" + code + "'")
          .collect(Collectors.joining(", "));

  /**
   * How to import.
   *
   * @param mapping the mapping, or null to read files whose columns carry canonical names
   * @param kind the table for files without a mapping
   * @param format, delimiter, encoding, header overrides of the source options (null: keep; a delimiter of
   *     {@link SourceOptions#WHITESPACE}: runs of white space)
   * @param unknownCustomers null for the mapping's or the configured choice
   * @param rejects where {@code skipBadRows} writes rejected lines
   * @param quote, decimalSeparator overrides of the source options (null: keep the mapping's, or the configured
   *     decimal separator)
   */
  public record Options(
      Mapping mapping,
      CanonicalTable kind,
      String format,
      Character delimiter,
      Charset encoding,
      Boolean header,
      boolean upsert,
      boolean skipBadRows,
      Path rejects,
      UnknownCustomers unknownCustomers,
      Character quote,
      Character decimalSeparator) {
    /** Options that keep the mapping's (or the default) quote and decimal separator. */
    public Options(Mapping mapping, CanonicalTable kind, String format, Character delimiter, Charset encoding, Boolean header,
        boolean upsert, boolean skipBadRows, Path rejects, UnknownCustomers unknownCustomers) {
      this(mapping, kind, format, delimiter, encoding, header, upsert, skipBadRows, rejects, unknownCustomers, null, null);
    }
  }


  private final DuckDBConnection connection;
  private final HoldfastConfig config;
  private final Messages messages;
  private final Clock clock;
  private boolean direct;

  public Importer(DuckDbStore store, HoldfastConfig config, Messages messages, Clock clock) {

    this.connection = store.connection();
    this.config = config;
    this.messages = messages;
    this.clock = clock;
  }

  /** Imports the files as one transaction; throws {@link ImportFailedException} when rows are bad and not skipped. */
  public ImportResult run(List<Path> files, Options options, LongConsumer progress) {
    if (options.mapping() == null && options.kind() == null) {
      throw new InputException(messages.get("import.need_kind", CanonicalTable.names()));
    }
    if (options.skipBadRows() && options.rejects() != null) {
      checkWritable(options.rejects());
    }
    Instant started = clock.instant();
    long nanos = System.nanoTime();
    trace("start");
    List<String> labels = labels(files);
    ImportResult directResult = runDirect(files, labels, options, progress, started, nanos);
    direct = directResult != null;
    if (direct) {
      return directResult;
    }
    Map<String, ImportResult.TableCounts> tables = new LinkedHashMap<>();
    Map<String, Long> skipped = new LinkedHashMap<>();
    long[] totals = new long[2];
    ProblemLog problems = new ProblemLog(connection);
    SourceReader reader = new SourceReader(connection, messages, problems, progress);
    List<SourceReader.Staged> prestaged = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      prestaged.add(reader.stageWithDuckDb(files.get(i), labels.get(i), sourceOptions(options), "hf_fast_" + i));
      trace(prestaged.get(i) == null ? "no fast staging" : "staged by DuckDB");
    }
    try {
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new StoreException("cannot start the import transaction: " + e.getMessage(), e);
    }
    boolean committed = false;
    try {
      for (int i = 0; i < files.size(); i++) {
        FileImport fileImport = new FileImport(files.get(i), labels.get(i), options, problems, reader, prestaged.get(i));
        try {
          fileImport.run(tables, skipped, totals);
        } catch (SQLException e) {
          throw new StoreException(messages.get("import.step_failed", labels.get(i), firstLine(e.getMessage())), e);
        }
      }
      long problemCount = problems.count();
      long badLines = problems.badLines();
      List<Problem> first = problems.first(SHOWN_PROBLEMS);
      if (problemCount > 0 && !options.skipBadRows()) {
        throw new ImportFailedException(
            messages.get("import.failed", badLines, problemCount), first, problemCount, badLines);
      }
      ImportResult result =
          new ImportResult(totals[0], tables, skipped, totals[1], badLines, first, problemCount, Duration.ZERO);
      if (result.written() > 0) {
        logImport(files, options, started, result);
      }
      connection.commit();
      committed = true;
      result = withElapsed(result, nanos);
      if (problemCount > 0 && options.rejects() != null) {
        problems.writeRejects(options.rejects());
      }
      problems.drop();
      return result;
    } catch (SQLException e) {
      throw new StoreException("the import could not be committed: " + e.getMessage(), e);
    } finally {
      try {
        if (!committed) {
          connection.rollback();
        }
        connection.setAutoCommit(true);
        for (int i = 0; i < files.size(); i++) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("DROP VIEW IF EXISTS hf_fast_" + i);
            statement.execute("DROP TABLE IF EXISTS hf_fast_" + i + "_rows");
          }
        }
      } catch (SQLException e) {
        // the original failure matters more; DuckDB discards an unfinished transaction anyway
      }
    }
  }

  /**
   * Fails, before anything is imported, where the rejects file cannot be written: it is written after the import has
   * been committed, when a failure would lose the rejected lines. Leaves the file as it was.
   */
  private void checkWritable(Path rejects) {
    Path file = rejects.toAbsolutePath();
    String reason = null;
    if (Files.isDirectory(file)) {
      reason = messages.get("import.rejects_is_folder");
    } else if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
      reason = messages.get("import.rejects_no_folder", file.getParent());
    } else {
      try {
        if (Files.exists(file)) {
          Files.newOutputStream(file, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND).close();
        } else {
          Files.delete(Files.createFile(file));
        }
      } catch (java.nio.file.AccessDeniedException e) {
        reason = messages.get("import.rejects_denied");
      } catch (java.io.IOException e) {
        reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      }
    }
    if (reason != null) {
      throw new InputException(messages.get("import.rejects_unwritable", rejects, reason));
    }
  }

  /**
   * The direct import of clean files: each file read by DuckDB and checked, keyed and written in one
   * statement, all in one transaction. Any problem (a check's {@code error()}, a line DuckDB cannot read)
   * rolls it back and returns null, and the import is done again through staging, which finds and reports
   * every problem with its line. Applies to files without a mapping into a table whose key is derived from
   * the content, with unknown customers rejected; returns null at once otherwise.
   */
  private ImportResult runDirect(List<Path> files, List<String> labels, Options options, LongConsumer progress, Instant started, long nanos) {
    CanonicalTable table = options.kind();
    UnknownCustomers unknown = options.unknownCustomers() != null ? options.unknownCustomers() : config.importDefaults().unknownCustomers();
    boolean contentKeyed = table != null && (table.keyDerivation() == CanonicalTable.KeyDerivation.CONTENT_HASH
        || table.keyDerivation() == CanonicalTable.KeyDerivation.CONTENT);
    if (options.mapping() != null || !contentKeyed || unknown != UnknownCustomers.REJECT) {
      return null;
    }
    SourceOptions source = sourceOptions(options);
    if (!source.types().isEmpty()) {
      return null;
    }
    SourceReader reader = new SourceReader(connection, messages, null, progress);
    List<SourceReader.Direct> reads = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      SourceReader.Direct read = reader.direct(files.get(i), labels.get(i), source);
      if (read == null) {
        trace("no direct import");
        return null;
      }
      reads.add(read);
    }
    boolean committed = false;
    String shadow = null;
    // what the attempt reports is taken back if it gives way: staging reads the files again
    long[] reported = {0};
    LongConsumer counted = bytes -> {
      synchronized (reported) {
        reported[0] += bytes;
      }
      progress.accept(bytes);
    };
    try {
      StatementProgress.track(connection, true);
      Map<String, ImportResult.TableCounts> tables = new LinkedHashMap<>();
      long rows = 0;
      int first = 0;
      if (isEmpty(table)) {
        // Into an empty table the first file goes to a table of the same definition, in transactions of its own, and
        // that table takes the empty one's place in the import's transaction. Numbering repeated rows changes rows
        // already committed there; changing them inside the insert's transaction made its commit rewrite every row
        // (28 s for 100 M rows). A kill before the swap leaves the table alone, and DuckDbStore.open drops what is left.
        shadow = createShadow(table);
        if (shadow != null) {
          FileImport fileImport = new FileImport(files.get(0), labels.get(0), options, null, reader, null);
          ImportResult.TableCounts counts = fileImport.runDirectInto(reads.get(0), shadow, counted);
          if (counts == null) {
            return null;
          }
          tables.merge(table.tableName(), counts, ImportResult.TableCounts::plus);
          rows += counts.inserted();
          first = 1;
        }
      }
      connection.setAutoCommit(false);
      if (shadow != null) {
        execute("DROP TABLE " + table.tableName());
        execute("ALTER TABLE " + shadow + " RENAME TO " + table.tableName());
        trace("swapped " + table);
      }
      for (int i = first; i < files.size(); i++) {
        FileImport fileImport = new FileImport(files.get(i), labels.get(i), options, null, reader, null);
        ImportResult.TableCounts counts = fileImport.runDirect(reads.get(i), counted);
        if (counts == null) {
          return null;
        }
        tables.merge(table.tableName(), counts, ImportResult.TableCounts::plus);
        rows += counts.inserted() + counts.updated() + counts.unchanged() + counts.conflicting();
      }
      ImportResult result = new ImportResult(rows, tables, Map.of(), 0, 0, List.of(), 0, Duration.ZERO);
      if (result.written() > 0) {
        logImport(files, options, started, result);
      }
      connection.commit();
      committed = true;
      trace("committed");
      return withElapsed(result, nanos);
    } catch (SQLException | HoldfastException e) {
      trace("direct import gave way: " + firstLine(e.getMessage()));
      return null;
    } finally {
      if (!committed) {
        synchronized (reported) {
          if (reported[0] != 0) {
            progress.accept(-reported[0]);
          }
        }
      }
      try {
        if (!committed && !connection.getAutoCommit()) {
          connection.rollback();
        }
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("RESET preserve_insertion_order");
          statement.execute("DROP TABLE IF EXISTS hf_typ_" + table.tableName());
          if (shadow != null) {
            // after a commit the shadow has become the table, and this finds nothing to drop
            statement.execute("DROP TABLE IF EXISTS " + shadow);
          }
        }
        StatementProgress.track(connection, false);
      } catch (SQLException e) {
        // the staged import that follows starts its own transaction; DuckDB discards an unfinished one anyway, and
        // the next opening of the store drops a shadow left here
      }
    }
  }

  private boolean isEmpty(CanonicalTable table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + table.tableName() + " LIMIT 1)")) {
      rows.next();
      return rows.getLong(1) == 0;
    }
  }

  /**
   * Creates (committed) an empty table with the definition of {@code table}, named {@link DuckDbStore#IMPORT_SHADOW}
   * and the table's name; null where DuckDB's text of the definition is not the expected one.
   */
  private String createShadow(CanonicalTable table) throws SQLException {
    String shadow = DuckDbStore.IMPORT_SHADOW + table.tableName();
    String definition;
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ? AND NOT temporary")) {
      query.setString(1, table.tableName());
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        definition = rows.getString(1);
      }
    }
    String prefix = "CREATE TABLE " + table.tableName() + "(";
    if (definition == null || !definition.startsWith(prefix)) {
      return null;
    }
    execute("DROP TABLE IF EXISTS " + shadow);
    execute("CREATE TABLE " + shadow + "(" + definition.substring(prefix.length()));
    return shadow;
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static ImportResult withElapsed(ImportResult result, long nanos) {
    return new ImportResult(result.linesRead(), result.tables(), result.skippedByRule(), result.customersCreated(),
        result.rejectedLines(), result.firstProblems(), result.totalProblems(), Duration.ofNanos(System.nanoTime() - nanos));
  }

  /** Whether the last {@link #run} imported directly (for tests: the result is the same either way). */
  boolean wentDirect() {
    return direct;
  }

  /** How problems name each file: its file name, or the path as given where two files share a name. */
  private static List<String> labels(List<Path> files) {
    Map<String, Long> names = files.stream().collect(Collectors.groupingBy(file -> file.getFileName().toString(), Collectors.counting()));
    return files.stream().map(file -> names.get(file.getFileName().toString()) > 1 ? file.toString() : file.getFileName().toString()).toList();
  }

  private static SourceOptions sourceOptions(Options options) {
    SourceOptions base = options.mapping() != null ? options.mapping().source() : SourceOptions.defaults();
    return base.override(options.format(), options.delimiter(), options.quote(), options.encoding(), options.header(),
        options.decimalSeparator());
  }

  private void logImport(List<Path> files, Options options, Instant started, ImportResult result) throws SQLException {
    long bytes = 0;
    for (Path file : files) {
      try {
        bytes += Files.size(file);
      } catch (java.io.IOException e) {
        // the size is informative only
      }
    }
    String kinds = String.join(",", result.tables().keySet());
    ImportResult.TableCounts sum = result.tables().values().stream().reduce(new ImportResult.TableCounts(0, 0, 0, 0), ImportResult.TableCounts::plus);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO imports SELECT coalesce(max(id), 0) + 1, CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), ?, ?, ?, ?, ?, ?, ?, ? FROM imports")) {
      insert.setString(1, started.toString());
      insert.setString(2, clock.instant().toString());
      insert.setString(3, files.stream().map(Path::toString).collect(Collectors.joining(", ")));
      insert.setLong(4, bytes);
      insert.setString(5, kinds.isEmpty() ? (options.kind() == null ? "" : options.kind().tableName()) : kinds);
      insert.setLong(6, result.linesRead());
      insert.setLong(7, sum.inserted());
      insert.setLong(8, sum.updated());
      insert.setLong(9, sum.unchanged());
      insert.setLong(10, result.rejectedLines());
      insert.executeUpdate();
    }
  }

  /** One check of a mapped field: the rows where {@code condition} holds are problems. */
  private record FieldCheck(String column, String value, String condition, String reason, String hint) {}

  /** The work on one source file. */
  private final class FileImport {
    private final Path file;
    private final String name;
    private final Options options;
    private final ProblemLog problems;
    private final SourceReader reader;
    private final SourceReader.Staged prestaged;
    /** Whether the source names its values by keys on every line (JSON Lines) rather than by a header. */
    private boolean keyed;
    /** The keys of a JSON Lines file that are no field of its table (see checkRequiredColumns). */
    private List<String> unknownKeys = List.of();
    /** The query that gives the source its declared types, or null when the mapping declares none. */
    private String typedSelect;
    private String sourceTable;
    private Mapping mapping;
    private SourceOptions source;
    /** Whether the file writes numbers as text with the source's decimal separator (CSV), once known. */
    private Boolean numbersAsText;
    private List<String> columns;

    FileImport(Path file, String name, Options options, ProblemLog problems, SourceReader reader, SourceReader.Staged prestaged) {
      this.prestaged = prestaged;
      this.file = file;
      this.name = name;
      this.options = options;
      this.problems = problems;
      this.reader = reader;
    }

    void run(Map<String, ImportResult.TableCounts> tables, Map<String, Long> skipped, long[] totals) throws SQLException {
      Map<String, Long> skippedHere = new LinkedHashMap<>();
      long problemsBefore = problems.count();
      SourceReader.Staged staged = stage(true);
      Map<CanonicalTable, String> typed = checkAll(skippedHere);
      if (staged.fast() && problems.count() > problemsBefore) {
        // DuckDB's row numbers are not always line numbers: find the same problems again line by line
        dropAll(typed);
        problems.forget(name);
        skippedHere.clear();
        reader.readAgain(file);
        staged = stage(false);
        typed = checkAll(skippedHere);
      }
      totals[0] += staged.rows();
      skippedHere.forEach((reason, count) -> skipped.merge(reason, count, Long::sum));
      if (options.skipBadRows() || problems.count() == 0) {
        for (Map.Entry<CanonicalTable, String> target : typed.entrySet()) {
          CanonicalTable table = target.getKey();
          if (table.refersToCustomer() && unknownCustomerPolicy() == UnknownCustomers.CREATE) {
            totals[1] += createCustomers(table, target.getValue());
          }
          tables.merge(table.tableName(), write(table, target.getValue()), ImportResult.TableCounts::plus);
          trace("written " + table);
        }
      }
      dropAll(typed);
    }

    /**
     * Imports the file in one statement with every check of the staged path turned into an {@code error()}
     * that aborts it; returns the counts, or null where the mapping the file needs is not the plain one.
     * Into an empty table the rows go straight in (the import's first file goes to a shadow table instead: see
     * {@link #runDirectInto}); otherwise through a temporary table and {@link #write}.
     */
    ImportResult.TableCounts runDirect(SourceReader.Direct read, LongConsumer progress) throws SQLException {
      String select = directSelect(read);
      if (select == null) {
        return null;
      }
      CanonicalTable table = options.kind();
      String tableName = table.tableName();
      boolean empty = count("SELECT count(*) FROM (SELECT 1 FROM " + tableName + " LIMIT 1)", tableName) == 0;
      if (empty) {
        return insertDirect(select, tableName, progress);
      }
      String typed = "hf_typ_" + tableName;
      StatementProgress reading = new StatementProgress(connection, progress, SourceReader.fileSize(file), referencedRows(table));
      reading.executeUpdate("CREATE OR REPLACE TEMP TABLE " + typed + " AS " + select);
      reading.finish();
      trace("checked " + table);
      if (derivesContentKey(table)) {
        numberRepeatedRows(table, typed);
      }
      ImportResult.TableCounts counts = write(table, typed);
      execute("DROP TABLE " + typed);
      trace("written " + table);
      return counts;
    }

    /**
     * The direct import into {@code shadow}, an empty table of the kind's definition, outside the import's transaction
     * (each statement commits); null where the file needs the staged import's mapping.
     */
    ImportResult.TableCounts runDirectInto(SourceReader.Direct read, String shadow, LongConsumer progress) throws SQLException {
      String select = directSelect(read);
      return select == null ? null : insertDirect(select, shadow, progress);
    }

    private ImportResult.TableCounts insertDirect(String select, String target, LongConsumer progress) throws SQLException {
      CanonicalTable table = options.kind();
      String list = table.fields().stream().map(field -> Sql.identifier(field.name())).collect(Collectors.joining(", "));
      // the order of rows in the table means nothing, and letting DuckDB's threads write in any order is faster
      // (reset when the direct import ends)
      execute("SET preserve_insertion_order = false");
      StatementProgress reading = new StatementProgress(connection, progress, SourceReader.fileSize(file), referencedRows(table));
      long rows = reading.executeUpdate("INSERT INTO " + target + " (" + list + ") " + select);
      reading.finish();
      trace("inserted " + table);
      if (derivesContentKey(table)) {
        numberRepeatedRows(table, target);
      }
      return new ImportResult.TableCounts(rows, 0, 0, 0);
    }

    /** The rows of the customers the direct statement reads whole to check references (see {@link StatementProgress}). */
    private long referencedRows(CanonicalTable table) {
      return table.refersToCustomer() ? count("SELECT count(*) FROM customers", "customers") : 0;
    }

    /** The checked, keyed rows of a plain file as a query; null where the mapping the file needs is not the plain one. */
    private String directSelect(SourceReader.Direct read) {
      source = sourceOptions(options);
      columns = read.columns();
      sourceTable = "(" + read.query() + ")";
      CanonicalTable table = options.kind();
      mapping = Mapping.identity(table, source, columns);
      checkRequiredColumns();
      Mapping.Target target = mapping.targets().get(table);
      if (!(derivesContentKey(table) || keyless(table)) || !mapping.skips().isEmpty() || !target.groupBy().isEmpty() || mergedBagColumn() != null) {
        return null;
      }
      String bad = fieldChecks(table, target).stream().map(check -> "(" + check.condition() + ")").collect(Collectors.joining(" OR "));
      if (table.refersToCustomer()) {
        bad += (bad.isEmpty() ? "" : " OR ") + "customer_id NOT IN (SELECT id FROM customers)";
      }
      String key = table.key().get(0);
      String values = table.fields().stream()
          .map(field -> field.name().equals(key) && derivesContentKey(table)
              ? contentKey("md5_number(" + contentSql(table) + ")") + " AS " + Sql.identifier(key)
              : Sql.identifier(field.name()))
          .collect(Collectors.joining(", "));
      return "SELECT " + values + " FROM (" + mappedSelect(table, target, sourceTable, "TRUE") + ")"
          + (bad.isEmpty() ? "" : " WHERE CASE WHEN " + bad + " THEN error('a line needs the staged import') ELSE TRUE END");
    }

    /**
     * Gives the second and later of rows with equal content (so far keyed alike) the key that staging gives
     * them: the content key plus the occurrence number. Equal rows are interchangeable, so their order is moot.
     */
    private void numberRepeatedRows(CanonicalTable table, String rows) throws SQLException {
      String key = Sql.identifier(table.key().get(0));
      execute("CREATE OR REPLACE TEMP TABLE hf_repeated AS SELECT " + key + " FROM " + rows + " GROUP BY " + key + " HAVING count(*) > 1");
      try {
        if (count("SELECT count(*) FROM hf_repeated", table.tableName()) == 0) {
          trace("no repeated rows");
          return;
        }
        String renumbered = key + " || '-' || CAST(r.hf_occurrence AS VARCHAR)";
        // (an UPDATE whose FROM reads the table it updates made the commit of 10 M new rows 2–4 s slower)
        execute("CREATE OR REPLACE TEMP TABLE hf_occurrences AS SELECT hf_row, hf_occurrence FROM (SELECT rowid AS hf_row, row_number()"
            + " OVER (PARTITION BY " + key + " ORDER BY rowid) - 1 AS hf_occurrence FROM " + rows + " WHERE " + key
            + " IN (SELECT " + key + " FROM hf_repeated)) WHERE hf_occurrence > 0");
        execute("UPDATE " + rows + " SET " + key + " = " + renumbered + " FROM hf_occurrences r WHERE " + rows + ".rowid = r.hf_row");
        trace("numbered repeated rows");
      } finally {
        execute("DROP TABLE IF EXISTS hf_occurrences");
        execute("DROP TABLE hf_repeated");
      }
    }

    private SourceReader.Staged stage(boolean fast) {
      source = sourceOptions(options);
      // the keys of a JSON Lines file without a mapping that go into the table's JSON field keep their JSON values
      CanonicalTable kind = options.kind();
      java.util.function.Predicate<String> asJson = options.mapping() == null && kind != null && Mapping.bagOf(kind) != null
          ? column -> kind.field(column.strip().toLowerCase(java.util.Locale.ROOT)).isEmpty() : column -> false;
      SourceReader.Staged staged = fast && prestaged != null ? prestaged : reader.stage(file, name, source, "hf_src", asJson);
      if (!staged.fast()) {
        trace("staged line by line");
      }
      sourceTable = staged.table();
      columns = staged.columns();
      mapping = options.mapping() != null ? options.mapping() : Mapping.identity(options.kind(), source, columns, staged.sparse(), staged.json());
      keyed = staged.sparse();
      checkRequiredColumns();
      return staged;
    }

    /** Maps and checks every target; returns the typed, keyed table of each. */
    private Map<CanonicalTable, String> checkAll(Map<String, Long> skipped) throws SQLException {
      String from = typedSource();
      String condition = problems.goodLines(name);
      for (Mapping.SkipRule rule : mapping.skips()) {
        String when = "coalesce((" + rule.when() + "), false)";
        long count = count("SELECT count(*) FROM " + from + " WHERE " + condition + " AND " + when, "skip rule \"" + rule.when() + "\"");
        skipped.merge(rule.reason(), count, Long::sum);
        condition += " AND NOT " + when;
      }
      checkMergedColumns(from, condition);
      for (String key : unknownKeys) {
        String id = Sql.identifier(key);
        problems.addRows(name, key, id, "FROM " + from + " WHERE " + condition + " AND " + id + " IS NOT NULL",
            messages.get("check.unknown_key", key, options.kind().tableName()),
            messages.get("check.unknown_key.hint", String.join(", ", options.kind().fields().stream().map(Field::name).toList())));
      }
      Map<CanonicalTable, String> checked = new LinkedHashMap<>();
      for (Map.Entry<CanonicalTable, Mapping.Target> target : mapping.targets().entrySet()) {
        checked.put(target.getKey(), check(target.getKey(), target.getValue(), from, condition));
        trace("checked " + target.getKey());
      }
      for (Map.Entry<CanonicalTable, String> target : checked.entrySet()) {
        if (target.getKey().refersToCustomer() && unknownCustomerPolicy() == UnknownCustomers.REJECT) {
          reportUnknownCustomers(target.getKey(), target.getValue(), checked.get(CanonicalTable.CUSTOMERS));
          trace("referenced " + target.getKey());
        }
      }
      Map<CanonicalTable, String> typed = new LinkedHashMap<>();
      for (Map.Entry<CanonicalTable, String> target : checked.entrySet()) {
        String keyed = finish(target.getKey(), target.getValue());
        typed.put(target.getKey(), keyed);
        if (!keyed.equals(target.getValue())) {
          execute("DROP TABLE IF EXISTS " + target.getValue());
        }
        trace("keyed " + target.getKey());
      }
      // only a customer line rejected since (for its own key, or for another target's on the same line) can leave rows of
      // this file without their customer
      for (Map.Entry<CanonicalTable, String> target : typed.entrySet()) {
        if (target.getKey().refersToCustomer() && unknownCustomerPolicy() == UnknownCustomers.REJECT && typed.containsKey(CanonicalTable.CUSTOMERS)) {
          rejectUnknownCustomers(target.getKey(), target.getValue(), typed.get(CanonicalTable.CUSTOMERS));
          trace("referenced " + target.getKey());
        }
      }
      if (problems.count() > 0) {
        // a line rejected for one target is left out of every target
        for (String table : typed.values()) {
          execute("DELETE FROM " + table + " WHERE " + problems.goodLines(name).replace("_line NOT IN", "_line IN"));
        }
      }
      problems.attachRows(name, sourceTable, columns, keyed && sourceTable.equals("hf_src"));
      execute("DROP TABLE IF EXISTS hf_src_typed");
      if (sourceTable.equals("hf_src")) {
        execute("DROP TABLE IF EXISTS hf_src");
      } else {
        execute("DROP VIEW IF EXISTS " + sourceTable);
        execute("DROP TABLE IF EXISTS " + sourceTable + "_rows");
      }
      return typed;
    }

    /**
     * A file with canonical names that has the JSON column (attributes, properties) and other columns, which are
     * added to its object: records each column that gives a key the object has too (neither value would be kept
     * whole). An object that is none is the field's own check (check.json_object).
     */
    private void checkMergedColumns(String from, String condition) {
      String bagColumn = mergedBagColumn();
      if (bagColumn == null) {
        return;
      }
      CanonicalTable table = options.kind();
      String bag = Mapping.bagOf(table);
      List<String> extra = Mapping.extraColumns(table, columns);
      String given = Sql.identifier(bagColumn);
      String isObject = "coalesce(CASE WHEN json_valid(" + given + ") THEN json_type(" + given + ") = 'OBJECT' END, false)";
      for (String column : extra) {
        String id = Sql.identifier(column);
        problems.addRows(name, column, id,
            "FROM " + from + " WHERE " + condition + " AND " + id + " IS NOT NULL AND coalesce(CASE WHEN " + isObject
                + " THEN list_contains(json_keys(" + given + "), " + Sql.literal(column) + ") END, false)",
            messages.get("check.bag_key_twice", column, bag), messages.get("check.bag_key_twice.hint", bag));
      }
    }

    /** The JSON column of a file with canonical names whose other columns are added to its object, or null. */
    private String mergedBagColumn() {
      if (options.mapping() != null || Mapping.bagOf(options.kind()) == null || Mapping.extraColumns(options.kind(), columns).isEmpty()) {
        return null;
      }
      return columns.stream().filter(column -> column.strip().equalsIgnoreCase(Mapping.bagOf(options.kind()))).findFirst().orElse(null);
    }

    private void dropAll(Map<CanonicalTable, String> typed) throws SQLException {
      for (String table : typed.values()) {
        execute("DROP TABLE IF EXISTS " + table);
      }
    }

    private UnknownCustomers unknownCustomerPolicy() {
      return options.unknownCustomers() != null ? options.unknownCustomers()
          : mapping.unknownCustomers() != null ? mapping.unknownCustomers()
          : config.importDefaults().unknownCustomers();
    }

    /** With no mapping, a header that lacks a required canonical column is an error naming what was found. */
    private void checkRequiredColumns() {
      if (options.mapping() != null) {
        return;
      }
      CanonicalTable table = options.kind();
      Mapping.Target target = mapping.targets().get(table);
      List<String> missing =
          table.fields().stream()
              .filter(field -> field.required() && !target.fields().containsKey(field.name()))
              .filter(field -> !(table.key().contains(field.name()) && table.keyDerivation() != CanonicalTable.KeyDerivation.NONE))
              .map(Field::name)
              .toList();
      if (!missing.isEmpty()) {
        // a JSON Lines file has keys on each line, not a header
        String found = messages.get(keyed ? "import.keys_missing" : "import.header_missing", name, String.join(", ", missing), table.tableName(),
            String.join(", ", columns));
        // one column whose name holds another separator: the file is not separated by what was assumed
        if (columns.size() == 1) {
          for (String other : List.of(";", "\t", "|")) {
            if (columns.get(0).contains(other)) {
              found += messages.get("import.other_delimiter", other.equals("\t") ? "tab" : other);
              break;
            }
          }
        }
        throw new InputException(found);
      }
      if (table != CanonicalTable.CUSTOMERS && table != CanonicalTable.EVENTS) {
        List<String> unknown = columns.stream().filter(column -> table.field(column.strip().toLowerCase(Locale.ROOT)).isEmpty()).toList();
        // a key of JSON Lines is a key of some lines: a problem of each line that gives it (rejectable), not of the file
        if (keyed) {
          unknownKeys = unknown;
          return;
        }
        if (!unknown.isEmpty()) {
          throw new InputException(messages.get("import.unknown_columns", name, String.join(", ", unknown), table.tableName(),
              String.join(", ", table.fields().stream().map(Field::name).toList())));
        }
      }
    }

    /** Applies the mapping's declared source column types, recording lines whose values do not fit. */
    private String typedSource() throws SQLException {
      if (source.types().isEmpty()) {
        return sourceTable;
      }
      StringBuilder select = new StringBuilder("SELECT _line");
      for (String column : columns) {
        FieldType type = typeOf(column);
        String id = Sql.identifier(column);
        select.append(", ").append(type == null ? id : convert(type, id, List.of())).append(" AS ").append(id);
      }
      for (Map.Entry<String, FieldType> declared : source.types().entrySet()) {
        if (columns.stream().noneMatch(column -> column.equalsIgnoreCase(declared.getKey()))) {
          throw new InputException(messages.get("import.unknown_column", mapping.name(), declared.getKey(), name, String.join(", ", columns)));
        }
        String id = Sql.identifier(declared.getKey());
        problems.addRows(name, declared.getKey(), id,
            "FROM " + sourceTable + " WHERE " + id + " IS NOT NULL AND " + convert(declared.getValue(), id, List.of()) + " IS NULL",
            messages.get("check.type." + declared.getValue().name().toLowerCase(Locale.ROOT)),
            typeHint(declared.getValue()));
      }
      typedSelect = select.append(" FROM ").append(sourceTable).toString();
      execute("CREATE OR REPLACE TEMP TABLE hf_src_typed AS " + typedSelect);
      return "hf_src_typed";
    }

    private FieldType typeOf(String column) {
      return source.types().entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(column))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    /** Maps the source onto one table and records every field that is missing or does not fit its type. */
    private String check(CanonicalTable table, Mapping.Target target, String from, String condition) throws SQLException {
      String checked = "hf_chk_" + table.tableName();
      if (!target.groupBy().isEmpty() && problems.count() > 0) {
        rejectGroupsWithBadLines(target, from, condition);
      }
      String mapped = mappedSelect(table, target, from, condition);
      String sql = "CREATE OR REPLACE TEMP TABLE " + checked + " AS " + mapped;
      if (derivesContentKey(table)) {
        // the content key is computed in the same pass, as if no row repeated (see finish)
        String key = Sql.identifier(table.key().get(0));
        sql = "CREATE OR REPLACE TEMP TABLE " + checked + " AS SELECT * EXCLUDE (hf_hash) REPLACE (" + contentKey("hf_hash") + " AS " + key
            + "), hf_hash AS content_hash FROM (SELECT *, md5_number(" + contentSql(table) + ") AS hf_hash FROM (" + mapped + "))";
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw mappingFailed(table, target, condition, e);
      }
      List<FieldCheck> checks = fieldChecks(table, target);
      // one pass counts what each check finds; only checks that find something list their rows
      String counts = checks.stream().map(check -> "count(*) FILTER (WHERE " + check.condition() + ")").collect(Collectors.joining(", "));
      try (Statement statement = connection.createStatement();
          ResultSet found = statement.executeQuery("SELECT " + counts + " FROM " + checked)) {
        found.next();
        for (int i = 0; i < checks.size(); i++) {
          if (found.getLong(i + 1) > 0) {
            FieldCheck check = checks.get(i);
            problems.addRows(name, check.column(), check.value(), "FROM " + checked + " WHERE " + check.condition(), check.reason(), check.hint());
          }
        }
      }
      return checked;
    }

    /**
     * The SELECT that maps the rows of {@code from} where {@code condition} holds onto one table: each mapped
     * field's source text as {@code raw$field}, then every field typed and defaulted ({@code _line} first).
     */
    private String mappedSelect(CanonicalTable table, Mapping.Target target, String from, String condition) {
      StringBuilder raw = new StringBuilder("SELECT ");
      raw.append(target.groupBy().isEmpty() ? "_line" : "min(_line) AS _line");
      for (Map.Entry<String, String> field : target.fields().entrySet()) {
        raw.append(", ").append(text(expression(field.getValue()))).append(" AS ").append(Sql.identifier("raw$" + field.getKey()));
      }
      raw.append(" FROM ").append(from).append(" WHERE ").append(condition);
      if (!target.groupBy().isEmpty()) {
        raw.append(" GROUP BY ").append(target.groupBy().stream().map(this::expression).collect(Collectors.joining(", ")));
      }
      StringBuilder typed = new StringBuilder("SELECT *");
      for (Field field : table.fields()) {
        String mapped = target.fields().containsKey(field.name()) ? Sql.identifier("raw$" + field.name()) : null;
        // an unmapped field is a NULL of the field's type: later expressions (the content key's epoch_us) need it typed
        String value = convert(field, mapped == null ? "CAST(NULL AS VARCHAR)" : mapped);
        typed.append(", ").append(value).append(" AS ").append(Sql.identifier(field.name()));
      }
      StringBuilder defaulted = new StringBuilder("SELECT _line");
      for (String mappedField : target.fields().keySet()) {
        defaulted.append(", ").append(Sql.identifier("raw$" + mappedField));
      }
      for (Field field : table.fields()) {
        String id = Sql.identifier(field.name());
        String fallback = defaultOf(field);
        String value = id;
        if (fallback != null) {
          value = target.fields().containsKey(field.name())
              ? "CASE WHEN " + Sql.identifier("raw$" + field.name()) + " IS NULL THEN " + fallback + " ELSE " + id + " END"
              : "coalesce(" + id + ", " + fallback + ")";
        }
        defaulted.append(", ").append(value).append(" AS ").append(id);
      }
      return defaulted + " FROM (" + typed + " FROM (" + raw + "))";
    }

    /**
     * Why a target's mapping cannot be applied, as precisely as the database can say: the field whose expression
     * fails (each is tried alone) and, for a target without {@code group_by}, the first source line it fails on
     * (halving the range of lines until one is left: about 20 queries for a million lines). The failure has aborted
     * the import's transaction, so it is rolled back first (nothing of this import is kept in any case) and the
     * fields are tried on the source as DuckDB staged it before the transaction began; a source staged line by line
     * inside the transaction is gone with it, and then the database's words are all there is to say.
     */
    private InputException mappingFailed(CanonicalTable table, Mapping.Target target, String condition, SQLException failure) {
      String known = String.join(", ", columns);
      InputException plain =
          new InputException(messages.get("import.mapping_failed", mapping.name(), table.tableName(), name, firstLine(failure.getMessage()), known), failure);
      try {
        connection.rollback();
      } catch (SQLException e) {
        return plain;
      }
      String from = typedSelect == null ? sourceTable : "(" + typedSelect + ")";
      // the lines already found bad were listed in the rolled-back transaction; their values are NULL in the typed source
      String where = failure("SELECT count(*) FROM " + from + " WHERE " + condition) == null ? condition : "true";
      if (failure("SELECT count(*) FROM " + from + " WHERE " + where) != null) {
        return plain;
      }
      String grouped = target.groupBy().isEmpty() ? ""
          : " GROUP BY " + target.groupBy().stream().map(this::expression).collect(Collectors.joining(", "));
      for (Map.Entry<String, String> field : target.fields().entrySet()) {
        String value = "CAST((" + expression(field.getValue()) + ") AS VARCHAR)";
        SQLException problem = failure("SELECT count(hf_value) FROM (SELECT " + value + " AS hf_value FROM " + from + " WHERE " + where + grouped + ")");
        if (problem == null) {
          continue;
        }
        String expression = field.getKey() + ": " + field.getValue().strip();
        Long line = target.groupBy().isEmpty() ? failingLine(value, from, where) : null;
        String message = line == null
            ? messages.get("import.mapping_field_failed", mapping.name(), table.tableName(), expression, name, firstLine(problem.getMessage()), known)
            : messages.get("import.mapping_line_failed", mapping.name(), table.tableName(), expression, name, line, firstLine(problem.getMessage()), known);
        return new InputException(message, failure);
      }
      return plain;
    }

    /** The first source line on which {@code value} fails, or null where no single line does (the failure needs several). */
    private Long failingLine(String value, String from, String where) {
      long low;
      long high;
      try (Statement statement = connection.createStatement();
          ResultSet range = statement.executeQuery("SELECT min(_line), max(_line) FROM " + from + " WHERE " + where)) {
        range.next();
        low = range.getLong(1);
        high = range.getLong(2);
      } catch (SQLException e) {
        return null;
      }
      // the expression is the user's text, '%' and all: joined, not formatted
      String test = "SELECT count(" + value + ") FROM " + from + " WHERE (" + where + ") AND _line BETWEEN ";
      if (failure(test + low + " AND " + high) == null || failure(test + "1 AND 0") != null) {
        // it fails on no line at all (the whole range runs), or without any line (an unknown column or function)
        return null;
      }
      while (low < high) {
        long middle = low + (high - low) / 2;
        if (failure(test + low + " AND " + middle) != null) {
          high = middle;
        } else {
          low = middle + 1;
        }
      }
      return low;
    }

    /** The error {@code sql} ends in, or null when it runs; a failed query's transaction is rolled back so the next one can run. */
    private SQLException failure(String sql) {
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return null;
      } catch (SQLException e) {
        try {
          connection.rollback();
        } catch (SQLException ignored) {
          // the next query says whether the connection is usable
        }
        return e;
      }
    }

    /** The decimal separator of this source's numbers: the mapping's, else the configured one. */
    private char decimalSeparator() {
      return source.decimalSeparator() != null ? source.decimalSeparator() : config.importDefaults().decimalSeparator();
    }

    /** Whether the file writes its numbers as text the separator describes (CSV), found once per file. */
    private boolean numbersAsText() {
      if (numbersAsText == null) {
        numbersAsText = SourceReader.writesNumbersAsText(file, source);
      }
      return numbersAsText;
    }

    /**
     * A field's expression as the text its type's conversion reads. With a decimal comma, the conversion reads the
     * file's own way of writing numbers; a number the expression computes (from a column declared decimal, a sum) is
     * written by the database with a point, so it gets the comma too.
     */
    private String text(String expression) {
      char separator = decimalSeparator();
      String plain = "CAST((" + expression + ") AS VARCHAR)";
      if (separator != ',' || !numbersAsText()) {
        return plain;
      }
      return "CASE WHEN typeof(" + expression + ") SIMILAR TO '(DECIMAL.*|DOUBLE|FLOAT|REAL)' THEN replace(" + plain + ", '.', ',') ELSE " + plain + " END";
    }

    /** How to write a value of the type; numbers' examples use the decimal separator this import expects. */
    private String typeHint(FieldType type) {
      // JSON Lines and Parquet write numbers with a point whatever import.decimal_separator says
      boolean point = !numbersAsText();
      char separator = point ? '.' : decimalSeparator();
      String example = type == FieldType.DECIMAL ? "1234" + separator + "50" : "3" + separator + "5";
      boolean number = type == FieldType.DECIMAL || type == FieldType.DOUBLE;
      return messages.get(point && number ? "check.type.number_with_point.hint" : "check.type." + type.name().toLowerCase(Locale.ROOT) + ".hint", example);
    }

    /** Every check of one table's mapped and typed fields: the rows of {@link #mappedSelect} where a condition holds are bad. */
    private List<FieldCheck> fieldChecks(CanonicalTable table, Mapping.Target target) {
      List<FieldCheck> checks = new ArrayList<>();
      for (Field field : table.fields()) {
        String mapped = target.fields().get(field.name());
        String column = columnLabel(field.name(), mapped);
        String rawId = Sql.identifier("raw$" + field.name());
        String id = Sql.identifier(field.name());
        boolean derivableKey = table.key().contains(field.name()) && table.keyDerivation() != CanonicalTable.KeyDerivation.NONE;
        if (field.required() && !derivableKey) {
          if (mapped == null && defaultOf(field) == null) {
            throw new InputException(messages.get("import.field_unmapped", mapping.name(), table.tableName(), field.name()));
          }
          checks.add(new FieldCheck(column, "NULL", id + " IS NULL AND " + (mapped == null ? "TRUE" : rawId + " IS NULL"),
              messages.get("check.required", field.name()), messages.get("check.required.hint")));
        }
        if (mapped != null) {
          String key = "check.type." + field.type().name().toLowerCase(Locale.ROOT);
          String reason = field.type() == FieldType.ENUM
              ? messages.get(key, String.join(", ", field.allowed()))
              : messages.get(key);
          String hint = field.type() == FieldType.ENUM
              ? messages.get("check.type.enum.hint", field.name(), field.allowed().get(0)) : typeHint(field.type());
          if (field.type() == FieldType.DECIMAL) {
            // a number the store's DECIMAL(18,4) cannot hold is named as too large, not as no number
            String large = beyond(rawId, "1e14");
            checks.add(new FieldCheck(column, rawId, rawId + " IS NOT NULL AND " + id + " IS NULL AND " + large,
                messages.get("check.type.decimal_too_large"),
                messages.get("check.type.decimal_too_large.hint", "99999999999999" + decimalSeparator() + "9999")));
            checks.add(new FieldCheck(column, rawId, rawId + " IS NOT NULL AND " + id + " IS NULL AND NOT " + large, reason, hint));
          } else if (field.type() == FieldType.DOUBLE) {
            String large = beyond(rawId, "'Infinity'::DOUBLE");
            checks.add(new FieldCheck(column, rawId, rawId + " IS NOT NULL AND " + id + " IS NULL AND " + large,
                messages.get("check.type.double_too_large"), messages.get("check.type.double_too_large.hint")));
            checks.add(new FieldCheck(column, rawId, rawId + " IS NOT NULL AND " + id + " IS NULL AND NOT " + large, reason, hint));
          } else {
            checks.add(new FieldCheck(column, rawId, rawId + " IS NOT NULL AND " + id + " IS NULL", reason, hint));
          }
        }
        if (field.check() != null) {
          checks.add(new FieldCheck(column, mapped != null ? rawId : id, "NOT coalesce((" + field.check() + "), TRUE)",
              messages.get(field.checkKey()), messages.get(field.checkKey() + ".hint")));
        }
      }
      return checks;
    }

    /** The key derived from a row's content hash ({@code md5_number} of {@link #contentSql}), as if its content did not repeat. */
    private static String contentKey(String hash) {
      return "CAST(" + hash + " AS VARCHAR)";
    }

    /** Rejects the other lines of every group that has a rejected line, so that no total is written from part of a group. */
    private void rejectGroupsWithBadLines(Mapping.Target target, String from, String condition) {
      List<String> keys = target.groupBy().stream().map(this::expression).toList();
      String sameGroup = java.util.stream.IntStream.range(0, keys.size())
          .mapToObj(i -> "(" + keys.get(i) + ") IS NOT DISTINCT FROM bad.k" + i)
          .collect(Collectors.joining(" AND "));
      String badGroups = java.util.stream.IntStream.range(0, keys.size())
          .mapToObj(i -> "(" + keys.get(i) + ") AS k" + i).collect(Collectors.joining(", "));
      problems.addRows(name, null, "NULL",
          "FROM " + from + " WHERE " + condition + " AND EXISTS (SELECT 1 FROM (SELECT " + badGroups + " FROM " + from
              + " WHERE " + problems.goodLines(name).replace("_line NOT IN", "_line IN") + ") bad WHERE " + sameGroup + ")",
          messages.get("check.group_rejected", String.join(", ", target.groupBy())), messages.get("check.group_rejected.hint"));
    }

    /** Keeps good lines, fills derived keys and rejects lines whose key repeats with other values. */
    private String finish(CanonicalTable table, String checked) throws SQLException {
      String typed = "hf_typ_" + table.tableName();
      List<String> fields = table.fields().stream().map(Field::name).toList();
      String good = checked + " WHERE " + problems.goodLines(name);
      if (derivesContentKey(table)) {
        return numberRepeatedContent(table, checked, good, typed, fields);
      }
      boolean hashed = table.keyDerivation() == CanonicalTable.KeyDerivation.CONTENT_HASH;
      StringBuilder select = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(typed).append(" AS SELECT _line");
      for (String field : fields) {
        String id = Sql.identifier(field);
        String value = id;
        if (table.key().contains(field)) {
          value = switch (table.keyDerivation()) {
            case NONE -> id;
            case CUSTOMER_AND_START -> "coalesce(" + id + ", customer_id || ':' || strftime(started, '%Y-%m-%d'))";
            case CONTENT_HASH -> "coalesce(" + id + ", CAST(content_hash AS VARCHAR) || CASE WHEN occurrence > 0 THEN '-' || occurrence ELSE '' END)";
            // a row without a key keeps none: write() tells such rows apart by their content
            case CONTENT -> id;
          };
        }
        select.append(", ").append(value).append(" AS ").append(id);
      }
      String hashedRows = "(SELECT *, md5_number(" + contentSql(table) + ") AS content_hash FROM " + good + ")";
      String inner = hashed
          ? "(SELECT *, row_number() OVER (PARTITION BY content_hash ORDER BY _line) - 1 AS occurrence FROM " + hashedRows + ")"
          : good;
      select.append(" FROM ").append(inner);
      execute(select.toString());
      String key = table.key().stream().map(Sql::identifier).collect(Collectors.joining(", "));
      // rows without a key (CONTENT) are not repeats of each other's key
      String keyed = table.keyDerivation() == CanonicalTable.KeyDerivation.CONTENT ? " WHERE " + key + " IS NOT NULL" : "";
      long repeated = count("SELECT count(*) - count(DISTINCT (" + key + ")) FROM " + typed + keyed, table.tableName());
      if (repeated > 0) {
        String keyLabel = String.join(", ", table.key());
        problems.addRows(name, keyLabel, "concat_ws(' / ', " + key + ")",
            "FROM (SELECT t._line, " + table.key().stream().map(k -> "t." + Sql.identifier(k)).collect(Collectors.joining(", "))
                + ", d.first_line FROM " + typed + " t JOIN (SELECT " + key + ", min(_line) AS first_line FROM " + typed + keyed
                + " GROUP BY " + key + " HAVING count(DISTINCT " + contentSql(table) + ") > 1) d USING (" + key + ") WHERE t._line <> d.first_line)",
            messages.get("check.duplicate_key"), messages.get("check.duplicate_key.hint"));
        execute("DELETE FROM " + typed + " WHERE " + problems.goodLines(name).replace("_line NOT IN", "_line IN"));
        execute("DELETE FROM " + typed + " WHERE _line NOT IN (SELECT min(_line) FROM " + typed + " GROUP BY " + key + ")"
            + (keyed.isEmpty() ? "" : " AND " + key + " IS NOT NULL"));
      }
      return typed;
    }

    /**
     * check() derived every content key as if no content repeated; numbering the rows is costly, so it is
     * done only where some content does repeat. Returns the table that holds the final keys.
     */
    private String numberRepeatedContent(CanonicalTable table, String checked, String good, String typed, List<String> fields)
        throws SQLException {
      if (count("SELECT count(*) FROM (SELECT content_hash FROM " + good + " GROUP BY content_hash HAVING count(*) > 1)", table.tableName()) == 0) {
        return checked;
      }
      StringBuilder select = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(typed).append(" AS SELECT _line");
      for (String field : fields) {
        String id = Sql.identifier(field);
        String value = !table.key().contains(field) ? id
            : "CAST(content_hash AS VARCHAR) || CASE WHEN occurrence > 0 THEN '-' || occurrence ELSE '' END";
        select.append(", ").append(value).append(" AS ").append(id);
      }
      execute(select + " FROM (SELECT *, row_number() OVER (PARTITION BY content_hash ORDER BY _line) - 1 AS occurrence FROM " + good + ")");
      return typed;
    }

    /** Whether the table's key is derived from each row's content because the source gives none. */
    private boolean derivesContentKey(CanonicalTable table) {
      return table.keyDerivation() == CanonicalTable.KeyDerivation.CONTENT_HASH && !mapsKey(table);
    }

    /** Whether the table's rows are told apart by their content because the source gives no key (see {@link CanonicalTable.KeyDerivation#CONTENT}). */
    private boolean keyless(CanonicalTable table) {
      return table.keyDerivation() == CanonicalTable.KeyDerivation.CONTENT && !mapsKey(table);
    }

    private boolean mapsKey(CanonicalTable table) {
      return table.key().stream().anyMatch(key -> mapping.targets().get(table).fields().containsKey(key));
    }

    /**
     * A text that is equal for two rows exactly when their non-key typed values are equal. Every part is
     * non-null, so {@code concat} gives the text that {@code ||} gave before, at half the cost: the keys of
     * rows imported earlier stay the same.
     */
    private String contentSql(CanonicalTable table) {
      return table.fields().stream()
          .filter(field -> !table.key().contains(field.name()) || table.keyDerivation() == CanonicalTable.KeyDerivation.NONE)
          .filter(field -> !table.key().contains(field.name()))
          .map(field -> {
            String id = Sql.identifier(field.name());
            String text = field.type() == FieldType.TIMESTAMP ? "CAST(epoch_us(" + id + ") AS VARCHAR)" : "CAST(" + id + " AS VARCHAR)";
            return "coalesce(" + text + ", '\u2205')";
          })
          .collect(Collectors.joining(", '|', ", "concat(", ")"));
    }

    /**
     * Records a problem for every row on a good line whose customer is neither in the store nor on a good line of this
     * file's customers as finally kept (a customer line can still be rejected after {@link #reportUnknownCustomers}: for a
     * key it repeats with other values, or for another target's key on the same line), and drops those rows.
     */
    private void rejectUnknownCustomers(CanonicalTable table, String typed, String fileCustomers) throws SQLException {
      String known = "SELECT id FROM customers" + (fileCustomers == null ? "" : " UNION ALL SELECT id FROM " + fileCustomers
          + " WHERE " + problems.goodLines(name));
      String unknown = "FROM " + typed + " WHERE " + problems.goodLines(name) + " AND customer_id NOT IN (" + known + ")";
      long rejected = problems.addRows(name, columnLabel("customer_id", mapping.targets().get(table).fields().get("customer_id")),
          "customer_id", unknown, messages.get("check.unknown_customer"), messages.get("check.unknown_customer.hint"));
      if (rejected > 0) {
        execute("DELETE " + unknown);
      }
    }

    /**
     * Records a problem for every row of {@code checked}, with other problems or not, whose customer is neither in the
     * store nor on a good line of this file's customers, so that a line's problems are all reported at once. A line gets
     * it once (several targets can refer to customers), and not for the customer its own line gives. The rows stay: bad
     * lines are dropped at the end of the checks.
     */
    private void reportUnknownCustomers(CanonicalTable table, String checked, String fileCustomers) throws SQLException {
      String reason = messages.get("check.unknown_customer");
      String known = "SELECT id FROM customers" + (fileCustomers == null ? ""
          : " UNION ALL SELECT id FROM " + fileCustomers + " WHERE id IS NOT NULL AND " + problems.goodLines(name));
      String ownLine = fileCustomers == null ? ""
          : " AND NOT EXISTS (SELECT 1 FROM " + fileCustomers + " c WHERE c._line = r._line AND c.id = r.customer_id)";
      problems.addRows(name, columnLabel("customer_id", mapping.targets().get(table).fields().get("customer_id")), "customer_id",
          "FROM " + checked + " r WHERE customer_id NOT IN (" + known + ") AND " + problems.linesWithout(name, reason) + ownLine,
          reason, messages.get("check.unknown_customer.hint"));
    }

    /** Creates the customers the rows refer to that the store does not have, first seen at their earliest row. */
    private long createCustomers(CanonicalTable table, String typed) throws SQLException {
      String time = switch (table) {
        case SUBSCRIPTIONS -> "CAST(started AS TIMESTAMPTZ)";
        case ORDERS -> "ordered_at";
        case EVENTS -> "occurred_at";
        case TICKETS -> "opened";
        case SURVEYS -> "answered_at";
        default -> throw new IllegalStateException("no customer reference in " + table);
      };
      try (Statement statement = connection.createStatement()) {
        return statement.executeUpdate("INSERT INTO customers (id, created) SELECT customer_id, min(" + time + ") FROM " + typed
            + " WHERE customer_id NOT IN (SELECT id FROM customers) GROUP BY customer_id");
      }
    }

    private ImportResult.TableCounts write(CanonicalTable table, String typed) throws SQLException {
      if (table.keyDerivation() != CanonicalTable.KeyDerivation.CONTENT) {
        return writeByKey(table, typed, "");
      }
      // rows that have a key are merged by it, the others by their content
      String key = Sql.identifier(table.key().get(0));
      ImportResult.TableCounts byContent = writeByContent(table, typed);
      boolean anyKeyed = count("SELECT count(*) FROM (SELECT 1 FROM " + typed + " WHERE " + key + " IS NOT NULL LIMIT 1)", table.tableName()) > 0;
      return anyKeyed ? byContent.plus(writeByKey(table, typed, "s." + key + " IS NOT NULL")) : byContent;
    }

    /**
     * Writes the rows of {@code typed} without a key, told apart by their content: of each content that a file has n
     * times and the store m times already (with or without a key), n − m copies are inserted and the rest is unchanged. So
     * importing a file again changes nothing, an export that overlaps an earlier one adds only the new rows, and two
     * identical events stay two. Only the stored rows within the time range of the new ones are compared.
     */
    private ImportResult.TableCounts writeByContent(CanonicalTable table, String typed) throws SQLException {
      String target = table.tableName();
      String key = Sql.identifier(table.key().get(0));
      List<Field> content = table.fields().stream().filter(field -> !table.key().contains(field.name())).toList();
      String list = content.stream().map(field -> Sql.identifier(field.name())).collect(Collectors.joining(", "));
      String same = content.stream()
          .map(field -> "n." + Sql.identifier(field.name()) + (field.required() ? " = " : " IS NOT DISTINCT FROM ") + "o." + Sql.identifier(field.name()))
          .collect(Collectors.joining(" AND "));
      String time = Sql.identifier(content.stream().filter(field -> field.type() == FieldType.TIMESTAMP && field.required()).findFirst()
          .orElseThrow().name());
      execute("CREATE OR REPLACE TEMP TABLE hf_new AS SELECT " + list + ", count(*) AS hf_n FROM " + typed + " WHERE " + key
          + " IS NULL GROUP BY ALL");
      trace("grouped by content");
      try {
        long first;
        long last;
        long rows;
        try (Statement statement = connection.createStatement();
            ResultSet range = statement.executeQuery("SELECT epoch_us(min(" + time + ")), epoch_us(max(" + time + ")), coalesce(sum(hf_n), 0) FROM hf_new")) {
          range.next();
          first = range.getLong(1);
          last = range.getLong(2);
          rows = range.getLong(3);
        }
        if (rows == 0) {
          return new ImportResult.TableCounts(0, 0, 0, 0);
        }
        // the stored copies of each new content, by the content's row in hf_new; constant bounds on the time, so that
        // DuckDB skips the stored row groups outside them
        execute("CREATE OR REPLACE TEMP TABLE hf_old AS SELECT n.rowid AS hf_content, count(*) AS hf_n FROM " + target + " o JOIN hf_new n ON "
            + same + " WHERE o." + time + " BETWEEN " + instant(first) + " AND " + instant(last) + " GROUP BY n.rowid");
        trace("counted stored copies");
        String missing = "SELECT n.*, n.hf_n - coalesce(o.hf_n, 0) AS hf_missing FROM hf_new n LEFT JOIN hf_old o ON o.hf_content = n.rowid";
        long inserted = count("SELECT coalesce(sum(greatest(hf_missing, 0)), 0) FROM (" + missing + ")", target);
        if (inserted > 0) {
          execute("INSERT INTO " + target + " (" + list + ") SELECT " + list + " FROM (SELECT *, unnest(range(hf_missing)) FROM (" + missing
              + ") WHERE hf_missing > 0)");
        }
        return new ImportResult.TableCounts(inserted, 0, rows - inserted, 0);
      } finally {
        execute("DROP TABLE IF EXISTS hf_old");
        execute("DROP TABLE hf_new");
      }
    }

    /** The moment {@code micros} after the epoch as a constant TIMESTAMPTZ, exact whatever the session's time zone. */
    private static String instant(long micros) {
      return "(to_timestamp(0) + to_microseconds(CAST(" + micros + " AS BIGINT)))";
    }

    /** Merges the rows of {@code typed} (those where {@code only} holds, when given) by their key. */
    private ImportResult.TableCounts writeByKey(CanonicalTable table, String typed, String only) throws SQLException {
      String target = table.tableName();
      List<String> fields = table.fields().stream().map(Field::name).toList();
      String match = table.key().stream().map(k -> "t." + Sql.identifier(k) + " = s." + Sql.identifier(k)).collect(Collectors.joining(" AND "));
      // only the fields the source gives are compared and updated: a file without a column leaves it alone
      List<String> given = fields.stream()
          .filter(field -> !table.key().contains(field) && mapping.targets().get(table).fields().containsKey(field))
          .toList();
      String differs = given.isEmpty() ? "FALSE" : given.stream()
          .map(field -> table.field(field).orElseThrow().type() == FieldType.JSON
              // (the same text, as in most re-imports, needs no merge)
              ? "(t." + Sql.identifier(field) + " IS DISTINCT FROM s." + Sql.identifier(field) + " AND json(t." + Sql.identifier(field)
                  + ") IS DISTINCT FROM json(" + mergedObject(field) + "))"
              : "t." + Sql.identifier(field) + " IS DISTINCT FROM s." + Sql.identifier(field))
          .collect(Collectors.joining(" OR ", "(", ")"));
      String rows = only.isEmpty() ? typed + " s" : "(SELECT * FROM " + typed + " s WHERE " + only + ") s";
      long matched = count("SELECT count(*) FROM " + rows + " JOIN " + target + " t ON " + match, target);
      long changed = matched == 0 ? 0 : count("SELECT count(*) FROM " + rows + " JOIN " + target + " t ON " + match + " WHERE " + differs, target);
      long updated = 0;
      if (options.upsert() && changed > 0) {
        String set = given.stream()
            .map(field -> Sql.identifier(field) + " = "
                + (table.field(field).orElseThrow().type() == FieldType.JSON ? mergedObject(field) : "s." + Sql.identifier(field)))
            .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
          updated = statement.executeUpdate(
              "UPDATE " + target + " t SET " + set + " FROM " + rows + " WHERE " + match + " AND " + differs);
        }
      }
      String list = fields.stream().map(Sql::identifier).collect(Collectors.joining(", "));
      long inserted;
      try (Statement statement = connection.createStatement()) {
        inserted = statement.executeUpdate(
            "INSERT INTO " + target + " (" + list + ") SELECT " + list + " FROM " + rows
                + (matched == 0 ? "" : " WHERE NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + match + ")"));
      }
      List<String> examples = new ArrayList<>();
      if (!options.upsert() && changed > 0) {
        // the keys of the rows kept as stored, so that they can be found (the first few, in key order)
        String keyText = table.key().stream().map(k -> "CAST(s." + Sql.identifier(k) + " AS VARCHAR)").collect(Collectors.joining(", ", "concat_ws(' / ', ", ")"));
        try (Statement statement = connection.createStatement();
            ResultSet keys = statement.executeQuery("SELECT DISTINCT " + keyText + " AS k FROM " + rows + " JOIN " + target + " t ON " + match
                + " WHERE " + differs + " ORDER BY k LIMIT " + ImportResult.TableCounts.EXAMPLES)) {
          while (keys.next()) {
            examples.add(keys.getString(1));
          }
        }
      }
      return new ImportResult.TableCounts(inserted, updated, matched - changed, options.upsert() ? 0 : changed, examples);
    }

    /**
     * The stored JSON object {@code t.field} with the keys of the imported one {@code s.field} set to its values (a
     * null too): a file gives only some keys of attributes and properties, as it gives only some columns. An object
     * without keys leaves the stored one alone; a value that is no object replaces it.
     */
    private static String mergedObject(String field) {
      String stored = "t." + Sql.identifier(field);
      String imported = "s." + Sql.identifier(field);
      String asMap = ", '\"MAP(VARCHAR, JSON)\"')";
      return "CASE WHEN " + imported + " IS NULL THEN " + stored
          + " WHEN " + stored + " IS NULL OR json_type(" + stored + ") <> 'OBJECT' OR json_type(" + imported + ") <> 'OBJECT' THEN " + imported
          + " ELSE CAST(map_concat(json_transform(" + stored + asMap + ", json_transform(" + imported + asMap + ") AS JSON) END";
    }

    private String expression(String text) {
      String bare = text.strip();
      for (String column : columns) {
        if (column.equals(bare) || Sql.identifier(column).equals(bare)) {
          return Sql.identifier(column);
        }
      }
      return text;
    }

    private String columnLabel(String field, String mapped) {
      if (mapped == null) {
        return field;
      }
      if (options.mapping() == null) {
        // a file with canonical names: the field's column, where there is one (the JSON field's expression adds others)
        for (String column : columns) {
          if (column.strip().equalsIgnoreCase(field)) {
            return column;
          }
        }
      }
      String bare = mapped.strip();
      for (String column : columns) {
        if (column.equalsIgnoreCase(bare) || Sql.identifier(column).equalsIgnoreCase(bare)) {
          return column;
        }
      }
      return field + " = " + (bare.length() > 60 ? bare.substring(0, 57) + "..." : bare);
    }

    private String defaultOf(Field field) {
      if (field.type() == FieldType.CURRENCY) {
        return Sql.literal(config.currency());
      }
      return field.defaultSql();
    }

    private String convert(Field field, String value) {
      return switch (field.type()) {
        case ENUM -> "CASE WHEN lower(trim(" + value + ")) IN (" + field.allowed().stream().map(Sql::literal).collect(Collectors.joining(", "))
            + ") THEN lower(trim(" + value + ")) END";
        default -> convert(field.type(), value, source.timestampPatterns());
      };
    }

    /** A whole number's text: digits with an optional sign, and at most a decimal point followed by zeros. */
    private static final String WHOLE = "regexp_full_match(trim(%s), '[+-]?[0-9]+([.]0*)?')";

    /** The text of a number as DuckDB's cast reads it, or NULL where the cast would read it wrongly. */
    private String numberText(String value) {
      // DuckDB's cast reads 1_5 as 15; with a decimal comma, a point is another convention (1.500 may mean 1500), not 1.5.
      // The separator describes text: JSON Lines and Parquet numbers have a decimal point whatever it is
      return decimalSeparator() == ',' && numbersAsText()
          ? "CASE WHEN strpos(" + value + ", '_') = 0 AND strpos(" + value + ", '.') = 0 THEN replace(" + value + ", ',', '.') END"
          : "CASE WHEN strpos(" + value + ", '_') = 0 THEN " + value + " END";
    }

    /**
     * Whether a value is a number beyond {@code limit} in size (1e400 reads as infinity): too large, not "no number".
     * Text without a digit (inf, NaN) is no number at all.
     */
    private String beyond(String value, String limit) {
      return "coalesce(abs(TRY_CAST(" + numberText(value) + " AS DOUBLE)) >= " + limit + " AND regexp_matches(" + value + ", '[0-9]'), false)";
    }

    private String convert(FieldType type, String value, List<String> extraPatterns) {
      List<String> patterns = new ArrayList<>(config.importDefaults().timestampPatterns());
      patterns.addAll(extraPatterns);
      patterns.addAll(source.timestampPatterns());
      String patternList = patterns.stream().distinct().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
      String number = numberText(value);
      // white space around a date or time is no part of it (DuckDB's cast refuses a timestamp with a space after it)
      String moment = type == FieldType.TIMESTAMP || type == FieldType.DATE ? "trim(" + value + ")" : value;
      return switch (type) {
        case TEXT -> value;
        case TIMESTAMP -> withinCalendar(patterns.isEmpty()
            ? "TRY_CAST(" + moment + " AS TIMESTAMPTZ)"
            : "coalesce(TRY_CAST(" + moment + " AS TIMESTAMPTZ), TRY_CAST(try_strptime(" + moment + ", " + patternList + ") AS TIMESTAMPTZ))",
            "TIMESTAMPTZ '0001-01-01 00:00:00+00'", "TIMESTAMPTZ '9999-12-31 23:59:59.999999+00'");
        // a date with a time is that moment's day in the business time zone (a cast to DATE would drop the zone)
        case DATE -> withinCalendar("coalesce(CASE WHEN length(" + moment + ") > 10 THEN CAST(TRY_CAST(" + moment + " AS TIMESTAMPTZ) AS DATE) END,"
            + " TRY_CAST(" + moment + " AS DATE)"
            + (patterns.isEmpty() ? "" : ", CAST(try_strptime(" + moment + ", " + patternList + ") AS DATE)") + ")",
            "DATE '0001-01-01'", "DATE '9999-12-31'");
        case DECIMAL -> "TRY_CAST(" + number + " AS DECIMAL(18,4))";
        // digits only (a Parquet DOUBLE column's "4.0" too): a cast alone would round 4.6 to 5 and read 0x1F and 1_000
        case INTEGER -> "CASE WHEN " + WHOLE.formatted(value) + " THEN TRY_CAST(trim(" + value + ") AS INTEGER) END";
        case BIGINT -> "CASE WHEN " + WHOLE.formatted(value) + " THEN TRY_CAST(trim(" + value + ") AS BIGINT) END";
        // NaN, inf and 1e400 (read as infinity) are no measurements: they would poison every sum over them
        case DOUBLE -> "CASE WHEN isfinite(TRY_CAST(" + number + " AS DOUBLE)) THEN TRY_CAST(" + number + " AS DOUBLE) END";
        case CURRENCY -> "CASE WHEN upper(trim(" + value + ")) IN (" + CURRENCIES + ") THEN upper(trim(" + value + ")) END";
        case JSON -> "CASE WHEN json_valid(" + value + ") THEN CAST(" + value + " AS JSON) END";
        case ENUM -> throw new IllegalStateException("an enumeration needs its field");
      };
    }

    /**
     * The moment or day, or NULL where it is not in the years 1 to 9999: DuckDB reads {@code infinity}, {@code
     * -infinity} and years such as 99999, which no export means and ISO 8601 does not write.
     */
    private static String withinCalendar(String moment, String first, String last) {
      return "CASE WHEN " + moment + " BETWEEN " + first + " AND " + last + " THEN " + moment + " END";
    }

    private long count(String sql, String what) {
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getLong(1);
      } catch (SQLException e) {
        throw new InputException(messages.get("import.mapping_failed", mapping.name(), what, name, firstLine(e.getMessage()), String.join(", ", columns)), e);
      }
    }

    private void execute(String sql) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  private static final boolean TRACE = System.getenv("HOLDFAST_TRACE") != null;
  private static long traced = System.nanoTime();

  /** With HOLDFAST_TRACE set, prints how long each step of an import took (for tuning). */
  private static void trace(String step) {
    if (TRACE) {
      long now = System.nanoTime();
      System.err.printf(Locale.ROOT, "trace: %-28s %8.3f s%n", step, (now - traced) / 1e9);
      traced = now;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

}
