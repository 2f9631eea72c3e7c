package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.churn.ScoreText;
import dev.holdfast.store.features.FeatureSchema;
import dev.holdfast.store.features.FeatureTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reasons of one customer as people read them, from hand-made feature values and contributions: the phrase follows
 * the feature that drove the signal, says nothing the data does not show, counts days to the as-of date (features are
 * measured the day after), and leaves good news out; reasons stored by earlier versions still render.
 */
class ChurnReasonsTest {
  private static final Messages ENGLISH = Messages.of(Locale.ENGLISH);
  private static final Messages RUSSIAN = Messages.of(Locale.forLanguageTag("ru"));
  private static final Set<String> CATEGORICAL = Set.of("plan", "billing_period", "attr_industry");
  private static final Map<String, String> SIGNALS = new LinkedHashMap<>();

  static {
    SIGNALS.put("payment_failed_count", "event:payment_failed");
    SIGNALS.put("payment_failed_trend", "event:payment_failed");
    SIGNALS.put("login_count", "event:login");
    SIGNALS.put("login_trend", "event:login");
    SIGNALS.put("login_per_active_day", "event:login");
    SIGNALS.put("active_days", "activity");
    SIGNALS.put("active_days_trend", "activity");
    SIGNALS.put("days_since_active", "activity");
    SIGNALS.put("nps", "nps");
    SIGNALS.put("nps_days", "nps");
    SIGNALS.put("mrr", "mrr");
    SIGNALS.put("mrr_change", "mrr_change");
    SIGNALS.put("plan", "plan");
    SIGNALS.put("billing_period", "plan");
    SIGNALS.put("tenure_days", "tenure");
    SIGNALS.put("customer_days", "tenure");
    SIGNALS.put("orders", "orders");
    SIGNALS.put("days_since_order", "orders");
    SIGNALS.put("order_average", "order_average");
    SIGNALS.put("order_average_trend", "order_average");
    SIGNALS.put("attr_industry", "attribute:industry");
    SIGNALS.put("csat", "csat");
    SIGNALS.put("ces", "ces");
  }

  @Test
  void eventThatStopped_saysSoInsteadOfNoEvents_C0000944() {
    // 2 failures in the window before, none in the last: the risk came from the trend
    Map<String, Object> row = Map.of("payment_failed_count", 0.0, "payment_failed_trend", -1.0);
    Map<String, Double> contributions = Map.of("payment_failed_trend", 0.15, "payment_failed_count", 0.04);
    assertThat(reasons(row, contributions, ENGLISH)).containsExactly("payment_failed: none in the last 28 days, after some in the 28 days before");
    assertThat(reasons(row, contributions, RUSSIAN)).containsExactly("payment_failed: ни одного за последние 28 дн., а за 28 дн. до того были");
  }

  @Test
  void eventPhrase_followsTheFeatureThatDroveIt() {
    Map<String, Object> row = Map.of("login_count", 2.0, "login_trend", -4 / 6.0);
    assertThat(reasons(row, Map.of("login_trend", 0.3, "login_count", 0.1), ENGLISH)).containsExactly("login events down 67 % on the previous 4 weeks");
    assertThat(reasons(row, Map.of("login_trend", 0.1, "login_count", 0.3), ENGLISH)).containsExactly("2 login events in the last 28 days");
    assertThat(reasons(row, Map.of("login_trend", 0.1, "login_count", 0.3), RUSSIAN)).containsExactly("событий login за последние 28 дн.: 2");
    // a small change is still a change when the trend drove the risk; no change at all is said as such
    assertThat(reasons(Map.of("login_count", 10.0, "login_trend", 0.05), Map.of("login_trend", 0.2), ENGLISH))
        .containsExactly("login events up 5 % on the previous 4 weeks");
    assertThat(reasons(Map.of("login_count", 1.0, "login_trend", 0.0), Map.of("login_trend", 0.2), ENGLISH))
        .containsExactly("1 login event in the last 28 days, about as many as in the 28 days before");
    // new this window (the trend is missing when only the window before is empty)
    assertThat(reasons(Map.of("login_count", 3.0), Map.of("login_trend", 0.2), ENGLISH))
        .containsExactly("3 login events in the last 28 days, none in the 28 days before");
    assertThat(reasons(Map.of("login_count", 3.0), Map.of("login_trend", 0.2), RUSSIAN))
        .containsExactly("событий login за последние 28 дн.: 3, а за 28 дн. до того не было");
    // none in either window
    assertThat(reasons(Map.of("login_count", 0.0, "login_trend", 0.0), Map.of("login_count", 0.2), ENGLISH))
        .containsExactly("no login events in the last 56 days");
  }

