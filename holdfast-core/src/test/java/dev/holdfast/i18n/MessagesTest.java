package dev.holdfast.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void everyMessage_existsInEnglishAndRussian() throws IOException {
    Properties english = load("/dev/holdfast/i18n/messages.properties");
    Properties russian = load("/dev/holdfast/i18n/messages_ru.properties");
    assertThat(russian.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
  }

  @Test
  void get_formatsArgumentsForTheLanguage() {
    assertThat(Messages.of(Locale.ENGLISH).get("import.failed", 1234, 2)).isEqualTo("nothing was imported: 1,234 bad lines (2 problems)");
    assertThat(Messages.of(Locale.forLanguageTag("ru")).get("import.failed", 1234, 2))
        .isEqualTo("ничего не импортировано: плохих строк 1\u00a0234 (проблем 2)");
    assertThat(Messages.of(Locale.ENGLISH).get("check.type.json.hint")).isEqualTo("give a JSON object such as {\"plan\": \"pro\"}");
  }

  @Test
  void aCountOfOne_isSingular() {
    Messages english = Messages.of(Locale.ENGLISH);
    assertThat(english.get("forecast.skip.small", 1, 30)).isEqualTo("only 1 customer (fewer than --min-customers 30)");
    assertThat(english.get("forecast.skip.small", 0, 30)).isEqualTo("only 0 customers (fewer than --min-customers 30)");
    assertThat(english.get("forecast.skip.small", 20, 30)).isEqualTo("only 20 customers (fewer than --min-customers 30)");
    assertThat(Messages.of(Locale.forLanguageTag("ru")).get("forecast.skip.small", 1, 30)).isEqualTo("клиентов всего: 1 (меньше --min-customers 30)");
  }

  @Test
  void aCount_choosesItsPluralForm_byTheLanguagesRules() {
    Messages english = Messages.of(Locale.ENGLISH);
    Messages russian = Messages.of(Locale.forLanguageTag("ru"));
    assertThat(english.get("status.finding.event_gaps", 1L)).startsWith("1 day without");
    assertThat(english.get("status.finding.event_gaps", 0L)).startsWith("0 days without");
    assertThat(english.get("status.finding.event_gaps", 21L)).startsWith("21 days without");
    // Russian: one for 1, 21, 101 (not 11); few for 2–4, 22–24 (not 12–14); many for the rest and few for a fraction
    for (long one : new long[] {1, 21, 101, 121}) {
      assertThat(russian.get("forecast.header", "2025-12-31", "месяц", one, "x")).as("%d", one).contains("прогноз на " + one + " период (");
    }
    for (long few : new long[] {2, 3, 4, 22, 104}) {
      assertThat(russian.get("forecast.header", "2025-12-31", "месяц", few, "x")).as("%d", few).contains("прогноз на " + few + " периода (");
    }
    for (long many : new long[] {0, 5, 11, 12, 14, 111, 25}) {
      assertThat(russian.get("forecast.header", "2025-12-31", "месяц", many, "x")).as("%d", many).contains("прогноз на " + many + " периодов (");
    }
    assertThat(russian.get("forecast.header", "2025-12-31", "месяц", 1.5, "x")).contains("1,5 периода (");
    assertThat(russian.get("churn.scored", 1L, "2025-12-31", "m", 0, 0, 1.0, "USD")).startsWith("Оценён 1 клиент на 2025-12-31");
    assertThat(russian.get("churn.scored", 1234L, "2025-12-31", "m", 0, 0, 1.0, "USD")).startsWith("Оценено 1\u00a0234 клиента на 2025-12-31");
  }

  @Test
  void getWithMissing_showsANullArgumentAsMissingWhateverItsFormat() {
    // reason.order_average formats {0} as a number; stores hold it with a null argument
    assertThat(Messages.of(Locale.ENGLISH).getWithMissing("reason.order_average", "n/a", (Object) null)).isEqualTo("average order n/a");
    assertThat(Messages.of(Locale.forLanguageTag("ru")).getWithMissing("reason.no_orders", "н/д", 84, null))
        .isEqualTo("нет заказов за последние 84 дн., последний н/д дн. назад");
    assertThat(Messages.of(Locale.ENGLISH).getWithMissing("reason.order_average", "n/a", 12.5)).isEqualTo("average order 12.5");
  }

  private static Properties load(String resource) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
