package dev.holdfast.store;

import dev.holdfast.HoldfastException.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A Holdfast store in one DuckDB file: opening it creates the file if needed and applies every
 * pending schema migration (recorded in {@code flyway_schema_history}) before anything else runs.
 */
public final class DuckDbStore implements AutoCloseable {
  /** DuckDB's words when another process holds the file's lock, with that process's id. */
  private static final java.util.regex.Pattern LOCKED = java.util.regex.Pattern.compile("Could not set lock on file.*\\(PID (\\d+)\\)");

  /** The newest schema version, the number of the last migration in {@code db/migration}. */
  static final String SCHEMA_VERSION = "8";

  /** The canonical tables, in the order a customer's records must be written. */
  public static final List<String> TABLES =
      List.of("customers", "subscriptions", "orders", "events", "tickets", "surveys", "spend");

  /**
   * The prefix of the table an import fills in place of an empty canonical table before swapping the two (see the
   * importer's direct import); one left by a killed import is dropped when the store is opened.
   */
  public static final String IMPORT_SHADOW = "hf_import_";

  /** Flyway reports every migration at INFO; a command line shows only its warnings. Held so it is not collected. */
  private static final java.util.logging.Logger FLYWAY_LOG = quiet(java.util.logging.Logger.getLogger("org.flywaydb"));

  private final Path file;
  private final DuckDBConnection connection;
  /** The configured memory limit as set on the engine, or null where the engine's default (80 % of memory) is in force. */
  private String memoryLimit;

  private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private DuckDbStore(Path file, DuckDBConnection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Whether {@code file} is missing, empty (DuckDB says what it thinks of that) or a DuckDB database: "DUCK" at byte 8. */
  private static boolean duckDbFileOrNone(Path file) {
    if (!Files.isRegularFile(file)) {
      return true;
    }
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(12);
      return head.length == 0 || (head.length == 12 && new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("DUCK"));
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /** Opens (creating if needed) the store and migrates its schema to the newest version. */
  public static DuckDbStore open(Path file, ZoneId timeZone) {
    return open(file, timeZone, null);
  }

  /** Opens the configured store with the configured time zone and memory limit. */
  public static DuckDbStore open(dev.holdfast.config.HoldfastConfig config) {
    return limited(open(config.storePath(), config.timeZone(), null, config.lockWaitSeconds()), config);
  }

  /**
   * Opens the configured store for a command that only reads it: read-only, so that any number of such commands and
   * dashboards read it at once, and a store file the user may read but not write (another user's, a read-only
   * mount) can be read. A store that is not there, empty, or of an older schema version is opened as {@link
   * #open(dev.holdfast.config.HoldfastConfig)} opens it (which creates, migrates or says what is wrong), and so is
   * one that DuckDB will not open read-only for any reason but another process writing to it.
   */
  public static DuckDbStore openToRead(dev.holdfast.config.HoldfastConfig config) {
    Path file = config.storePath();
    Path absolute = file.toAbsolutePath();
    try {
      if (!Files.isRegularFile(absolute) || Files.size(absolute) == 0 || !duckDbFileOrNone(absolute)) {
        return open(config);
      }
    } catch (java.io.IOException e) {
      return open(config);
    }
    DuckDBConnection connection;
    try {
      connection = connect(absolute, file, config.lockWaitSeconds(), readOnlyProperties());
    } catch (StoreException e) {
      if (lockHolder(e) != null) {
        throw e;
      }
      return open(config);
    }
    DuckDbStore store = new DuckDbStore(absolute, connection);
    boolean current;
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = '" + zoneName(config.timeZone()) + "'");
        Path spill = spillFolder(absolute, Files::isWritable);
        if (spill != null) {
          statement.execute("SET temp_directory = '" + spill.toString().replace("'", "''") + "'");
        }
      }
      current = store.isCurrent();
    } catch (SQLException | RuntimeException e) {
      store.close();
      if (e instanceof StoreException storeException) {
        throw storeException;
      }
      throw new StoreException("cannot prepare store " + file + ": " + e.getMessage(), e);
    }
    if (!current) {
      // migrating writes: this once, the store is opened for writing
      store.close();
      return open(config);
    }
    return limited(store, config);
  }

