package dev.holdfast.app;

import dev.holdfast.HoldfastException;
import dev.holdfast.config.ConfigLoader;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.ingest.ImportFailedException;
import dev.holdfast.store.ingest.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code holdfast} command line: the composition root that wires configuration, store and commands. */
@Command(
    name = "holdfast",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    resourceBundle = "dev.holdfast.app.cli")
public final class Main implements Runnable {
  /** The commands, in the order the help lists them (added by {@link #commandLine}). */
  static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, ImportCommand.class, StatusCommand.class, MetricsCommand.class,
      CohortsCommand.class, SurvivalCommand.class, TrendsCommand.class, ReasonsCommand.class, ClvCommand.class, RetentionForecastCommand.class,
      TrainCommand.class, EvaluateCommand.class, ScoreCommand.class, ExplainCommand.class, AtRiskCommand.class, HealthCommand.class,
      ModelsCommand.class, ReportCommand.class, ServeCommand.class, CommandLine.HelpCommand.class);

  /** Exit code for bad data or configuration (the usage-error code of picocli is 2). */
  static final int EXIT_DATA = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static {
    // Flyway and the dashboard's server log through SLF4J: warnings only, unless asked otherwise
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
  }

  /** Runs one command line; the streams and environment are parameters so tests can run it in-process. */
  public static int execute(String[] given, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    String[] args = commandFirst(given);
    Locale.setDefault(Locale.Category.DISPLAY, languageOf(given, environment));
    Locale.setDefault(languageOf(given, environment));
    CommandLine commandLine = commandLine(args, new Factory(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    // -V of every command prints the version, as its help says
    for (CommandLine command : commandLine.getSubcommands().values()) {
      command.getCommandSpec().versionProvider(new Version());
    }
    Messages language = Messages.of(Locale.getDefault());
    // a misspelt variable would be ignored without a word, as a misspelt key in a file is not
    ConfigLoader.unknownVariables(environment).forEach((name, meant) -> err.println(meant != null
        ? language.get("config.unknown_variable_meant", name, meant) : language.get("config.unknown_variable", name)));
    // picocli's help command describes itself in English only
    CommandLine help = commandLine.getSubcommands().get("help");
    if (help != null) {
      help.getCommandSpec().usageMessage().header(language.get("cli.help_command")).description();
    }
    // a day that is no day is named as such, not as a failed conversion to a Java class
    commandLine.registerConverter(LocalDate.class, text -> {
      try {
        return LocalDate.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(language.get("cli.bad_date", text));
      }
    });
    // a mistyped command line gets one line in the reader's language and where to look, not the whole help
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      CommandLine failed = exception.getCommandLine();
      failed.getErr().println(language.get("cli.error", usageProblem(exception.getMessage(), language)));
      failed.getErr().println(language.get("cli.usage_hint", failed.getCommandSpec().qualifiedName()));
      return failed.getCommandSpec().exitCodeOnInvalidInput();
    });
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          boolean verbose = parseResult.expandedArgs().contains("--verbose");
          Messages messages = Messages.of(Locale.getDefault());
          if (exception instanceof ImportFailedException failed) {
            PrintWriter error = line.getErr();
            error.println(messages.get("cli.error", failed.getMessage()));
            List<Problem> problems = failed.firstProblems();
            for (Problem problem : problems) {
              error.println("  " + problem.describe(messages));
            }
            if (failed.totalProblems() > problems.size()) {
              error.println("  " + messages.get("cli.more_problems", failed.totalProblems() - problems.size()));
            }
            error.println(messages.get("cli.skip_hint"));
            return EXIT_DATA;
          }
          if (exception instanceof HoldfastException) {
            line.getErr().println(messages.get("cli.error", exception.getMessage()));
            if (verbose) {
              exception.printStackTrace(line.getErr());
            }
            return EXIT_DATA;
          }
          throw exception;
        });
    return commandLine.execute(args);
  }

  /**
   * The command line with the one command that {@code args} begin with, or with every command when they begin with
   * anything else (an option such as --help, a misspelt command that picocli then suggests the right one for, nothing).
   * picocli reads every option of every command it is given, and for all twenty that took 0.3 s of each run's start.
   */
  static CommandLine commandLine(String[] args, CommandLine.IFactory factory) {
    CommandLine commandLine = new CommandLine(new Main(), factory);
    String first = args.length == 0 ? "" : args[0];
    List<Class<?>> chosen = COMMANDS.stream().filter(command -> !first.equals("help") && name(command).equals(first)).toList();
    for (Class<?> command : chosen.isEmpty() ? COMMANDS : chosen) {
      commandLine.addSubcommand(name(command), new CommandLine(command, factory));
    }
    return commandLine;
  }

  /** The options of {@link StoreOptions} that take a value. */
  private static final List<String> SHARED_VALUED = List.of("--store", "--config", "--lang");

  /**
   * The arguments with the command first: the options every data command shares (--store, --config, --lang, --verbose)
   * may also come before it, as in {@code holdfast --lang ru at-risk}, and go after it for the command to read them.
   * Before anything else (help, --version, a misspelt command, an option no command shares) or with no command at all,
   * they are left out, so that picocli answers about what follows them: the language was taken from --lang already.
   */
  static String[] commandFirst(String[] args) {
    int at = 0;
    while (at < args.length) {
      String arg = args[at];
      if (SHARED_VALUED.contains(arg)) {
        at += 2;
      } else if (arg.equals("--verbose") || SHARED_VALUED.stream().anyMatch(option -> arg.startsWith(option + "="))) {
        at++;
      } else {
        break;
      }
    }
    if (at == 0) {
      return args;
    }
    if (at >= args.length) {
      // no command: the usage, in the language asked for, as for holdfast alone
      return new String[0];
    }
    String command = args[at];
    if (COMMANDS.stream().noneMatch(type -> name(type).equals(command)) || command.equals("help")) {
      // help, --version, a misspelt command or an option no command shares: the rest alone, for picocli to answer
      // about what it is (the language was read from --lang already, languageOf)
      return Arrays.copyOfRange(args, at, args.length);
    }
    String[] reordered = new String[args.length];
    reordered[0] = command;
    System.arraycopy(args, 0, reordered, 1, at);
    System.arraycopy(args, at + 1, reordered, at + 1, args.length - at - 1);
    return reordered;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** picocli's own words for the usual mistakes, in the reader's language; any other as picocli says it. */
  static String usageProblem(String message, Messages messages) {
    java.util.regex.Matcher matcher;
    if ((matcher = java.util.regex.Pattern.compile("^Invalid value for option '([^']+)'(?: \\([^)]*\\))?: (.*)$", java.util.regex.Pattern.DOTALL)
        .matcher(message)).matches()) {
      String option = matcher.group(1);
      String why = matcher.group(2);
      // picocli names the Java type a value did not convert to
      java.util.regex.Matcher number = java.util.regex.Pattern.compile("^'(.*)' is not an? (int|long|short|double|float)$", java.util.regex.Pattern.DOTALL)
          .matcher(why);
      if (number.matches()) {
        boolean whole = !number.group(2).equals("double") && !number.group(2).equals("float");
        why = messages.get(whole ? "cli.usage.not_whole" : "cli.usage.not_number", number.group(1));
      }
      return messages.get("cli.usage.invalid", option, why);
    }
    if ((matcher = java.util.regex.Pattern.compile("^Missing required parameter for option '([^']+)' \\(([^)]*)\\)$").matcher(message)).matches()) {
      return messages.get("cli.usage.missing_value", matcher.group(1), matcher.group(2));
    }
    if ((matcher = java.util.regex.Pattern.compile("^Expected parameter for option '([^']+)' but found '([^']*)'$").matcher(message)).matches()) {
      return messages.get("cli.usage.value_expected", matcher.group(1), matcher.group(2));
    }
    if ((matcher = java.util.regex.Pattern.compile("^Unmatched arguments? (?:at|from) index \\d+: (.*)$", java.util.regex.Pattern.DOTALL)
        .matcher(message)).matches()) {
      // the first is the one not understood: the rest may be fine options of a command it failed to name
      String first = matcher.group(1).split("', '", 2)[0];
      return messages.get("cli.usage.unmatched", first.endsWith("'") ? first : first + "'");
    }
    if ((matcher = java.util.regex.Pattern.compile("^Unknown subcommand '([^']*)'\\.?$").matcher(message)).matches()) {
      return messages.get("cli.usage.unknown_command", matcher.group(1));
    }
    if ((matcher = java.util.regex.Pattern.compile("^Unknown options?: (.*)$", java.util.regex.Pattern.DOTALL).matcher(message)).matches()) {
      return messages.get("cli.usage.unknown", matcher.group(1));
    }
    if ((matcher = java.util.regex.Pattern.compile("^Missing required (?:parameters?|options?)(?: for [^:]+)?: (.*)$", java.util.regex.Pattern.DOTALL)
        .matcher(message)).matches()) {
      return messages.get("cli.usage.missing", matcher.group(1));
    }
    return message;
  }

  private static Locale languageOf(String[] args, Map<String, String> environment) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--lang") && i + 1 < args.length) {
        return Locale.forLanguageTag(args[i + 1]);
      }
      if (args[i].startsWith("--lang=")) {
        return Locale.forLanguageTag(args[i].substring("--lang=".length()));
      }
    }
    String configured = environment.get("HOLDFAST_LOCALE");
    if (configured == null) {
      try {
        configured = ConfigLoader.load(configFlag(args), environment, Map.of()).locale().getLanguage();
      } catch (HoldfastException e) {
        configured = "en"; // the command itself reports the bad configuration
      }
    }
    return configured.startsWith("ru") ? Locale.forLanguageTag("ru") : Locale.ENGLISH;
  }

  private static Path configFlag(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  /** Options every data command takes: the store, the configuration file, the language, verbosity. */
  static final class StoreOptions {
    @Option(names = "--store", paramLabel = "FILE", descriptionKey = "option.store")
    Path store;

    @Option(names = "--config", paramLabel = "FILE", descriptionKey = "option.config")
    Path config;

    @Option(names = "--lang", paramLabel = "en|ru", descriptionKey = "option.lang")
    String language;

    @Option(names = "--verbose", descriptionKey = "option.verbose")
    boolean verbose;

    /**
     * The configuration of a command that reads a store: a store file that does not exist is an error (a mistyped
     * --store would otherwise become a new empty store that every report calls clean).
     */
    HoldfastConfig load(Map<String, String> environment) {
      HoldfastConfig config = loadCreating(environment);
      if (!java.nio.file.Files.exists(config.storePath())) {
        throw new HoldfastException.InputException(Messages.of(config.locale()).get("cli.store_missing", config.storePath()));
      }
      return config;
    }

    /**
     * Refuses an output file that is the store or its write-ahead log: writing a report or scores there would destroy
     * the store (the file is replaced before anything could notice).
     */
    static void refuseStoreAsOutput(String option, Path out, HoldfastConfig config, Messages messages) {
      Path store = config.storePath();
      for (Path taken : List.of(store, store.resolveSibling(store.getFileName() + ".wal"))) {
        if (sameFile(out, taken)) {
          throw new HoldfastException.InputException(messages.get("cli.out_is_store", option, out, store));
        }
      }
    }

    /** The configuration of a command that may create the store (import, demo). */
    HoldfastConfig loadCreating(Map<String, String> environment) {
      Map<String, String> flags = new HashMap<>();
      if (store != null) {
        flags.put("store.path", store.toString());
      }
      if (language != null) {
        flags.put("locale", language);
      }
      return ConfigLoader.load(config, environment, flags);
    }
  }

  /** Whether two paths name one file: the same file where both exist, else the same absolute path. */
  static boolean sameFile(Path one, Path other) {
    try {
      return java.nio.file.Files.exists(one) && java.nio.file.Files.exists(other) ? java.nio.file.Files.isSameFile(one, other)
          : one.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
    } catch (java.io.IOException e) {
      return one.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
    }
  }

  /** Creates commands with the process environment and clock they need. */
  static final class Factory implements CommandLine.IFactory {
    private final Map<String, String> environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(Map<String, String> environment) {
      this.environment = environment;
    }

    /** Every command that needs the environment and a clock, by class. */
    private static final Map<Class<?>, java.util.function.BiFunction<Map<String, String>, Clock, Object>> COMMANDS = Map.ofEntries(
        Map.entry(DemoCommand.class, DemoCommand::new),
        Map.entry(ImportCommand.class, ImportCommand::new),
        Map.entry(StatusCommand.class, StatusCommand::new),
        Map.entry(MetricsCommand.class, MetricsCommand::new),
        Map.entry(CohortsCommand.class, CohortsCommand::new),
        Map.entry(SurvivalCommand.class, SurvivalCommand::new),
        Map.entry(TrendsCommand.class, TrendsCommand::new),
        Map.entry(ReasonsCommand.class, ReasonsCommand::new),
        Map.entry(ClvCommand.class, ClvCommand::new),
        Map.entry(RetentionForecastCommand.class, RetentionForecastCommand::new),
        Map.entry(TrainCommand.class, TrainCommand::new),
        Map.entry(EvaluateCommand.class, EvaluateCommand::new),
        Map.entry(ScoreCommand.class, ScoreCommand::new),
        Map.entry(ExplainCommand.class, ExplainCommand::new),
        Map.entry(AtRiskCommand.class, AtRiskCommand::new),
        Map.entry(HealthCommand.class, HealthCommand::new),
        Map.entry(ModelsCommand.class, ModelsCommand::new),
        Map.entry(ReportCommand.class, ReportCommand::new),
        Map.entry(ServeCommand.class, ServeCommand::new));

    @Override
    public <K> K create(Class<K> type) throws Exception {
      var command = COMMANDS.get(type);
      return command != null ? type.cast(command.apply(environment, Clock.systemUTC())) : fallback.create(type);
    }
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"holdfast " + (version == null ? "development" : version)};
    }
  }
}
