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
