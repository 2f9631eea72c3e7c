package dev.holdfast.i18n;

import dev.holdfast.model.BillingPeriod;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A stored churn reason as people read it, the same in the CLI, the dashboard and the API: its message key filled
 * with its arguments in the reader's language. Reasons stored by earlier versions are read as today's: a missing
 * value (JSON null, or the text "null") shows as missing and is never formatted as a number, {@code reason.plan}
 * with a known billing period reads as that period's own phrase, and an attribute without a value as such. A key
 * the bundles do not know shows the signal and the arguments, so that a reason is never lost for want of a phrase.
 */
public final class ReasonWords {
  /** A message key with its arguments. */
  public record Phrase(String key, List<Object> args) {}

  /** The billing periods that have a phrase of their own (reason.plan_CODE). */
  private static final Set<String> BILLING_PERIODS = Arrays.stream(BillingPeriod.values()).map(BillingPeriod::code)
      .collect(Collectors.toSet());

  private ReasonWords() {}

  /** The phrase of a plan and its billing period (either may be unknown: null). */
  public static Phrase plan(String plan, String period) {
    if (plan == null) {
      return new Phrase("reason.plan_none", List.of());
    }
    if (period == null) {
      return new Phrase("reason.plan_no_period", List.of(plan));
    }
    return BILLING_PERIODS.contains(period) ? new Phrase("reason.plan_" + period, List.of(plan))
        : new Phrase("reason.plan", List.of(plan, period));
  }

  /** The endings of the features made for each event type ({@code login_count}), longest first. */
  private static final List<String> EVENT_FEATURES = List.of("_per_active_day", "_count", "_trend", "_value");

  /**
   * A feature of the churn rows (a health score's component, such as {@code active_days} or {@code login_trend}) in
   * words of the messages' language; a name the catalogue does not know (docs/features.md) as it is.
   */
  public static String feature(Messages messages, String name) {
    if (name == null) {
      return null;
    }
    if (messages.has("feature." + name) && !name.startsWith("event_") && !name.equals("attribute")) {
      return messages.get("feature." + name);
    }
    if (name.startsWith("attr_") && name.length() > 5) {
      return messages.get("feature.attribute", name.substring(5));
    }
    for (String ending : EVENT_FEATURES) {
      if (name.endsWith(ending) && name.length() > ending.length()) {
        return messages.get("feature.event" + ending, name.substring(0, name.length() - ending.length()));
      }
    }
    return name;
  }

  /** The reason of {@code signal} stored as {@code key} and {@code stored} arguments, in the messages' language. */
  public static String text(Messages messages, String signal, String key, List<?> stored) {
    List<Object> args = new ArrayList<>();
    for (Object arg : stored) {
      args.add(arg == null || "null".equals(arg) ? null : arg);
    }
    if ("reason.plan".equals(key) && args.size() == 2) {
      Phrase phrase = plan(text(args.get(0)), text(args.get(1)));
      key = phrase.key();
      args = new ArrayList<>(phrase.args());
    } else if ("reason.attribute".equals(key) && args.size() == 2 && args.get(1) == null) {
      key = "reason.attribute_none";
      args = args.subList(0, 1);
    }
    if (key != null && messages.has(key)) {
      return messages.getWithMissing(key, messages.get("reason.missing"), args.toArray());
    }
    String name = signal == null || signal.isBlank() ? String.valueOf(key) : signal;
    if (args.isEmpty()) {
      return name;
    }
    NumberFormat numbers = NumberFormat.getNumberInstance(messages.locale().getLanguage().isEmpty()
        ? java.util.Locale.ENGLISH : messages.locale());
    return name + " (" + args.stream().map(arg -> arg == null ? messages.get("reason.missing")
        : arg instanceof Number number ? numbers.format(number) : arg.toString()).collect(Collectors.joining(", ")) + ")";
  }

  private static String text(Object arg) {
    return arg == null ? null : arg.toString();
  }
}
