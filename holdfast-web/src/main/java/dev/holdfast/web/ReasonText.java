package dev.holdfast.web;

import dev.holdfast.i18n.Messages;
import dev.holdfast.i18n.ReasonWords;
import dev.holdfast.store.customer.ChurnScores;
import java.util.Locale;

/** A churn reason for people, in the same words as the CLI's (see {@link ReasonWords}). */
final class ReasonText {
  private static final Messages ENGLISH = Messages.of(Locale.ENGLISH);
  private static final Messages RUSSIAN = Messages.of(Locale.forLanguageTag("ru"));

  private ReasonText() {}

  /** A health score's component (a feature of the churn rows) in words of the language. */
  static String feature(String name, Locale language) {
    return ReasonWords.feature(language.getLanguage().equals("ru") ? RUSSIAN : ENGLISH, name);
  }

  static String of(ChurnScores.Reason reason, Locale language) {
    return ReasonWords.text(language.getLanguage().equals("ru") ? RUSSIAN : ENGLISH, reason.signal(), reason.message(), reason.args());
  }
}
