package dev.holdfast.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReasonWordsTest {
  private static final Messages ENGLISH = Messages.of(Locale.ENGLISH);
  private static final Messages RUSSIAN = Messages.of(Locale.forLanguageTag("ru"));

  @Test
  void feature_namesTheCatalogueInWords_andEachEventTypesFeaturesByTheType() {
    assertThat(ReasonWords.feature(ENGLISH, "active_days_trend")).isEqualTo("change in active days");
    assertThat(ReasonWords.feature(RUSSIAN, "days_since_active")).isEqualTo("дней с последней активности");
    assertThat(ReasonWords.feature(ENGLISH, "payment_failed_per_active_day")).isEqualTo("payment_failed events per active day");
    assertThat(ReasonWords.feature(RUSSIAN, "login_trend")).isEqualTo("изменение событий login");
    assertThat(ReasonWords.feature(ENGLISH, "export_value")).isEqualTo("sum of export values");
    assertThat(ReasonWords.feature(ENGLISH, "attr_industry")).isEqualTo("attribute: industry");
    // an event type named like a message key is still an event type
    assertThat(ReasonWords.feature(ENGLISH, "event_count")).isEqualTo("event events");
    // a name the catalogue does not know stays as it is
    assertThat(ReasonWords.feature(ENGLISH, "custom")).isEqualTo("custom");
    assertThat(ReasonWords.feature(ENGLISH, "_count")).isEqualTo("_count");
  }
}
