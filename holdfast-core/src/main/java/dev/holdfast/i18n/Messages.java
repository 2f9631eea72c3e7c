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
    return new MessageFormat(pattern(key), locale.equals(Locale.ROOT) ? Locale.ENGLISH : locale).format(arguments);
  }

  /**
   * The text for {@code key} with {@code arguments} filled in, where a null argument is shown as {@code missing}
   * whatever its format: text stored by earlier versions can lack a value that its pattern formats as a number.
   */
  public String getWithMissing(String key, String missing, Object... arguments) {
    MessageFormat format = new MessageFormat(pattern(key), locale.equals(Locale.ROOT) ? Locale.ENGLISH : locale);
    Object[] filled = arguments.clone();
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == null) {
        format.setFormatByArgumentIndex(i, null);
        filled[i] = missing;
      }
    }
    return format.format(filled);
  }

  private String pattern(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message for key " + key + " in " + BUNDLE, e);
    }
  }
}
