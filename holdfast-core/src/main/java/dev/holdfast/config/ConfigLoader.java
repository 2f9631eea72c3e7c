package dev.holdfast.config;

import dev.holdfast.HoldfastException.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configuration in layers — reference file, user file, environment, flags — and validates
 * it once into a {@link HoldfastConfig}.
 */
public final class ConfigLoader {
  private static final String REFERENCE = "/dev/holdfast/config/reference.properties";

  private final dev.holdfast.i18n.Messages messages = dev.holdfast.i18n.Messages.of(Locale.getDefault());
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param userFile the user's file, or null to use HOLDFAST_CONFIG or ./holdfast.properties if present
   * @param environment the process environment (injected so tests can pass their own)
   * @param flags overrides from command-line flags, keyed like the file
   */
  public static HoldfastConfig load(Path userFile, Map<String, String> environment, Map<String, String> flags) {
    ConfigLoader loader = new ConfigLoader();
    loader.readReference();
    Path file = userFile;
    if (file == null && environment.get("HOLDFAST_CONFIG") != null) {
      file = Path.of(environment.get("HOLDFAST_CONFIG"));
    }
    if (file == null && Files.isRegularFile(Path.of("holdfast.properties"))) {
      file = Path.of("holdfast.properties");
    }
    if (file != null) {
      loader.readUserFile(file);
    }
    for (String key : List.copyOf(loader.values.keySet())) {
      String variable = "HOLDFAST_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
      if (environment.containsKey(variable)) {
        loader.put(key, environment.get(variable), loader.messages.get("config.source.environment", variable));
      }
    }
    flags.forEach((key, value) -> loader.put(key, value, loader.messages.get("config.source.flag", key)));
    return loader.validate();
  }

