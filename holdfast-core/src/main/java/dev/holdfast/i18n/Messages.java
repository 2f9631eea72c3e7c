package dev.holdfast.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** User-facing text in the user's language (English or Russian), from the {@code messages} bundles. */
public final class Messages {
  private static final String BUNDLE = "dev.holdfast.i18n.messages";

  private final Locale locale;
  private final ResourceBundle bundle;

  private Messages(Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Messages of(Locale locale) {
    return new Messages(locale.getLanguage().equals("ru") ? Locale.forLanguageTag("ru") : Locale.ROOT);
  }

  public Locale locale() {
    return locale;
  }

  /** Whether there is a text for {@code key}. */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }

  /** The text for {@code key} with {@code arguments} filled in; numbers are formatted for the language. */
  public String get(String key, Object... arguments) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message for key " + key + " in " + BUNDLE, e);
    }
    return new MessageFormat(pattern, locale.equals(Locale.ROOT) ? Locale.ENGLISH : locale).format(arguments);
  }
}