  private static DuckDbStore limited(DuckDbStore store, dev.holdfast.config.HoldfastConfig config) {
    try (Statement statement = store.connection.createStatement()) {
      statement.execute("SET memory_limit = '" + config.memoryLimit().replace("'", "") + "'");
      store.memoryLimit = config.memoryLimit();
    } catch (SQLException e) {
      store.close();
      throw new StoreException("cannot set memory_limit " + config.memoryLimit() + " on " + config.storePath() + ": " + e.getMessage(), e);
    }
    return store;
  }

  /**
   * Where a reader's work too large for its memory limit goes: DuckDB writes it to a folder beside the store, which a
   * reader may not be allowed to create (another user's store, a read-only mount), and the query would fail. Then it
   * goes to a folder of this process in the system's temporary folder, which DuckDB removes when the store is closed.
   * Null where the store's folder is writable.
   */
  static Path spillFolder(Path store, java.util.function.Predicate<Path> writable) {
    Path folder = store.toAbsolutePath().getParent();
    if (folder == null || writable.test(folder)) {
      return null;
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "holdfast-" + ProcessHandle.current().pid() + ".tmp");
  }

  /** The driver's property that opens a file read-only, beside any number of other readers. */
  private static final String READ_ONLY = "duckdb.read_only";

  private static java.util.Properties readOnlyProperties() {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty(READ_ONLY, "true");
    return properties;
  }

  /** Whether the store was opened read-only ({@link #openToRead}): writing to it fails. */
  boolean readOnly() {
    return connection.isReadOnly();
  }

  /** Opens the store migrating only up to {@code targetVersion} (null: the newest); used to test upgrades. */
  static DuckDbStore open(Path file, ZoneId timeZone, String targetVersion) {
    return open(file, timeZone, targetVersion, 0);
  }

