package dev.holdfast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.HoldfastException.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path folder;

  @Test
  void defaults_comeFromTheReferenceFile() {
    HoldfastConfig config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config.storePath()).isEqualTo(Path.of("holdfast.duckdb"));
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(config.currency()).isEqualTo("USD");
    assertThat(config.policies()).isEqualTo(new HoldfastConfig.Policies(7, 90, 365,
        HoldfastConfig.SamePeriodSignupCancel.COUNT, HoldfastConfig.Refunds.NET, 1.0));
    assertThat(config.importDefaults()).isEqualTo(new HoldfastConfig.ImportDefaults(HoldfastConfig.UnknownCustomers.REJECT, '.', List.of()));
    assertThat(config.locale()).isEqualTo(Locale.forLanguageTag("en"));
    assertThat(config.lockWaitSeconds()).isEqualTo(30);
    assertThat(ConfigLoader.load(null, Map.of("HOLDFAST_STORE_LOCK_WAIT_SECONDS", "0"), Map.of()).lockWaitSeconds()).isZero();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_STORE_LOCK_WAIT_SECONDS", "soon"), Map.of()))
        .hasMessageContaining("store.lock_wait_seconds").hasMessageContaining("is not a whole number of seconds");
  }

  @Test
  void layers_fileThenEnvironmentThenFlags_lastOneWins() throws IOException {
    Path file = folder.resolve("holdfast.properties");
    Files.writeString(file, "business.time_zone=Europe/Moscow\npolicy.gap_days=14\nbusiness.currency=RUB\n");
    HoldfastConfig config = ConfigLoader.load(file, Map.of("HOLDFAST_POLICY_GAP_DAYS", "21", "HOLDFAST_STORE_PATH", "/data/env.duckdb"),
        Map.of("store.path", "flag.duckdb"));
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("Europe/Moscow"));
    assertThat(config.currency()).isEqualTo("RUB");
    assertThat(config.policies().gapDays()).isEqualTo(21);
    assertThat(config.storePath()).isEqualTo(Path.of("flag.duckdb"));
  }

  @Test
  void aRelativeStorePathInAFile_isTakenFromTheFilesFolder_notFromTheCurrentOne() throws IOException {
    Path project = Files.createDirectories(folder.resolve("acme"));
    Path file = project.resolve("holdfast.properties");
    Files.writeString(file, "store.path=data/acme.duckdb\n");
    assertThat(ConfigLoader.load(file, Map.of(), Map.of()).storePath()).isEqualTo(project.toAbsolutePath().resolve("data/acme.duckdb"));
    Files.writeString(file, "store.path=/srv/holdfast/acme.duckdb\n");
    assertThat(ConfigLoader.load(file, Map.of(), Map.of()).storePath()).isEqualTo(Path.of("/srv/holdfast/acme.duckdb"));
    // the environment and --store are typed where the command runs: relative to the current folder
    Files.writeString(file, "store.path=data/acme.duckdb\n");
    assertThat(ConfigLoader.load(file, Map.of("HOLDFAST_STORE_PATH", "env.duckdb"), Map.of()).storePath()).isEqualTo(Path.of("env.duckdb"));
    assertThat(ConfigLoader.load(file, Map.of(), Map.of("store.path", "flag.duckdb")).storePath()).isEqualTo(Path.of("flag.duckdb"));
  }

  @Test
  void badValues_areNamedWithTheirSourceAndTheFix() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_POLICY_GAP_DAYS", "seven"), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("policy.gap_days = \"seven\" (from environment variable HOLDFAST_POLICY_GAP_DAYS) is not a whole number of days");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("business.time_zone", "Mars/Olympus")))
        .hasMessage("business.time_zone = \"Mars/Olympus\" (from flag for business.time_zone) is not a time zone id; use an IANA id such as Europe/Moscow or UTC");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_BUSINESS_CURRENCY", "rub"), Map.of()))
        .hasMessageContaining("is not an ISO 4217 currency code");
    // three capital letters that name no currency would be stamped on every imported row without one
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_BUSINESS_CURRENCY", "ABC"), Map.of()))
        .hasMessage("business.currency = \"ABC\" (from environment variable HOLDFAST_BUSINESS_CURRENCY) is not an ISO 4217 currency code;"
            + " use one such as USD, EUR or RUB");
    // a code DuckDB does not read is told at start, naming the key, not later as a mapping's failure on some file
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_IMPORT_TIMESTAMP_PATTERNS", "%d.%m.%Y|%Q"), Map.of()))
        .hasMessageStartingWith("import.timestamp_patterns = \"%d.%m.%Y|%Q\" (from environment variable HOLDFAST_IMPORT_TIMESTAMP_PATTERNS)"
            + " holds \"%Q\", which is not a strftime pattern such as %d.%m.%Y");
    assertThat(ConfigLoader.isTimestampPattern("%d.%m.%Y %H:%M")).isTrue();
    assertThat(ConfigLoader.isTimestampPattern("%-d/%-m/%y %I:%M %p")).isTrue();
    assertThat(ConfigLoader.isTimestampPattern("%Y%m%dT%H%M%S.%f%z")).isTrue();
    assertThat(ConfigLoader.isTimestampPattern("%d.%m.%")).isFalse();
    assertThat(ConfigLoader.isTimestampPattern("%-b %Y")).isFalse();
    assertThat(ConfigLoader.isTimestampPattern("100%%")).isFalse();
    assertThat(ConfigLoader.isTimestampPattern("dd.mm.yyyy")).isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_POLICY_REFUNDS", "sometimes"), Map.of()))
        .hasMessage("policy.refunds = \"sometimes\" (from environment variable HOLDFAST_POLICY_REFUNDS) is not one of net, ignore");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_POLICY_GROSS_MARGIN", "80%"), Map.of()))
        .hasMessage("policy.gross_margin = \"80%\" (from environment variable HOLDFAST_POLICY_GROSS_MARGIN) is not a fraction;"
            + " use a number above 0 and at most 1, such as 0.8");
    assertThat(ConfigLoader.load(null, Map.of("HOLDFAST_POLICY_GROSS_MARGIN", "0.8"), Map.of()).policies().grossMargin()).isEqualTo(0.8);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HOLDFAST_TRENDS_INDUSTRY_BANDS", "churn_rate:3"), Map.of()))
        .hasMessage("trends.industry_bands = \"churn_rate:3\" (from environment variable HOLDFAST_TRENDS_INDUSTRY_BANDS) holds \"churn_rate:3\","
            + " which is not FIELD:LOW:HIGH:SOURCE such as churn_rate:3:5:Industry report 2025");
    assertThat(ConfigLoader.load(null, Map.of("HOLDFAST_TRENDS_INDUSTRY_BANDS", "churn_rate:3:5:Report A|nps:30:50:Survey B"), Map.of()).industryBands())
        .containsExactly(new HoldfastConfig.IndustryBand("churn_rate", 3, 5, "Report A"), new HoldfastConfig.IndustryBand("nps", 30, 50, "Survey B"));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("churn.horizon_days", "0")))
        .hasMessage("churn.horizon_days = \"0\" (from flag for churn.horizon_days) is out of range; use a whole number of days from 1 to 3650");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("churn.observations", "0")))
        .hasMessage("churn.observations = \"0\" (from flag for churn.observations) is out of range; use a whole number of observation dates"
            + " from 1 to 3650");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("churn.observations", "many")))
        .hasMessage("churn.observations = \"many\" (from flag for churn.observations) is not a whole number of observation dates");
    Map<String, String> unknown = ConfigLoader.unknownVariables(Map.of("HOLDFAST_POLICY_GAPDAYS", "3", "HOLDFAST_POLICY_GAP_DAYS", "3",
        "HOLDFAST_TRACE", "1", "HOLDFAST_COLOUR", "red", "PATH", "/bin"));
    assertThat(unknown.keySet()).containsExactly("HOLDFAST_COLOUR", "HOLDFAST_POLICY_GAPDAYS");
    assertThat(unknown.get("HOLDFAST_POLICY_GAPDAYS")).isEqualTo("HOLDFAST_POLICY_GAP_DAYS");
    assertThat(unknown.get("HOLDFAST_COLOUR")).isNull();
    Path file = folder.resolve("typo.properties");
    Files.writeString(file, "policy.gapdays=3\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
        .hasMessageStartingWith(file + ": unknown key \"policy.gapdays\"; known keys: business.currency, business.time_zone,");
    assertThatThrownBy(() -> ConfigLoader.load(folder.resolve("missing.properties"), Map.of(), Map.of()))
        .hasMessage("configuration file " + folder.resolve("missing.properties") + " does not exist");
  }

  @Test
  void referenceFile_documentsEveryKeyWithAComment() throws IOException {
    List<String> lines;
    try (var in = ConfigLoader.class.getResourceAsStream("/dev/holdfast/config/reference.properties")) {
      lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
    for (String key : ConfigLoader.keys()) {
      int index = lines.indexOf(lines.stream().filter(line -> line.startsWith(key + "=")).findFirst().orElseThrow());
      assertThat(lines.get(index - 1)).as("comment above " + key).startsWith("#");
    }
  }
}