  /**
   * Whether {@code code} is an ISO 4217 currency code that Java knows (as the importer checks the currencies of files):
   * three capital letters alone would let "ABC" be stamped on every imported row.
   */
  public static boolean isCurrency(String code) {
    if (code == null || !code.matches("[A-Z]{3}")) {
      return false;
    }
    try {
      java.util.Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The strftime codes DuckDB's strptime reads (checked one by one on DuckDB 1.4/2.0), with {@code -} before those in NO_PAD. */
  private static final String CODES = "abcdfghjmnpuwxyzABGHIMSTUVWXYZ%";
  private static final String NO_PAD = "djmyHIMS";

  /**
   * Whether {@code pattern} is a strftime pattern for reading timestamps: at least one code, and every {@code %} the
   * start of one that DuckDB reads ({@code %Q} would fail every import later, blaming the file).
   */
  public static boolean isTimestampPattern(String pattern) {
    boolean code = false;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) != '%') {
        continue;
      }
      boolean noPad = i + 1 < pattern.length() && pattern.charAt(i + 1) == '-';
      int at = noPad ? i + 2 : i + 1;
      if (at >= pattern.length() || (noPad ? NO_PAD : CODES).indexOf(pattern.charAt(at)) < 0) {
        return false;
      }
      code |= pattern.charAt(at) != '%';
      i = at;
    }
    return code;
  }

  /** The environment variables of Holdfast that name no configuration key: the launcher's and the test run's. */
  private static final Set<String> OTHER_VARIABLES = Set.of("HOLDFAST_CONFIG", "HOLDFAST_TRACE", "HOLDFAST_JAVA_OPTS", "HOLDFAST_DATA",
      "HOLDFAST_REQUIRE_BROWSER", "HOLDFAST_REQUIRE_DATA");

  /**
   * The variables of {@code environment} that start with {@code HOLDFAST_} but name no key (a misspelt one would
   * otherwise be ignored without a word), each with the key's variable it most likely meant (the same letters without
   * the underscores), or null.
   */
  public static Map<String, String> unknownVariables(Map<String, String> environment) {
    if (environment.keySet().stream().noneMatch(name -> name.startsWith("HOLDFAST_"))) {
      return Map.of();
    }
    Map<String, String> variables = new java.util.TreeMap<>();
    for (String key : keys()) {
      variables.put("HOLDFAST_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), key);
    }
    Map<String, String> unknown = new java.util.TreeMap<>();
    for (String name : environment.keySet()) {
      if (name.startsWith("HOLDFAST_") && !variables.containsKey(name) && !OTHER_VARIABLES.contains(name)) {
        String letters = name.toUpperCase(Locale.ROOT).replace("_", "");
        unknown.put(name, variables.keySet().stream().filter(known -> known.replace("_", "").equals(letters)).findFirst().orElse(null));
      }
    }
    return unknown;
  }

  /** The keys the reference file defines, for documentation and tests. */
  public static Set<String> keys() {
    ConfigLoader loader = new ConfigLoader();
    loader.readReference();
    return new TreeSet<>(loader.values.keySet());
  }

  private void readReference() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(REFERENCE)) {
      Properties properties = new Properties();
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      properties.stringPropertyNames().stream()
          .sorted()
          .forEach(key -> put(key, properties.getProperty(key), messages.get("config.source.reference")));
    } catch (IOException e) {
      throw new IllegalStateException("the reference configuration is missing from the build", e);
    }
  }

  private void readUserFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(messages.get("config.file_missing", file));
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigurationException(messages.get("config.file_unreadable", file, e.getMessage()));
    }
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!values.containsKey(key)) {
        throw new ConfigurationException(
            messages.get("config.unknown_key", file, key, String.join(", ", new TreeSet<>(values.keySet()))));
      }
      String value = properties.getProperty(key);
      if (key.equals("store.path") && !value.isBlank()) {
        // a file names its store from where the file lies, not from wherever a command happens to run
        try {
          value = file.toAbsolutePath().getParent().resolve(value.strip()).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
          // left as written: the check of store.path names it
        }
      }
      put(key, value, file.toString());
    }
  }

  private void put(String key, String value, String source) {
    values.put(key, value == null ? "" : value.strip());
    sources.put(key, source);
  }

  private HoldfastConfig validate() {
    Path store = Path.of(required("store.path"));
    String memory = required("store.memory_limit");
    if (!memory.matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
      throw invalid("store.memory_limit", messages.get("config.memory"));
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(required("business.time_zone"));
    } catch (DateTimeException e) {
      throw invalid("business.time_zone", messages.get("config.time_zone"));
    }
    String currency = required("business.currency");
    if (!isCurrency(currency)) {
      throw invalid("business.currency", messages.get("config.currency"));
    }
    String language = required("locale");
    if (!language.equals("en") && !language.equals("ru")) {
      throw invalid("locale", messages.get("config.locale"));
    }
    HoldfastConfig.Policies policies =
        new HoldfastConfig.Policies(
            days("policy.gap_days"),
            days("policy.inactivity_days"),
            days("policy.reactivation_window_days"),
            choice("policy.same_period_signup_cancel", HoldfastConfig.SamePeriodSignupCancel.class),
            choice("policy.refunds", HoldfastConfig.Refunds.class),
            fraction("policy.gross_margin"));
    String separator = required("import.decimal_separator");
    if (!separator.equals(".") && !separator.equals(",")) {
      throw invalid("import.decimal_separator", messages.get("config.decimal_separator"));
    }
    String patterns = values.getOrDefault("import.timestamp_patterns", "");
    List<String> patternList = new ArrayList<>();
    for (String pattern : patterns.isBlank() ? new String[0] : patterns.split("\\|")) {
      if (!isTimestampPattern(pattern)) {
        throw invalid("import.timestamp_patterns", messages.get("config.pattern", pattern));
      }
      patternList.add(pattern.strip());
    }
    HoldfastConfig.ImportDefaults importDefaults =
        new HoldfastConfig.ImportDefaults(
            choice("import.unknown_customers", HoldfastConfig.UnknownCustomers.class),
            separator.charAt(0),
            patternList);
    List<HoldfastConfig.IndustryBand> bands = new ArrayList<>();
    String bandList = values.getOrDefault("trends.industry_bands", "");
    for (String band : bandList.isBlank() ? new String[0] : bandList.split("\\|")) {
      String[] parts = band.strip().split(":", 4);
      try {
        bands.add(new HoldfastConfig.IndustryBand(parts[0].strip(), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), parts[3].strip()));
      } catch (RuntimeException e) {
        throw invalid("trends.industry_bands", messages.get("config.band", band.strip()));
      }
    }
    List<HoldfastConfig.HealthComponent> components = new ArrayList<>();
    for (String component : required("health.components").split("\\|")) {
      String[] parts = component.strip().split(":");
      try {
        components.add(new HoldfastConfig.HealthComponent(parts[0].strip(), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
            Double.parseDouble(parts[3])));
      } catch (RuntimeException e) {
        throw invalid("health.components", messages.get("config.health_component", component.strip()));
      }
    }
    String[] bandLimits = required("health.bands").split(",");
    double poorBelow;
    double goodFrom;
    try {
      poorBelow = Double.parseDouble(bandLimits[0].strip());
      goodFrom = Double.parseDouble(bandLimits[1].strip());
    } catch (RuntimeException e) {
      throw invalid("health.bands", messages.get("config.health_bands"));
    }
    if (bandLimits.length != 2 || !(0 <= poorBelow && poorBelow <= goodFrom && goodFrom <= 100)) {
      throw invalid("health.bands", messages.get("config.health_bands"));
    }
    String model = required("churn.model");
    if (!model.equals("xgboost") && !model.equals("logistic")) {
      throw invalid("churn.model", messages.get("config.churn_model"));
    }
    long seed;
    try {
      seed = Long.parseLong(required("churn.seed"));
    } catch (NumberFormatException e) {
      throw invalid("churn.seed", messages.get("config.churn_seed"));
    }
    int window = days("churn.window_days");
    int horizon = days("churn.horizon_days");
    int observations = observations("churn.observations");
    if (window < 1) {
      throw invalid("churn.window_days", messages.get("config.days_positive"));
    }
    if (horizon < 1) {
      throw invalid("churn.horizon_days", messages.get("config.days_positive"));
    }
    long maxRows;
    try {
      maxRows = Long.parseLong(required("churn.max_training_rows"));
    } catch (NumberFormatException e) {
      maxRows = -1;
    }
    if (maxRows < 1000) {
      throw invalid("churn.max_training_rows", messages.get("config.max_rows"));
    }
    HoldfastConfig.Churn churn = new HoldfastConfig.Churn(window, horizon, days("churn.lead_days"), observations, maxRows, seed, model,
        components, poorBelow, goodFrom);
    int lockWait = whole("store.lock_wait_seconds", 0, "config.lock_wait_range", "config.lock_wait");
    return new HoldfastConfig(store, memory, zone, currency, Locale.forLanguageTag(language), policies, importDefaults, bands, churn, lockWait);
  }

  private String required(String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new ConfigurationException(messages.get("config.empty", key, sources.get(key)));
    }
    return value;
  }

  private double fraction(String key) {
    String value = required(key);
    try {
      double fraction = Double.parseDouble(value);
      if (fraction > 0 && fraction <= 1) {
        return fraction;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, messages.get("config.fraction"));
  }

  private int days(String key) {
    return whole(key, 0, "config.days_range", "config.days");
  }

  /** A count of observation dates, 1 to 3,650. */
  private int observations(String key) {
    return whole(key, 1, "config.observations_range", "config.observations");
  }

  /** A whole number from {@code min} to 3,650, else the message {@code outOfRange} or {@code notWhole}. */
  private int whole(String key, int min, String outOfRange, String notWhole) {
    String value = required(key);
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > 3650) {
        throw invalid(key, messages.get(outOfRange));
      }
      return number;
    } catch (NumberFormatException e) {
      throw invalid(key, messages.get(notWhole));
    }
  }

  private <E extends Enum<E>> E choice(String key, Class<E> type) {
    String value = required(key);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw invalid(key, messages.get("config.choice",
        String.join(", ", Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList())));
  }

  private ConfigurationException invalid(String key, String problem) {
    return new ConfigurationException(messages.get("config.invalid", key, values.get(key), sources.get(key), problem));
  }
}