  /**
   * The same, waiting up to {@code lockWaitSeconds} for a store that another process has open (a command, or a
   * dashboard answering pages, which lets go when idle); the wait is said once on standard error.
   */
  private static DuckDbStore open(Path file, ZoneId timeZone, String targetVersion, int lockWaitSeconds) {
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create the folder for store " + file + ": " + e.getMessage(), e);
    }
    if (!duckDbFileOrNone(absolute)) {
      // DuckDB would open a CSV file as a database of one view: say what the file is instead
      throw new StoreException(dev.holdfast.i18n.Messages.of(java.util.Locale.getDefault()).get("store.not_duckdb", file), null);
    }
    DuckDBConnection connection = connect(absolute, file, lockWaitSeconds, new java.util.Properties());
    DuckDbStore store = new DuckDbStore(absolute, connection);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = '" + zoneName(timeZone) + "'");
      }
      if (targetVersion != null || !store.isCurrent()) {
        store.migrate(targetVersion);
      }
      store.dropImportLeftovers();
    } catch (SQLException | RuntimeException e) {
      store.close();
      if (e instanceof StoreException storeException) {
        throw storeException;
      }
      throw new StoreException("cannot prepare store " + file + ": " + e.getMessage(), e);
    }
    return store;
  }

  /**
   * Holds {@code file} for a command that is about to delete it and put a new store in its place ({@code demo
   * --replace}): refused unless the file is missing, empty, or a DuckDB database with no tables or with Holdfast's
   * schema history, and while another process has it open. The file stays held, read-only and without migrating it,
   * until the claim is closed, so that nobody opens it between the check and the replacement. A {@code leftover} (a
   * half-written file of the command's own) is refused only while another process has it open.
   */
  public static AutoCloseable claimForReplacement(Path file, boolean leftover) {
    dev.holdfast.i18n.Messages messages = dev.holdfast.i18n.Messages.of(java.util.Locale.getDefault());
    if (Files.isDirectory(file)) {
      if (leftover) {
        // not the command's own file after all: its removal says what is in the way
        return () -> {};
      }
      throw new StoreException(messages.get("store.is_folder", file), null);
    }
    if (!Files.exists(file)) {
      return () -> {};
    }
    if (!leftover && !duckDbFileOrNone(file)) {
      throw new StoreException(messages.get("store.not_duckdb", file), null);
    }
    try {
      if (Files.size(file) == 0) {
        return () -> {};
      }
    } catch (java.io.IOException e) {
      throw new StoreException(messages.get("store.cannot_open", file, e.getMessage()), e);
    }
    Connection connection;
    try {
      connection = connect(file.toAbsolutePath(), file, 0, readOnlyProperties());
    } catch (StoreException e) {
      if (leftover && lockHolder(e) == null) {
        return () -> {};
      }
      throw e;
    }
    if (leftover) {
      return connection::close;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE table_name = 'flyway_schema_history') "
            + "FROM information_schema.tables")) {
      rows.next();
      if (rows.getLong(1) > 0 && rows.getLong(2) == 0) {
        throw new StoreException(messages.get("store.foreign", file), null);
      }
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StoreException storeException) {
        throw storeException;
      }
      throw new StoreException(messages.get("store.cannot_open", file, String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
    }
    return connection::close;
  }

  /**
   * The id of the process that holds a store, where {@code error} (or one of its causes) is DuckDB's refusal to open a
   * file another process has open; null for any other error.
   */
  public static String lockHolder(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      java.util.regex.Matcher lock = LOCKED.matcher(String.valueOf(cause.getMessage()));
      if (lock.find()) {
        return lock.group(1);
      }
    }
    return null;
  }

  /**
   * A connection to the file, waiting up to {@code lockWaitSeconds} while another process has it open (said once on
   * standard error); DuckDB's refusals in words that name the file and the way out.
   */
  private static DuckDBConnection connect(Path absolute, Path file, int lockWaitSeconds, java.util.Properties properties) {
    dev.holdfast.i18n.Messages messages = dev.holdfast.i18n.Messages.of(java.util.Locale.getDefault());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(lockWaitSeconds);
    boolean told = false;
    while (true) {
      try {
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + absolute, properties);
      } catch (SQLException e) {
        java.util.regex.Matcher lock = LOCKED.matcher(String.valueOf(e.getMessage()));
        if (lock.find()) {
          if (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            if (!told) {
              System.err.println(messages.get("store.waiting", file, lock.group(1), lockWaitSeconds));
              System.err.flush();
              told = true;
            }
            try {
              Thread.sleep(200);
              continue;
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
            }
          }
          // one process at a time may write a store file: name it and say what to do instead of DuckDB's words, in the
          // language of the command (the command line sets the default locale to it); one that only reads is kept out
          // by nothing but a writer (readers share the file), and is told so
          boolean reading = "true".equals(properties.getProperty(READ_ONLY));
          throw new StoreException(messages.get(reading ? "store.locked_by_writer" : "store.locked", file, lock.group(1)), e);
        }
        if (String.valueOf(e.getMessage()).contains("not a valid DuckDB database file")) {
          throw new StoreException(messages.get("store.not_duckdb", file), e);
        }
        throw new StoreException(messages.get("store.cannot_open", file, String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
      }
    }
  }

  /** The zone as DuckDB (ICU) names it: "Z" is "UTC". */
  private static String zoneName(ZoneId zone) {
    String id = zone.normalized().getId();
    return (id.equals("Z") ? "UTC" : id).replace("'", "");
  }

  private void migrate(String targetVersion) {
    var configuration =
        Flyway.configure(DuckDbStore.class.getClassLoader())
            .dataSource(new DuplicatingDataSource(connection))
            .locations("classpath:db/migration")
            .failOnMissingLocations(true);
    if (targetVersion != null) {
      configuration = configuration.target(targetVersion);
    }
    try {
      configuration.load().migrate();
    } catch (FlywayException e) {
      dev.holdfast.i18n.Messages messages = dev.holdfast.i18n.Messages.of(java.util.Locale.getDefault());
      if (String.valueOf(e.getMessage()).contains("but no schema history table")) {
        // a DuckDB file with tables that Holdfast did not create: Flyway's advice (baseline) is for its own users
        throw new StoreException(messages.get("store.foreign", file), e);
      }
      throw new StoreException(messages.get("store.cannot_migrate", file, String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
    }
  }

  public Path file() {
    return file;
  }

  /** The connection every reader and writer of this store shares; its time zone is the business zone. */
  public DuckDBConnection connection() {
    return connection;
  }

  /** Work on the store's connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} with the engine's memory limit lowered to {@code bytes} (where that is below the configured
   * limit), and sets the configured limit again afterwards, also when the work fails.
   *
   * <p>For one pass over a large table into a small result, such as the events pass of scoring: under a limit near what
   * the pass itself needs, the engine reads each next block of the table into the buffer of a block it has done with,
   * where under a roomy limit it takes fresh memory for every block and keeps the blocks it will not read again. The
   * first touch of each fresh page is a page fault, and on a virtual machine a fault costs about 10 µs: on the 1 M
   * demo store the scoring events pass took 3.8–4.7 s under 300–500 MB against 5.8–7.1 s under 2 GB
   * (docs/benchmarks.md). Too low a limit makes the engine write its work to the temporary folder, which is slower
   * still: callers ask for a few times what the result needs. Where the engine cannot give up enough memory at once,
   * the work runs under the limit as it is. The limit is the database's, not the connection's: for commands that do
   * one thing at a time, not for a store that answers other requests meanwhile (the dashboard's).
   */
  public <T> T withMemoryLimit(long bytes, SqlWork<T> work) throws SQLException {
    long ceiling = memoryLimit == null ? Long.MAX_VALUE : bytes(memoryLimit);
    if (bytes >= ceiling) {
      return work.run();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET memory_limit = '" + bytes + "B'");
    } catch (SQLException e) {
      return work.run();
    }
    T result;
    try {
      result = work.run();
    } catch (Throwable failure) {
      try {
        restoreMemoryLimit();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
      throw failure;
    }
    restoreMemoryLimit();
    return result;
  }

  private void restoreMemoryLimit() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(memoryLimit == null ? "RESET memory_limit" : "SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
    }
  }

  /** The bytes of a memory limit as the configuration writes it ({@code 2GB}, {@code 512 MiB}: DuckDB's units). */
  static long bytes(String limit) {
    java.util.regex.Matcher parts = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT])(i?)B").matcher(limit.strip());
    if (!parts.matches()) {
      throw new IllegalArgumentException("not a memory limit: " + limit);
    }
    int power = "KMGT".indexOf(parts.group(2)) + 1;
    double unit = Math.pow(parts.group(3).isEmpty() ? 1000 : 1024, power);
    return (long) (Double.parseDouble(parts.group(1)) * unit);
  }

  /** Drops the tables a killed import filled but never swapped in: they hold nothing the store's tables show. */
  private void dropImportLeftovers() throws SQLException {
    List<String> leftovers = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
            + " AND starts_with(table_name, '" + IMPORT_SHADOW + "')")) {
      while (rows.next()) {
        leftovers.add(rows.getString(1));
      }
    }
    for (String table : leftovers) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE \"" + table.replace("\"", "\"\"") + "\"");
      }
    }
  }

  /** Whether the store already has the newest schema, so that opening it need not start Flyway (about a second). */
  private boolean isCurrent() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'flyway_schema_history'")) {
      rows.next();
      if (rows.getLong(1) == 0) {
        return false;
      }
    }
    return schemaVersion().equals(SCHEMA_VERSION);
  }

  /** The newest applied schema version, e.g. "4". */
  public String schemaVersion() {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")) {
      return rows.next() ? rows.getString(1) : "0";
    } catch (SQLException e) {
      throw new StoreException("cannot read the schema version of " + file + ": " + e.getMessage(), e);
    }
  }

  /** Row counts of the canonical tables, in {@link #TABLES} order. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
          rows.next();
          counts.put(table, rows.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count rows in " + file + ": " + e.getMessage(), e);
    }
    return counts;
  }

  @Override
  public void close() {
    try {
      connection.close();
      if (System.getenv("HOLDFAST_TRACE") != null) {
        // closing checkpoints what the last transactions wrote: part of a command's time
        dev.holdfast.store.retention.RetentionMetrics.trace("store closed");
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close store " + file + ": " + e.getMessage(), e);
    }
  }

  /** Hands Flyway connections onto the same in-process database instance. */
  private static final class DuplicatingDataSource implements DataSource {
    private final DuckDBConnection connection;

    DuplicatingDataSource(DuckDBConnection connection) {
      this.connection = connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return connection.duplicate();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("dev.holdfast.store");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
