package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.config.HoldfastConfig.UnknownCustomers;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.ingest.CanonicalTable;
import dev.holdfast.store.ingest.ImportResult;
import dev.holdfast.store.ingest.Importer;
import dev.holdfast.store.ingest.Mapping;
import dev.holdfast.store.ingest.SourceOptions;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code holdfast import}: loads CSV, JSON Lines or Parquet exports into the store, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false)
final class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin Main.StoreOptions storeOptions = new Main.StoreOptions();

  @Option(names = "--mapping", paramLabel = "FILE", descriptionKey = "import.mapping")
  Path mapping;

  @Option(names = "--kind", paramLabel = "KIND", descriptionKey = "import.kind")
  String kind;

  @Option(names = "--input-format", paramLabel = "csv|jsonl|parquet", descriptionKey = "import.input_format")
  String inputFormat;

  @Option(names = "--delimiter", paramLabel = "CHAR", descriptionKey = "import.delimiter")
  String delimiter;

  @Option(names = "--quote", paramLabel = "CHAR", descriptionKey = "import.quote")
  String quote;

  @Option(names = "--decimal-separator", paramLabel = ".|,", descriptionKey = "import.decimal_separator")
  String decimalSeparator;

  @Option(names = "--encoding", paramLabel = "CHARSET", descriptionKey = "import.encoding")
  String encoding;

  @Option(names = "--no-header", descriptionKey = "import.no_header")
  boolean noHeader;

  @Option(names = "--upsert", descriptionKey = "import.upsert")
  boolean upsert;

  @Option(names = "--skip-bad-rows", descriptionKey = "import.skip_bad_rows")
  boolean skipBadRows;

  @Option(names = "--rejects", paramLabel = "FILE", descriptionKey = "import.rejects")
  Path rejects;

  @Option(names = "--unknown-customers", paramLabel = "reject|create", descriptionKey = "import.unknown_customers")
  String unknownCustomers;

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", descriptionKey = "option.format")
  String format;

  @Parameters(paramLabel = "FILE", arity = "1..*", descriptionKey = "import.files")
  List<Path> files;

  private final Map<String, String> environment;
  private final Clock clock;

  ImportCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    HoldfastConfig config = storeOptions.loadCreating(environment);
    Messages messages = Messages.of(config.locale());
    OutputFormat output = Formats.parse(format);
    Mapping parsedMapping = mapping == null ? null : Mapping.read(mapping);
    CanonicalTable table = null;
    if (kind != null) {
      try {
        table = CanonicalTable.named(kind);
      } catch (IllegalArgumentException e) {
        throw new InputException(messages.get("cli.import.bad_kind", kind, CanonicalTable.names()));
      }
    }
    if (parsedMapping != null && table != null) {
      // a mapping names its own targets: a --kind beside it would be silently ignored
      throw new InputException(messages.get("cli.import.kind_with_mapping", kind, mapping));
    }
    UnknownCustomers unknown = null;
    if (unknownCustomers != null) {
      try {
        unknown = UnknownCustomers.valueOf(unknownCustomers.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InputException(messages.get("cli.import.bad_unknown_customers", unknownCustomers));
      }
    }
    if (rejects != null && !skipBadRows) {
      throw new InputException(messages.get("cli.import.rejects_without_skip"));
    }
    if (inputFormat != null && !List.of("csv", "jsonl", "parquet").contains(inputFormat)) {
      throw new InputException(messages.get("cli.import.bad_input_format", inputFormat));
    }
    Character separator = delimiter == null ? null : delimiterOf(delimiter, messages);
    Character quoteChar = quote == null ? null : quoteOf(quote, messages);
    SourceOptions source = parsedMapping != null ? parsedMapping.source() : SourceOptions.defaults();
    char effectiveQuote = quoteChar != null ? quoteChar : source.quote();
    Character effectiveDelimiter = separator == null ? source.delimiter() : separator == SourceOptions.WHITESPACE ? null : separator;
    if (effectiveDelimiter != null && effectiveDelimiter == effectiveQuote) {
      throw new InputException(quoteChar != null
          ? messages.get("cli.import.quote_is_delimiter", String.valueOf(effectiveQuote))
          : messages.get("cli.import.delimiter_is_quote", String.valueOf(effectiveQuote)));
    }
    Character decimal = null;
    if (decimalSeparator != null) {
      if (!decimalSeparator.equals(".") && !decimalSeparator.equals(",")) {
        throw new InputException(messages.get("cli.import.bad_decimal_separator", decimalSeparator));
      }
      decimal = decimalSeparator.charAt(0);
    }
    Charset charset = encoding == null ? null : charsetOf(encoding, messages);
    Path rejectsFile = rejects != null ? rejects : Path.of(files.get(0).getFileName() + ".rejects.csv");
    if (skipBadRows) {
      checkRejectsFile(rejectsFile, config.storePath(), messages);
    }
    Importer.Options options =
        new Importer.Options(parsedMapping, table, inputFormat, separator, charset, noHeader ? Boolean.FALSE : null,
            upsert, skipBadRows, skipBadRows ? rejectsFile : null, unknown, quoteChar, decimal);
    long totalBytes = 0;
    for (Path file : files) {
      try {
        totalBytes += Files.size(file);
      } catch (java.io.IOException e) {
        // a missing file is reported by the importer with its name
      }
    }
    ImportResult result;
    Path storePath = config.storePath();
    boolean creating = !Files.exists(storePath);
    java.io.PrintWriter err = spec.commandLine().getErr();
    if (creating) {
      // a mistyped --store would otherwise quietly start a second store
      err.println(messages.get("cli.import.new_store", storePath.toAbsolutePath().normalize()));
      err.flush();
    }
    // stopped by a signal (kill, Ctrl-C), the import says so: its transaction is never committed, so the store
    // keeps what it held
    java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    Thread stopped = new Thread(() -> {
      if (!finished.get()) {
        err.println();
        err.println(messages.get("cli.import.stopped", storePath));
        err.flush();
      }
    }, "holdfast-import-stopped");
    Runtime.getRuntime().addShutdownHook(stopped);
    try (DuckDbStore store = DuckDbStore.open(config);
        Progress progress = Progress.start(messages.get("cli.import.progress"), totalBytes, err)) {
      result = new Importer(store, config, messages, clock).run(files, options, progress::step);
      finished.set(true);
    } catch (RuntimeException e) {
      if (creating) {
        // an import that wrote nothing leaves no empty store behind either
        try {
          Files.deleteIfExists(storePath.resolveSibling(storePath.getFileName() + ".wal"));
          Files.deleteIfExists(storePath);
        } catch (java.io.IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    } finally {
      finished.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(stopped);
      } catch (IllegalStateException shuttingDown) {
        // the hook has run or is running
      }
    }
    // a rejects file left by an earlier run would be taken for this run's
    // (only by a run that writes that file: any other leaves it alone)
    String staleRejects = skipBadRows && result.rejectedLines() == 0 ? removeStale(rejectsFile, messages) : null;
    report(result, output, messages, rejectsFile, staleRejects);
    return 0;
  }

  /** The first line of every rejects file ({@code ProblemLog.writeRejects}): how a file written by an earlier run is told from any other. */
  static final String REJECTS_HEADER = "file,line,column,value,reason,hint,source_row";

  /**
   * Refuses, before anything is read, a rejects file that would overwrite or remove what is not a rejects file: the
   * store, one of the files imported, or any other file that exists and does not begin as a rejects file does.
   */
  private void checkRejectsFile(Path rejectsFile, Path store, Messages messages) {
    List<Path> taken = new java.util.ArrayList<>(files);
    taken.add(store);
    for (Path other : taken) {
      if (Main.sameFile(rejectsFile, other)) {
        throw new InputException(messages.get("cli.import.rejects_is_input", rejectsFile, other));
      }
    }
    if (Files.isRegularFile(rejectsFile)) {
      String first;
      try (java.io.BufferedReader reader = Files.newBufferedReader(rejectsFile, java.nio.charset.StandardCharsets.UTF_8)) {
        first = reader.readLine();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        first = null;
      }
      if (!REJECTS_HEADER.equals(first)) {
        throw new InputException(messages.get("cli.import.rejects_not_ours", rejectsFile));
      }
    }
  }

  /** Removes a rejects file of an earlier run; what to tell about it, or null where there was none. */
  private static String removeStale(Path rejectsFile, Messages messages) {
    try {
      return Files.isRegularFile(rejectsFile) && Files.deleteIfExists(rejectsFile) ? messages.get("cli.import.rejects_removed", rejectsFile) : null;
    } catch (java.io.IOException e) {
      // the import is committed: say so rather than fail it
      return messages.get("cli.import.rejects_not_removed", rejectsFile, e.getMessage());
    }
  }

  private void report(ImportResult result, OutputFormat output, Messages messages, Path rejectsFile, String staleRejects) {
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("lines_read", result.linesRead());
      Map<String, Object> tables = new LinkedHashMap<>();
      result.tables().forEach((name, counts) -> tables.put(name, Map.of(
          "inserted", counts.inserted(), "updated", counts.updated(), "unchanged", counts.unchanged(), "conflicting", counts.conflicting(),
          "conflicting_keys", counts.conflictingKeys())));
      json.put("tables", tables);
      json.put("skipped_by_rule", result.skippedByRule());
      json.put("customers_created", result.customersCreated());
      json.put("rejected_lines", result.rejectedLines());
      json.put("problems", result.totalProblems());
      json.put("rejects_file", result.rejectedLines() > 0 ? rejectsFile.toString() : null);
      json.put("seconds", result.elapsed().toMillis() / 1000.0);
      Tables.json(out, json);
      if (staleRejects != null) {
        // (a note for people: standard output holds only the summary object)
        spec.commandLine().getErr().println(staleRejects);
        spec.commandLine().getErr().flush();
      }
      return;
    }
    PrintWriter notes = output == OutputFormat.CSV ? spec.commandLine().getErr() : out;
    notes.println(messages.get("cli.import.summary", result.linesRead(), result.elapsed().toMillis() / 1000.0, Math.round(result.linesPerSecond())));
    List<List<Object>> rows = new ArrayList<>();
    result.tables().forEach((name, counts) -> rows.add(List.of(name, counts.inserted(), counts.updated(), counts.unchanged(), counts.conflicting())));
    List<String> columns = List.of("table", "inserted", "updated", "unchanged", "conflicting");
    // a table for people takes the language's titles; CSV keeps the codes scripts read
    Tables.print(out, output, messages.locale(), output == OutputFormat.TABLE ? columns.stream().map(c -> messages.get("cli.import.column." + c)).toList() : columns, rows);
    result.skippedByRule().forEach((reason, count) -> notes.println(messages.get("cli.import.skipped", count, reason)));
    if (result.customersCreated() > 0) {
      notes.println(messages.get("cli.import.created", result.customersCreated()));
    }
    if (result.rejectedLines() > 0) {
      notes.println(messages.get("cli.import.rejected", result.rejectedLines(), rejectsFile));
    }
    if (staleRejects != null) {
      notes.println(staleRejects);
    }
    if (result.tables().values().stream().anyMatch(counts -> counts.conflicting() > 0)) {
      notes.println(messages.get("cli.import.conflicts"));
      result.tables().forEach((name, counts) -> {
        if (counts.conflicting() > 0) {
          String keys = String.join(", ", counts.conflictingKeys()) + (counts.conflicting() > counts.conflictingKeys().size() ? ", …" : "");
          notes.println("  " + messages.get("cli.import.conflicting_keys", name, counts.conflicting(), keys));
        }
      });
    }
    out.flush();
    notes.flush();
  }

  private static Character delimiterOf(String text, Messages messages) {
    return switch (text) {
      case "whitespace" -> SourceOptions.WHITESPACE;
      case "tab", "\\t", "\t" -> '\t';
      default -> {
        if (text.length() != 1) {
          throw new InputException(messages.get("cli.import.bad_delimiter", text));
        }
        if (text.equals("\n") || text.equals("\r")) {
          throw new InputException(messages.get("cli.import.delimiter_line_break"));
        }
        yield text.charAt(0);
      }
    };
  }

  /** The quote character of {@code --quote}: one character that is not a line break. */
  private static Character quoteOf(String text, Messages messages) {
    if (text.length() != 1) {
      throw new InputException(messages.get("cli.import.bad_quote", text));
    }
    if (text.equals("\n") || text.equals("\r")) {
      throw new InputException(messages.get("cli.import.quote_line_break"));
    }
    return text.charAt(0);
  }

  private static Charset charsetOf(String name, Messages messages) {
    try {
      return Charset.forName(name);
    } catch (RuntimeException e) {
      throw new InputException(messages.get("cli.import.bad_encoding", name));
    }
  }

  /** A progress bar on a terminal; nothing when output goes to a file or pipe. */
  static final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
      this.bar = bar;
    }

    static Progress start(String task, long max, PrintWriter err) {
      if (System.console() == null || max <= 0) {
        return new Progress(null);
      }
      return new Progress(new me.tongfei.progressbar.ProgressBarBuilder()
          .setTaskName(task).setInitialMax(max).setUnit(" MiB", 1 << 20).showSpeed().build());
    }

    void step(long amount) {
      if (bar != null) {
        bar.stepBy(amount);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