  @Test
  void goodNews_isNotARiskReason() {
    // an NPS promoter and MRR up with positive contributions (a model quirk) are left out; the next signal takes the place
    Map<String, Object> row = Map.of("nps", 10.0, "nps_days", 17.0, "mrr", 120.0, "mrr_change", 20.0, "tenure_days", 347.0);
    Map<String, Double> contributions = Map.of("nps", 0.5, "mrr_change", 0.4, "tenure_days", 0.1);
    assertThat(reasons(row, contributions, ENGLISH)).containsExactly("customer for 346 days");
    // activity up on the window before, when the trend drove the contribution
    assertThat(reasons(Map.of("active_days", 20.0, "active_days_trend", 0.25, "days_since_active", 1.0), Map.of("active_days_trend", 0.3), ENGLISH))
        .isEmpty();
    // CES 5–7 is an easy experience (7 = very easy), CSAT 4–5 a satisfied customer; below that they are reasons
    assertThat(reasons(Map.of("ces", 6.0, "csat", 5.0), Map.of("ces", 0.3, "csat", 0.2), ENGLISH)).isEmpty();
    assertThat(reasons(Map.of("ces", 4.0, "csat", 3.0), Map.of("ces", 0.3, "csat", 0.2), ENGLISH))
        .containsExactly("effort score 4 of 7 (7 = very easy)", "CSAT 3 of 5");
    assertThat(reasons(Map.of("ces", 2.0), Map.of("ces", 0.3), RUSSIAN)).containsExactly("оценка усилий 2 из 7 (7 — очень легко)");
  }

  @Test
  void noOrders_isSaidOnce_byWhicheverSignalWeighsMore() {
    // no order in the window: the orders signal and the average order both say so; the stronger one is kept
    Map<String, Object> row = new java.util.HashMap<>(Map.of("orders", 0.0, "days_since_order", 90.0, "tenure_days", 400.0));
    row.put("order_average", null);
    assertThat(reasons(row, Map.of("orders", 0.3, "order_average", 0.2, "tenure_days", 0.1), ENGLISH))
        .containsExactly("no orders in the last 84 days, the last 89 days ago", "customer for 399 days");
    assertThat(reasons(row, Map.of("order_average", 0.3, "orders", 0.2), ENGLISH)).containsExactly("average order: no orders in the last 84 days");
  }

