package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WebTextTest {
  private static Properties bundle(String name) throws IOException {
    try (InputStream in = WebTextTest.class.getResourceAsStream("/dev/holdfast/web/" + name)) {
      Properties properties = new Properties();
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return properties;
    }
  }

  @Test
  void reasonsStoredByEarlierVersions_readAsTheCliReadsThem() {
    // scores stored by earlier versions phrased a missing average order as null, or as the text "null"
    dev.holdfast.store.customer.ChurnScores.Reason reason =
        new dev.holdfast.store.customer.ChurnScores.Reason("order_average", 0.2, "reason.order_average", java.util.Arrays.asList((Object) null));
    assertThat(ReasonText.of(reason, Locale.ENGLISH)).isEqualTo("average order n/a");
    assertThat(ReasonText.of(reason, Locale.forLanguageTag("ru"))).isEqualTo("средний заказ н/д");
    assertThat(ReasonText.of(new dev.holdfast.store.customer.ChurnScores.Reason("attribute:industry", 0.2, "reason.attribute",
        java.util.List.of("industry", "null")), Locale.ENGLISH)).isEqualTo("industry: not recorded");
    assertThat(ReasonText.of(new dev.holdfast.store.customer.ChurnScores.Reason("order_average", 0.2, "reason.order_average", java.util.List.of(12.5)),
        Locale.ENGLISH)).isEqualTo("average order 12.5");
    // the plan with its billing period as a code, as earlier versions stored it
    dev.holdfast.store.customer.ChurnScores.Reason plan =
        new dev.holdfast.store.customer.ChurnScores.Reason("plan", 0.3, "reason.plan", java.util.List.of("pro", "month"));
    assertThat(ReasonText.of(plan, Locale.ENGLISH)).isEqualTo("plan pro, billed monthly");
    assertThat(ReasonText.of(plan, Locale.forLanguageTag("ru"))).isEqualTo("тариф pro, оплата помесячно");
  }

  @Test
  void aKeyNoBundleKnows_showsTheSignalAndItsArguments() {
    // a score written by a newer version, whose phrase this one lacks, still says what drove it
    assertThat(ReasonText.of(new dev.holdfast.store.customer.ChurnScores.Reason("open_tickets", 0.12, "reason.not_in_any_bundle",
        java.util.List.of(3, 2.5)), Locale.ENGLISH)).isEqualTo("open_tickets (3, 2.5)");
    assertThat(ReasonText.of(new dev.holdfast.store.customer.ChurnScores.Reason("", 0.12, "reason.not_in_any_bundle", java.util.List.of()),
        Locale.ENGLISH)).isEqualTo("reason.not_in_any_bundle");
  }

  @Test
  void englishAndRussian_haveTheSameKeys() throws IOException {
    assertThat(new TreeSet<>(bundle("web_ru.properties").stringPropertyNames())).isEqualTo(new TreeSet<>(bundle("web.properties").stringPropertyNames()));
  }

  @Test
  void everyPattern_parsesAndTakesTheSameArgumentsInBothLanguages() throws IOException {
    Properties english = bundle("web.properties");
    Properties russian = bundle("web_ru.properties");
    Pattern argument = Pattern.compile("\\{(\\d+)\\}");
    for (String key : english.stringPropertyNames()) {
      new MessageFormat(english.getProperty(key), Locale.ENGLISH);
      new MessageFormat(russian.getProperty(key), Locale.forLanguageTag("ru"));
      assertThat(arguments(argument.matcher(russian.getProperty(key)))).as(key).isEqualTo(arguments(argument.matcher(english.getProperty(key))));
      assertThat(russian.getProperty(key)).as(key + " is translated").isNotBlank();
    }
  }

  @Test
  void everyKeyThePagesScriptAsksFor_isInTheBundle() throws IOException {
    String script = Assets.script();
    Properties english = bundle("web.properties");
    Matcher asked = Pattern.compile("\\bt\\('([a-z_.0-9-]+)'").matcher(script);
    Set<String> missing = new TreeSet<>();
    while (asked.find()) {
      // t('metric.' + field): a prefix, checked below by the fields it is completed with
      if (!asked.group(1).endsWith(".") && !english.containsKey(asked.group(1))) {
        missing.add(asked.group(1));
      }
    }
    assertThat(missing).isEmpty();
    // keys the script builds: metric names of the KPIs, movements, periods, pages
    for (MetricsView.Kpi kpi : MetricsView.KPIS) {
      assertThat(english).containsKey("metric." + kpi.field());
    }
    for (String field : TrendsView.DEFAULT_FIELDS) {
      assertThat(english).containsKey("metric." + field);
    }
    for (String movement : java.util.List.of("new", "expansion", "reactivation", "contraction", "churned", "billing_change")) {
      assertThat(english).containsKey("movement." + movement);
    }
    for (String period : java.util.List.of("day", "week", "month", "quarter", "year")) {
      assertThat(english).containsKey("period." + period);
    }
    for (Pages.Page page : Pages.NAVIGATION) {
      assertThat(english).containsKey(page.titleKey());
    }
  }

  @Test
  void text_isRussianForRussianAndEnglishOtherwise() {
    assertThat(WebText.of(Locale.forLanguageTag("ru-RU")).get("page.overview")).isEqualTo("Обзор");
    assertThat(WebText.of(Locale.GERMAN).get("page.overview")).isEqualTo("Overview");
    assertThat(WebText.of(Locale.ENGLISH).get("page.customer", "C1")).isEqualTo("Customer C1");
    assertThat(WebText.language("de")).isNull();
  }

  private static Set<String> arguments(Matcher matcher) {
    Set<String> found = new TreeSet<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
