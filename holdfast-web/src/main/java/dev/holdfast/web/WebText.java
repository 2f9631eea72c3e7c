package dev.holdfast.web;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The text of the pages, the report and the API's problems in one of the two languages (English or Russian),
 * from the {@code web} bundles; the pages' scripts get the whole bundle and format with the same patterns.
 */
final class WebText {
  static final List<String> LANGUAGES = List.of("en", "ru");
  private static final String BUNDLE = "dev.holdfast.web.web";
  private static final WebText ENGLISH = new WebText(Locale.ENGLISH);
  private static final WebText RUSSIAN = new WebText(Locale.forLanguageTag("ru"));

  private final Locale locale;
  private final ResourceBundle bundle;
  private final Map<String, String> all;

  private WebText(Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale.getLanguage().equals("ru") ? locale : Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    Map<String, String> texts = new TreeMap<>();
    for (String key : bundle.keySet()) {
      texts.put(key, bundle.getString(key));
    }
    this.all = Collections.unmodifiableMap(texts);
  }

  /** Russian for a Russian locale, English for any other. */
  static WebText of(Locale locale) {
    return locale.getLanguage().equals("ru") ? RUSSIAN : ENGLISH;
  }

  /** The language of a two-letter code, en or ru; null for any other. */
  static Locale language(String code) {
    return switch (code) {
      case "en" -> Locale.ENGLISH;
      case "ru" -> RUSSIAN.locale;
      default -> null;
    };
  }

  Locale locale() {
    return locale;
  }

  String code() {
    return locale.getLanguage();
  }

  boolean has(String key) {
    return all.containsKey(key);
  }

  /** The text for {@code key} with {@code arguments} filled in (java.text.MessageFormat). */
  String get(String key, Object... arguments) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no text for key " + key + " in " + BUNDLE + " (" + code() + ")", e);
    }
    return new MessageFormat(pattern, locale).format(arguments);
  }

  /** Every key and pattern, for the pages' scripts. */
  Map<String, String> all() {
    return all;
  }
}