  @Test
  void countSignals_followTheWayTheModelWeighsThem() {
    // three customers: payment failures raise the risk (none weighs less than some), logins lower it (the second
    // customer's stopped logins weigh most); the third
    // customer's model credits "no failures" and "logins up" with risk, as tree contributions can through interactions
    List<String> features = List.of("payment_failed_count", "payment_failed_trend", "login_count", "login_trend", "tickets");
    double[][] values = {{3, Double.NaN, 2, -0.5, 2}, {0, 0, 0, -1, 0}, {0, -1, 30, 0.4, 0}};
    double[][] contributions = {{0.9, 0.1, 0.2, 0.4, 0.3}, {-0.1, 0, 0.3, 0.2, -0.1}, {0.2, 0.1, 0, 0.25, 0.05}};
    Map<String, String> signals = Map.of("payment_failed_count", "event:payment_failed", "payment_failed_trend", "event:payment_failed",
        "login_count", "event:login", "login_trend", "event:login", "tickets", "tickets");
    List<FeatureTable.Column> columns = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      double[] column = new double[values.length];
      for (int row = 0; row < values.length; row++) {
        column[row] = values[row][f];
      }
      columns.add(new FeatureTable.Column(features.get(f), signals.get(features.get(f)), column, null));
    }
    FeatureSchema schema = new FeatureSchema(List.of(new FeatureSchema.EventType("payment_failed", "payment_failed", false),
        new FeatureSchema.EventType("login", "login", false)), List.of());
    LocalDate day = LocalDate.of(2026, 1, 1);
    FeatureTable table = new FeatureTable(schema, new String[] {"C1", "C2", "C3"}, new LocalDate[] {day, day, day}, new int[3],
        new double[] {Double.NaN, Double.NaN, Double.NaN}, new double[] {Double.NaN, Double.NaN, Double.NaN}, columns);
    ChurnSupport.Reasons reasons = new ChurnSupport.Reasons(table, features, 28);
    // before the directions are known, the third customer reads as "no failures" and "logins up"
    assertThat(texts(reasons.json(2, contributions[2], 3))).containsExactly("payment_failed: none in the last 28 days, after some in the 28 days before",
        "login events up 40 % on the previous 4 weeks", "no tickets opened in the last 84 days");
    reasons.learnDirections(3, (row, feature) -> contributions[row][feature]);
    assertThat(texts(reasons.json(2, contributions[2], 3))).isEmpty();
    // what does raise the risk is still said
    assertThat(texts(reasons.json(0, contributions[0], 3))).containsExactly("3 payment_failed events in the last 28 days, none in the 28 days before",
        "login events down 50 % on the previous 4 weeks", "2 tickets opened in the last 84 days");
  }

  @Test
  void tenure_ofACustomerWhoCameBack_saysBoth() {
    assertThat(reasons(Map.of("tenure_days", 276.0, "customer_days", 709.0), Map.of("tenure_days", 0.3), ENGLISH))
        .containsExactly("the current active spell began 275 days ago (a customer for 708 days)");
    assertThat(reasons(Map.of("tenure_days", 276.0, "customer_days", 709.0), Map.of("tenure_days", 0.3), RUSSIAN))
        .containsExactly("текущий период активности начался 275 дн. назад (клиент 708 дн.)");
    // signed up a few days before the first start: still simply a customer for so long
    assertThat(reasons(Map.of("tenure_days", 276.0, "customer_days", 280.0), Map.of("tenure_days", 0.3), ENGLISH))
        .containsExactly("customer for 275 days");
  }

  private static List<String> texts(String stored) {
    List<String> texts = new ArrayList<>();
    for (JsonNode reason : ScoreCommand.json(ScoreText.reasons(stored, true))) {
      texts.add(ChurnSupport.text(ENGLISH, reason));
    }
    return texts;
  }

  @Test
  void signals_readInTheReadersLanguage() {
    assertThat(ChurnSupport.signal(RUSSIAN, "tenure")).isEqualTo("стаж");
    assertThat(ChurnSupport.signal(RUSSIAN, "event:payment_failed")).isEqualTo("события: payment_failed");
    assertThat(ChurnSupport.signal(ENGLISH, "attribute:industry")).isEqualTo("attribute: industry");
    assertThat(ChurnSupport.signal(ENGLISH, "mrr_change")).isEqualTo("MRR change");
    // a signal of a later version, unknown here, shows as it is
    assertThat(ChurnSupport.signal(ENGLISH, "future_signal")).isEqualTo("future_signal");
  }

  @Test
  void dayCounts_areToTheAsOfDate() {
    // features are measured on 2026-01-01 for as-of 2025-12-31: an NPS answer of 2025-12-15 is 17 days before that
    Map<String, Object> row = Map.of("nps", 4.0, "nps_days", 17.0, "tenure_days", 347.0, "active_days", 0.0, "days_since_active", 10.0);
    Map<String, Double> contributions = Map.of("nps", 0.5, "tenure_days", 0.2, "days_since_active", 0.3);
    assertThat(reasons(row, contributions, ENGLISH)).containsExactly("NPS 4, a detractor (16 days ago)", "no activity for 9 days", "customer for 346 days");
    assertThat(reasons(row, contributions, RUSSIAN)).containsExactly("NPS 4, критик (16 дн. назад)", "нет активности 9 дн.", "клиент 346 дн.");
    assertThat(reasons(Map.of("nps", 7.0, "nps_days", 1.0), Map.of("nps_days", 0.5), ENGLISH)).containsExactly("NPS 7, passive (today)");
    assertThat(reasons(Map.of("orders", 2.0, "days_since_order", 2.0), Map.of("days_since_order", 0.5), ENGLISH)).containsExactly("last order yesterday");
    // no active day in the window: how long, whichever activity feature drove it
    assertThat(reasons(Map.of("active_days", 0.0, "active_days_trend", -1.0, "days_since_active", 40.0), Map.of("active_days", 0.5), ENGLISH))
        .containsExactly("no activity for 39 days");
    assertThat(reasons(Map.of("active_days", 3.0, "active_days_trend", -0.5, "days_since_active", 2.0), Map.of("active_days_trend", 0.5), RUSSIAN))
        .containsExactly("активен 3 из последних 28 дн., на 50 % меньше дней, чем раньше");
  }

  @Test
  void missingValues_areNeverNumbers() {
    // no orders in the window: no average to phrase (this crashed at-risk on a mixed store)
    Map<String, Object> row = Map.of("orders", 0.0, "days_since_order", 88.0, "mrr_change", Double.NaN);
    Map<String, Double> contributions = Map.of("order_average", 0.5, "days_since_order", 0.4, "attr_industry", 0.1);
    // (the orders signal says "no orders" too, and is left out as saying the same: noOrders_isSaidOnce…)
    assertThat(reasons(row, contributions, ENGLISH)).containsExactly("average order: no orders in the last 84 days", "industry: not recorded");
    assertThat(reasons(row, contributions, RUSSIAN)).containsExactly("средний заказ: нет заказов за последние 84 дн.", "industry: не указано");
    // no subscription three windows ago: a new one, not "unchanged"
    assertThat(reasons(Map.of("mrr", 99.0), Map.of("mrr_change", 0.5), ENGLISH)).containsExactly("new subscription in the last 84 days, MRR 99");
    assertThat(reasons(Map.of("mrr", 99.0), Map.of("mrr_change", 0.5), RUSSIAN)).containsExactly("новая подписка за последние 84 дн., MRR 99");
    // a transactional customer: MRR and its change say the same once
    assertThat(reasons(Map.of(), Map.of("mrr_change", 0.5, "mrr", 0.4), ENGLISH)).containsExactly("no running subscription");
  }

  @Test
  void billingPeriod_isInTheReadersLanguage() {
    Map<String, Object> row = Map.of("plan", "business", "billing_period", "month");
    assertThat(reasons(row, Map.of("plan", 0.5), ENGLISH)).containsExactly("plan business, billed monthly");
    assertThat(reasons(row, Map.of("plan", 0.5), RUSSIAN)).containsExactly("тариф business, оплата помесячно");
  }

  @Test
  void storedReasons_withMissingValues_render() {
    // as stores written before this fix hold them
    assertThat(text("order_average", "reason.order_average", "[null]", ENGLISH)).isEqualTo("average order n/a");
    assertThat(text("order_average", "reason.order_average", "[null]", RUSSIAN)).isEqualTo("средний заказ н/д");
    assertThat(text("mrr", "reason.mrr_same", "[null,84]", ENGLISH)).isEqualTo("MRR n/a, unchanged in the last 84 days");
    assertThat(text("attribute:industry", "reason.attribute", "[\"industry\",\"null\"]", ENGLISH)).isEqualTo("industry: not recorded");
    assertThat(text("plan", "reason.plan", "[\"business\",\"month\"]", ENGLISH)).isEqualTo("plan business, billed monthly");
    assertThat(text("plan", "reason.plan", "[\"business\",\"month\"]", RUSSIAN)).isEqualTo("тариф business, оплата помесячно");
    assertThat(text("plan", "reason.plan", "[\"null\",\"null\"]", RUSSIAN)).isEqualTo("нет действующей подписки в валюте отчётов");
  }

  @Test
  void validationDesign_isInTheReadersLanguage() {
    assertThat(ChurnSupport.design(ENGLISH, "time-ordered, 1 newest groups, gap 28")).isEqualTo("time-ordered: the newest date, gap 28 days");
    assertThat(ChurnSupport.design(ENGLISH, "time-ordered, 3 newest groups, gap 28")).isEqualTo("time-ordered: the 3 newest dates, gap 28 days");
    assertThat(ChurnSupport.design(RUSSIAN, "time-ordered, 1 newest groups, gap 28")).isEqualTo("по времени: последняя дата, разрыв 28 дн.");
    assertThat(ChurnSupport.design(RUSSIAN, "time-ordered, 3 newest groups, gap 28")).isEqualTo("по времени: последние даты (3), разрыв 28 дн.");
    assertThat(ChurnSupport.design(RUSSIAN, "stratified 5-fold, seed 42")).isEqualTo("стратифицированная, частей: 5, зерно 42");
    assertThat(ChurnSupport.design(RUSSIAN, "stratified 3-fold, seed 42")).isEqualTo("стратифицированная, частей: 3, зерно 42");
    assertThat(ChurnSupport.band(RUSSIAN, "fair")).isEqualTo("среднее");
    assertThat(ChurnSupport.basis(RUSSIAN, "clv")).isEqualTo("прогноз CLV");
  }

  @Test
  void eventsPerActiveDay_arePhrasedAsARate_whenTheyDroveTheReason() {
    Map<String, Object> row = Map.of("login_count", 6.0, "login_trend", 0.0, "login_per_active_day", 1.5, "active_days", 4.0);
    Map<String, Double> contributions = Map.of("login_per_active_day", 0.3, "login_count", 0.05);
    assertThat(reasons(row, contributions, ENGLISH)).containsExactly("1.5 login events per active day in the last 28 days");
    assertThat(reasons(row, contributions, RUSSIAN)).containsExactly("событий login в активный день за последние 28 дн.: 1,5");
  }

  @Test
  void healthNumbers_takeNoActivityInEitherWindow_asAllActivityGone() {
    List<FeatureTable.Column> columns = List.of(
        new FeatureTable.Column("active_days", "activity", new double[] {0, 0, 5, Double.NaN}, null),
        new FeatureTable.Column("active_days_trend", "activity", new double[] {0, -1, 0, Double.NaN}, null));
    FeatureTable table = new FeatureTable(new FeatureSchema(List.of(), List.of()), new String[] {"dormant", "stopped", "steady", "unknown"},
        new LocalDate[4], new int[4], new double[4], new double[4], columns);
    assertThat(ChurnSupport.numbers(table).get("active_days_trend")).containsExactly(-1, -1, 0, Double.NaN);
    // the model's own column is left as it was
    assertThat(columns.get(1).numbers()).containsExactly(0, -1, 0, Double.NaN);
  }

  @Test
  void healthNumbers_ofDataWithoutAnyEvent_leaveActivityMissing() {
    // a snapshot such as Telco: no customer has an event at all, so activity is unknown, not none
    double none = Double.NaN;
    List<FeatureTable.Column> columns = List.of(
        new FeatureTable.Column("active_days", "activity", new double[] {0, 0}, null),
        new FeatureTable.Column("active_days_trend", "activity", new double[] {0, 0}, null),
        new FeatureTable.Column("days_since_active", "activity", new double[] {none, none}, null),
        new FeatureTable.Column("open_tickets", "open_tickets", new double[] {0, 2}, null),
        new FeatureTable.Column("poor_tickets", "ticket_satisfaction", new double[] {0, 0}, null));
    FeatureTable table = new FeatureTable(new FeatureSchema(List.of(), List.of()), new String[] {"a", "b"}, new LocalDate[2], new int[2],
        new double[2], new double[2], columns);
    Map<String, double[]> numbers = ChurnSupport.numbers(table);
    assertThat(numbers.get("active_days")).containsExactly(none, none);
    assertThat(numbers.get("active_days_trend")).containsExactly(none, none);
    assertThat(numbers.get("open_tickets")).containsExactly(0, 2);
    assertThat(numbers.get("poor_tickets")).containsExactly(0, 0);
    // and without any ticket (none open, none opened, no rating), "no open ticket" is unknown rather than good news
    List<FeatureTable.Column> ticketless = List.of(
        new FeatureTable.Column("open_tickets", "open_tickets", new double[] {0, 0}, null),
        new FeatureTable.Column("oldest_open_ticket_days", "open_tickets", new double[] {none, none}, null),
        new FeatureTable.Column("tickets", "tickets", new double[] {0, 0}, null),
        new FeatureTable.Column("poor_tickets", "ticket_satisfaction", new double[] {0, 0}, null),
        new FeatureTable.Column("ticket_satisfaction", "ticket_satisfaction", new double[] {none, none}, null));
    Map<String, double[]> support = ChurnSupport.numbers(new FeatureTable(new FeatureSchema(List.of(), List.of()), new String[] {"a", "b"},
        new LocalDate[2], new int[2], new double[2], new double[2], ticketless));
    assertThat(support.get("open_tickets")).containsExactly(none, none);
    assertThat(support.get("poor_tickets")).containsExactly(none, none);
    // one customer with an event anywhere makes activity known for everyone
    List<FeatureTable.Column> some = List.of(columns.get(0), columns.get(1),
        new FeatureTable.Column("days_since_active", "activity", new double[] {none, 40}, null));
    FeatureTable active = new FeatureTable(new FeatureSchema(List.of(), List.of()), new String[] {"a", "b"}, new LocalDate[2], new int[2],
        new double[2], new double[2], some);
    assertThat(ChurnSupport.numbers(active).get("active_days")).containsExactly(0, 0);
  }

  /** The reasons of a one-row table holding {@code values} (missing features are missing), as people read them. */
  private static List<String> reasons(Map<String, Object> values, Map<String, Double> contributions, Messages messages) {
    List<FeatureTable.Column> columns = new ArrayList<>();
    SIGNALS.forEach((feature, signal) -> {
      Object value = values.get(feature);
      columns.add(CATEGORICAL.contains(feature) ? new FeatureTable.Column(feature, signal, null, new String[] {(String) value})
          : new FeatureTable.Column(feature, signal, new double[] {value == null ? Double.NaN : (Double) value}, null));
    });
    FeatureSchema schema = new FeatureSchema(List.of(new FeatureSchema.EventType("payment_failed", "payment_failed", false),
        new FeatureSchema.EventType("login", "login", false)), List.of(new FeatureSchema.Attribute("industry", false)));
    FeatureTable table = new FeatureTable(schema, new String[] {"C1"}, new LocalDate[] {LocalDate.of(2026, 1, 1)}, new int[1],
        new double[] {Double.NaN}, new double[] {Double.NaN}, columns);
    List<String> features = List.copyOf(SIGNALS.keySet());
    double[] row = new double[features.size()];
    Map<String, Double> unknown = new HashMap<>(contributions);
    for (int f = 0; f < row.length; f++) {
      Double contribution = unknown.remove(features.get(f));
      row[f] = contribution == null ? 0 : contribution;
    }
    assertThat(unknown).as("contributions to features the test table lacks").isEmpty();
    String stored = new ChurnSupport.Reasons(table, features, 28).json(0, row, 3);
    List<String> texts = new ArrayList<>();
    for (JsonNode reason : ScoreCommand.json(ScoreText.reasons(stored, true))) {
      texts.add(ChurnSupport.text(messages, reason));
    }
    return texts;
  }

  private static String text(String signal, String key, String args, Messages messages) {
    JsonNode reason = ScoreCommand.json("{\"signal\":\"" + signal + "\",\"contribution\":0.1,\"message\":\"" + key + "\",\"args\":" + args + "}");
    return ChurnSupport.text(messages, reason);
  }
}
