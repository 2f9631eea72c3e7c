package dev.holdfast.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing text in the user's language (English or Russian), from the {@code messages} bundles.
 *
 * <p>Besides {@link MessageFormat}'s syntax a pattern may choose a word by a count, {@code {N,plural,FORMS}}, with
 * the forms separated by {@code |}: English {@code one|other} ("{0} {0,plural,day|days}"), Russian {@code
 * one|few|many} by the CLDR rules (one: n mod 10 = 1 except 11; few: n mod 10 in 2–4 except 12–14; many: the rest,
 * and few for a fraction): "{0} {0,plural,клиент|клиента|клиентов}". The forms hold no braces, and an apostrophe in
 * them is doubled as anywhere else in a pattern.
 */
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

  /**
   * A value the data stores as a code (a churn type, a movement, an RFM segment: {@code group} "churn_type",
   * "movement", "kind", "rfm") in words of the language, or the code itself where it has none (a cancellation reason
   * the user's data chose) or is null.
   */
  public String code(String group, Object code) {
    if (code == null) {
      return null;
    }
    String key = "code." + group + "." + code;
    return has(key) ? get(key) : code.toString();
  }

  /** The text for {@code key} with {@code arguments} filled in; numbers are formatted for the language. */
  public String get(String key, Object... arguments) {
    return new MessageFormat(plurals(pattern(key), arguments), locale.equals(Locale.ROOT) ? Locale.ENGLISH : locale).format(arguments);
  }

  /**
   * The text for {@code key} with {@code arguments} filled in, where a null argument is shown as {@code missing}
   * whatever its format: text stored by earlier versions can lack a value that its pattern formats as a number.
   */
  public String getWithMissing(String key, String missing, Object... arguments) {
    MessageFormat format = new MessageFormat(plurals(pattern(key), arguments), locale.equals(Locale.ROOT) ? Locale.ENGLISH : locale);
    Object[] filled = arguments.clone();
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == null) {
        format.setFormatByArgumentIndex(i, null);
        filled[i] = missing;
      }
    }
    return format.format(filled);
  }

  private static final java.util.regex.Pattern PLURAL = java.util.regex.Pattern.compile("\\{(\\d+),plural,([^{}]*)}");

  /** The pattern with each {@code {N,plural,FORMS}} replaced by the form argument N asks for; a form is pattern text, quoted as the rest. */
  private String plurals(String pattern, Object[] arguments) {
    java.util.regex.Matcher matcher = PLURAL.matcher(pattern);
    StringBuilder chosen = new StringBuilder();
    while (matcher.find()) {
      int index = Integer.parseInt(matcher.group(1));
      String[] forms = matcher.group(2).split("\\|", -1);
      Object argument = index < arguments.length ? arguments[index] : null;
      String form = argument instanceof Number number ? forms[Math.min(forms.length - 1, plural(number))] : forms[forms.length - 1];
      matcher.appendReplacement(chosen, java.util.regex.Matcher.quoteReplacement(form));
    }
    matcher.appendTail(chosen);
    return chosen.toString();
  }

  /** Which form a count takes: 0 one, 1 other (English) or few (Russian), 2 many (Russian). */
  private int plural(Number count) {
    double value = Math.abs(count.doubleValue());
    boolean whole = value == Math.rint(value);
    if (!locale.getLanguage().equals("ru")) {
      return whole && value == 1 ? 0 : 1;
    }
    if (!whole) {
      return 1;
    }
    long n = (long) value;
    if (n % 10 == 1 && n % 100 != 11) {
      return 0;
    }
    return n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;
  }

  private String pattern(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message for key " + key + " in " + BUNDLE, e);
    }
  }
}
