package dev.holdfast.web;

import dev.holdfast.store.customer.ChurnScores;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A churn reason for people: its message key looked up in the bundles that may define it (the core's, where the
 * phrases the scoring command writes live, then this module's) and filled with its arguments; a key none of them
 * knows shows the signal and the arguments, so that a reason is never lost for want of a translation.
 */
final class ReasonText {
  /** Bundles searched in order; one that is not on the class path is skipped. */
  static final List<String> BUNDLES = List.of("dev.holdfast.i18n.messages", "dev.holdfast.web.web");

  private static final Map<String, Object> LOADED = new ConcurrentHashMap<>();
  private static final Object MISSING = new Object();

  private ReasonText() {}

  static String of(ChurnScores.Reason reason, Locale language) {
    String key = reason.message();
    if (key != null) {
      for (String name : BUNDLES) {
        ResourceBundle bundle = bundle(name, language);
        if (bundle != null && bundle.containsKey(key)) {
          MessageFormat format = new MessageFormat(bundle.getString(key), language);
          Object[] args = reason.args().toArray();
          // scores stored by earlier versions can lack a value that the phrase formats as a number
          for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
              format.setFormatByArgumentIndex(i, null);
              args[i] = "—";
            }
          }
          return format.format(args);
        }
      }
    }
    String signal = reason.signal().isBlank() ? String.valueOf(key) : reason.signal();
    if (reason.args().isEmpty()) {
      return signal;
    }
    return signal + " (" + reason.args().stream().map(arg -> arg instanceof Number number
        ? java.text.NumberFormat.getNumberInstance(language).format(number) : String.valueOf(arg)).collect(Collectors.joining(", ")) + ")";
  }

  private static ResourceBundle bundle(String name, Locale language) {
    Locale locale = language.getLanguage().equals("ru") ? language : Locale.ROOT;
    Object bundle = LOADED.computeIfAbsent(name + "_" + locale.getLanguage(), key -> {
      try {
        return ResourceBundle.getBundle(name, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      } catch (MissingResourceException e) {
        return MISSING;
      }
    });
    return bundle == MISSING ? null : (ResourceBundle) bundle;
  }
}
