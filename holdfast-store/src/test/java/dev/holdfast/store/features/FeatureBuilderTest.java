package dev.holdfast.store.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import dev.holdfast.store.retention.RetentionMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Churn rows on a hand-built store in Moscow time (UTC+3): the features of a date see only what happened before
 * that business day began, whatever is planted on it or after it; labels come only from known outcomes.
 */
class FeatureBuilderTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-06-30");

  @TempDir Path folder;
  private DuckDbStore store;
  private RetentionMetrics metrics;

  @BeforeEach
  void buildStore() {
    HoldfastConfig config = TestStores.config(folder.resolve("f.duckdb"), Map.of("business.time_zone", "Europe/Moscow"));
    store = DuckDbStore.open(config);
    metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    TestStores.execute(store, """
        INSERT INTO customers (id, created, plan, country, channel, attributes) VALUES
          ('A', TIMESTAMPTZ '2025-01-01 09:00:00+03', 'pro', 'RU', 'organic', '{"size":"11-50","seats":"12"}'),
          ('B', TIMESTAMPTZ '2025-01-15 09:00:00+03', 'basic', 'DE', 'social', '{"size":"1-10","seats":"3"}'),
          ('C', TIMESTAMPTZ '2025-02-01 09:00:00+03', 'basic', 'FR', 'social', NULL)""");
    TestStores.execute(store, """
        INSERT INTO subscriptions VALUES
          ('A1', 'A', 'pro', 99, 'USD', 'month', DATE '2025-01-01', NULL, NULL, NULL),
          ('B1', 'B', 'basic', 29, 'USD', 'month', DATE '2025-01-15', DATE '2025-06-20', 'price', 'voluntary'),
          ('C1', 'C', 'basic', 29, 'USD', 'month', DATE '2025-02-01', DATE '2025-05-30', 'product', 'voluntary')""");
    // A's logins: 1 May (window before 6 May), 20 May and 2 June (the window before 3 June); then planted ones:
    // 22:30 UTC on 2 June is 01:30 on 3 June in Moscow, on the observation date; 10 June is after it
    TestStores.execute(store, """
        INSERT INTO events VALUES
          (1, 'A', NULL, TIMESTAMPTZ '2025-05-01 12:00:00+03', 'login', 1, NULL),
          (2, 'A', NULL, TIMESTAMPTZ '2025-05-20 12:00:00+03', 'login', 1, NULL),
          (3, 'A', NULL, TIMESTAMPTZ '2025-06-02 12:00:00+03', 'login', 1, NULL),
          (4, 'A', NULL, TIMESTAMPTZ '2025-06-02 22:30:00+00', 'login', 1, NULL),
          (5, 'A', NULL, TIMESTAMPTZ '2025-06-10 12:00:00+03', 'login', 1, NULL),
          (6, 'B', NULL, TIMESTAMPTZ '2025-04-20 12:00:00+03', 'login', 1, NULL)""");
    // a ticket opened before 3 June and closed after it is open then; one opened on 3 June is not seen
    TestStores.execute(store, """
        INSERT INTO tickets VALUES
          ('T1', 'A', TIMESTAMPTZ '2025-05-30 10:00:00+03', TIMESTAMPTZ '2025-06-05 10:00:00+03', 'closed', 'normal', 'bug', 1),
          ('T2', 'A', TIMESTAMPTZ '2025-06-03 09:00:00+03', NULL, 'open', 'high', 'bug', NULL)""");
    TestStores.execute(store, """
        INSERT INTO surveys VALUES
          ('S1', 'A', 'nps', 9, NULL, TIMESTAMPTZ '2025-04-01 10:00:00+03'),
          ('S2', 'A', 'nps', 3, 'slow', TIMESTAMPTZ '2025-06-03 00:10:00+03')""");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private FeatureTable build(FeatureBuilder.Design design) {
    RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, AS_OF.minusYears(1), AS_OF, AS_OF, List.of(), null, "USD");
    return new FeatureBuilder(store, metrics).build(query, design, null);
  }

  private static double value(FeatureTable table, String feature, String customer, LocalDate date) {
    for (int i = 0; i < table.rows(); i++) {
      if (table.customerIds()[i].equals(customer) && table.dates()[i].equals(date)) {
        return table.column(feature).numbers()[i];
      }
    }
    throw new AssertionError("no row for " + customer + " at " + date);
  }

  @Test
  void training_featuresSeeOnlyThePast_andLabelsTheKnownOutcome() {
    // the latest date with a known 28-day outcome by 30 June is 3 June; one window earlier, 6 May
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 2, false));
    LocalDate june3 = LocalDate.parse("2025-06-03");
    LocalDate may6 = LocalDate.parse("2025-05-06");
    assertThat(table.rows()).isEqualTo(5); // A and B on both dates, C (gone on 30 May) on 6 May only
    // 3 June: logins of 20 May and 2 June only (the one at 01:30 on 3 June Moscow time and the one on 10 June are not seen)
    assertThat(value(table, "login_count", "A", june3)).isEqualTo(2);
    assertThat(value(table, "login_trend", "A", june3)).isEqualTo(1.0); // 2 against 1 in the window before: +100 %
    assertThat(value(table, "active_days", "A", june3)).isEqualTo(2);
    assertThat(value(table, "days_since_active", "A", june3)).isEqualTo(1);
    assertThat(value(table, "open_tickets", "A", june3)).isEqualTo(1);
    assertThat(value(table, "oldest_open_ticket_days", "A", june3)).isEqualTo(4);
    assertThat(value(table, "tickets", "A", june3)).isEqualTo(1);
    assertThat(value(table, "ticket_satisfaction", "A", june3)).isNaN(); // rated when closed, on 5 June
    assertThat(value(table, "nps", "A", june3)).isEqualTo(9); // the NPS 3 of 3 June is not seen yet
    assertThat(value(table, "nps_days", "A", june3)).isEqualTo(63); // answered on 1 April
    assertThat(value(table, "csat_days", "A", june3)).isNaN(); // never answered
    assertThat(value(table, "login_per_active_day", "A", june3)).isEqualTo(1.0); // 2 logins on 2 active days
    assertThat(value(table, "login_per_active_day", "B", june3)).isNaN(); // no active day in the window
    assertThat(value(table, "mrr", "A", june3)).isEqualTo(99);
    assertThat(value(table, "attr_seats", "A", june3)).isEqualTo(12);
    // 6 May: only the login of 1 May
    assertThat(value(table, "login_count", "A", may6)).isEqualTo(1);
    assertThat(value(table, "login_trend", "A", may6)).isNaN(); // none in the window before: no ratio
    assertThat(value(table, "days_since_active", "A", may6)).isEqualTo(5);
    assertThat(value(table, "open_tickets", "A", may6)).isZero();
    // B leaves on 20 June, within 28 days of 3 June but not of 6 May; C leaves on 30 May, within 28 days of 6 May
    assertThat(label(table, "B", june3)).isEqualTo(1);
    assertThat(label(table, "B", may6)).isEqualTo(0);
    assertThat(label(table, "C", may6)).isEqualTo(1);
    assertThat(label(table, "A", june3)).isEqualTo(0);
    assertThat(value(table, "days_since_active", "B", june3)).isEqualTo(44); // 20 April
    assertThat(table.column("attr_size").categories()).contains("11-50", "1-10");
  }

  @Test
  void categoricalFeatures_areTheirRowsOwnValues() {
    // the levels are read before the features, from the customers with rows and from the subscriptions: X, whose
    // subscription ended before both dates, has no row, and its yearly billing period is a level no row has, which
    // must not shift any row's value
    TestStores.execute(store, """
        INSERT INTO customers (id, created, plan, country, channel, attributes) VALUES
          ('X', TIMESTAMPTZ '2025-01-01 09:00:00+03', 'enterprise', 'AU', 'partner', '{"size":"1000+"}')""");
    TestStores.execute(store, """
        INSERT INTO subscriptions VALUES ('X1', 'X', 'enterprise', 900, 'USD', 'year', DATE '2025-01-01', DATE '2025-02-01', NULL, NULL)""");
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 2, false));
    LocalDate june3 = LocalDate.parse("2025-06-03");
    assertThat(table.customerIds()).doesNotContain("X");
    assertThat(category(table, "country", "A", june3)).isEqualTo("RU");
    assertThat(category(table, "country", "B", june3)).isEqualTo("DE");
    assertThat(category(table, "channel", "B", june3)).isEqualTo("social");
    assertThat(category(table, "customer_plan", "A", june3)).isEqualTo("pro");
    assertThat(category(table, "plan", "B", june3)).isEqualTo("basic");
    assertThat(category(table, "billing_period", "A", june3)).isEqualTo("month");
    assertThat(category(table, "attr_size", "A", june3)).isEqualTo("11-50");
    assertThat(category(table, "attr_size", "B", june3)).isEqualTo("1-10");
    assertThat(category(table, "attr_size", "C", LocalDate.parse("2025-05-06"))).isNull();
  }

  private static String category(FeatureTable table, String feature, String customer, LocalDate date) {
    for (int i = 0; i < table.rows(); i++) {
      if (table.customerIds()[i].equals(customer) && table.dates()[i].equals(date)) {
        return table.column(feature).categories()[i];
      }
    }
    throw new AssertionError("no row for " + customer + " at " + date);
  }

  @Test
  void leadGap_dropsCustomersWhoLeaveWithinIt() {
    // with a 7-day lead the latest date is 27 May; C leaves on 30 May, within the gap: no row for C then
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 7, 1, false));
    assertThat(table.dates()).containsOnly(LocalDate.parse("2025-05-27"));
    assertThat(table.customerIds()).containsExactly("A", "B");
    assertThat(table.labels()).containsExactly(0, 1); // B leaves on 20 June: from 3 June to 1 July
  }

  @Test
  void longWindows_countActiveDaysInABitString_forScoringAndTraining() {
    // 90-day windows have more days than a 64-bit set holds; the 90 days before 1 July hold A's logins of 1 May,
    // 20 May, 2 June, 3 June (01:30 Moscow time) and 10 June, each on its own day
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 90, 28, 0, 1, true));
    LocalDate july1 = LocalDate.parse("2025-07-01");
    assertThat(value(table, "active_days", "A", july1)).isEqualTo(5);
    assertThat(value(table, "login_count", "A", july1)).isEqualTo(5);
    assertThat(value(table, "days_since_active", "A", july1)).isEqualTo(21);
    // training rows take the other form of the events pass (one group per customer and window): on 3 June the 90
    // days before hold 1 May, 20 May and 2 June
    FeatureTable training = build(new FeatureBuilder.Design(AS_OF, 90, 28, 0, 2, false));
    LocalDate june3 = LocalDate.parse("2025-06-03");
    assertThat(value(training, "active_days", "A", june3)).isEqualTo(3);
    assertThat(value(training, "login_count", "A", june3)).isEqualTo(3);
  }

  /** A customer of {@code store} created at 09:00 (the store's zone) on {@code day}, on a running monthly plan since then. */
  private static void subscriber(DuckDbStore store, String id, String day) {
    TestStores.execute(store, "INSERT INTO customers (id, created, plan, country, channel, attributes) VALUES ('" + id + "',"
        + " CAST(TIMESTAMP '" + day + " 09:00:00' AS TIMESTAMPTZ), 'pro', 'DE', 'organic', NULL)");
    TestStores.execute(store, "INSERT INTO subscriptions VALUES ('" + id + "1', '" + id + "', 'pro', 99, 'USD', 'month', DATE '" + day
        + "', NULL, NULL, NULL)");
  }

  @Test
  void activeDays_followTheBusinessDay_acrossTheEndOfSummerTime() {
    // Berlin leaves summer time (UTC+2) for winter time (UTC+1) on 26 October 2025. A login at 00:30 on 23 October
    // (22:30 UTC on the 22nd) and one at noon on 19 November are two active days of the 28 before 20 November; read
    // with November's offset, the first would fall on 22 October, 28 days before the second, and share its day
    HoldfastConfig config = TestStores.config(folder.resolve("berlin.duckdb"), Map.of("business.time_zone", "Europe/Berlin"));
    try (DuckDbStore berlin = DuckDbStore.open(config)) {
      subscriber(berlin, "D", "2025-01-01");
      TestStores.execute(berlin, """
          INSERT INTO events VALUES
            (1, 'D', NULL, TIMESTAMPTZ '2025-10-22 22:30:00+00', 'login', 1, NULL),
            (2, 'D', NULL, TIMESTAMPTZ '2025-11-19 11:00:00+00', 'login', 1, NULL),
            (3, 'D', NULL, TIMESTAMPTZ '2025-09-26 00:30:00+02', 'login', 1, NULL),
            (4, 'D', NULL, TIMESTAMPTZ '2025-10-22 12:00:00+02', 'login', 1, NULL)""");
      RetentionMetrics berlinMetrics = new RetentionMetrics(berlin, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
      LocalDate november20 = LocalDate.parse("2025-11-20");
      // scoring as of 19 November (one date) and training whose latest date is 20 November (several dates)
      for (FeatureBuilder.Design design : List.of(new FeatureBuilder.Design(LocalDate.parse("2025-11-19"), 28, 28, 0, 1, true),
          new FeatureBuilder.Design(LocalDate.parse("2025-12-17"), 28, 28, 0, 2, false))) {
        RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, design.asOf().minusYears(1), design.asOf(),
            design.asOf(), List.of(), null, "USD");
        FeatureTable table = new FeatureBuilder(berlin, berlinMetrics).build(query, design, null);
        assertThat(value(table, "login_count", "D", november20)).as("scoring %s", design.scoring()).isEqualTo(2);
        assertThat(value(table, "active_days", "D", november20)).as("scoring %s", design.scoring()).isEqualTo(2);
        // the window before (25 September to 22 October): 26 September at 00:30 and 22 October, two days
        assertThat(value(table, "active_days_trend", "D", november20)).as("scoring %s", design.scoring()).isEqualTo(0);
      }
    }
  }

  @Test
  void activeDays_ofBothWindows_countEveryDayOnce_atEveryWindowLength() {
    // F is active every day of the window before and every other day of the last one: a day of either window, and
    // the days a window apart (the same bit of a day set), each count once in their own window, whichever form the
    // day sets take (one set of 64 bits for both windows up to 32 days, a set each up to 64, bit strings beyond)
    HoldfastConfig config = TestStores.config(folder.resolve("days.duckdb"), Map.of());
    try (DuckDbStore days = DuckDbStore.open(config)) {
      subscriber(days, "F", "2024-01-01");
      LocalDate july1 = AS_OF.plusDays(1);
      RetentionMetrics daysMetrics = new RetentionMetrics(days, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
      for (int window : new int[] {28, 31, 32, 33, 45, 64, 65, 90}) {
        // the last window: the odd days back from 1 July; the window before: every day. Two events a day (the second
        // an hour later), so that a day's bit is set twice
        TestStores.execute(days, "DELETE FROM events");
        TestStores.execute(days, "INSERT INTO events SELECT 2 * k + h, 'F', NULL, CAST(DATE '2025-07-01' - CAST(k AS INTEGER) AS TIMESTAMPTZ)"
            + " + INTERVAL 12 HOUR + h * INTERVAL 1 HOUR, 'login', 1, NULL FROM range(1, " + (2 * window + 1) + ") r(k), range(0, 2) s(h)"
            + " WHERE k > " + window + " OR k % 2 = 1");
        FeatureBuilder.Design design = new FeatureBuilder.Design(AS_OF, window, 28, 0, 1, true);
        RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, AS_OF.minusYears(1), AS_OF, AS_OF, List.of(), null, "USD");
        FeatureTable table = new FeatureBuilder(days, daysMetrics).build(query, design, null);
        int now = (window + 1) / 2;
        assertThat(value(table, "active_days", "F", july1)).as("%d-day windows", window).isEqualTo(now);
        assertThat(value(table, "login_count", "F", july1)).as("%d-day windows", window).isEqualTo(2 * now);
        assertThat(value(table, "active_days_trend", "F", july1)).as("%d-day windows", window)
            .isEqualTo(FeatureBuilder.trend(now, window));
      }
    }
  }

  @Test
  void scoring_seesEverythingUpToTheAsOfDate_andHasNoLabel() {
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 12, true));
    assertThat(table.customerIds()).containsExactly("A"); // B and C have left
    assertThat(table.dates()).containsOnly(LocalDate.parse("2025-07-01"));
    assertThat(table.labels()[0]).isNaN();
    // 3 June (01:30) and 10 June are in the 28 days before 1 July; 2 June and 20 May in the window before
    assertThat(value(table, "login_count", "A", LocalDate.parse("2025-07-01"))).isEqualTo(2);
    assertThat(value(table, "nps", "A", LocalDate.parse("2025-07-01"))).isEqualTo(3);
  }

  @Test
  void everyFeature_hasWordsInBothLanguages_forTheHealthTables() {
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 12, true));
    assertThat(table.columns()).isNotEmpty();
    dev.holdfast.i18n.Messages english = dev.holdfast.i18n.Messages.of(java.util.Locale.ENGLISH);
    dev.holdfast.i18n.Messages russian = dev.holdfast.i18n.Messages.of(java.util.Locale.forLanguageTag("ru"));
    for (FeatureTable.Column column : table.columns()) {
      // a feature the catalogue did not know would stay as its name in Russian too
      assertThat(dev.holdfast.i18n.ReasonWords.feature(russian, column.name())).as(column.name()).isNotEqualTo(column.name()).doesNotContain("{");
      assertThat(dev.holdfast.i18n.ReasonWords.feature(english, column.name())).as(column.name()).doesNotContain("{", "_days", "_trend");
    }
  }

  @Test
  void oneDate_withUsageAsOneRowPerCustomer_givesTheFeaturesThatDateHasAmongSeveral() {
    // a single date (as when scoring) takes the other form of the events pass and of its joins (usage_packed,
    // usage_joins_wide); training rows at the latest labelled date, alone and with two dates before it. The two
    // windows' active days are one set of bits up to 32 days, two sets of 64 bits up to 64 days, bit strings beyond
    for (int window : new int[] {28, 32, 33, 45, 64, 90}) {
      FeatureTable single = build(new FeatureBuilder.Design(AS_OF, window, 28, 0, 1, false));
      sameFeatures(single, build(new FeatureBuilder.Design(AS_OF, window, 28, 0, 3, false)), window);
    }
  }

  @Test
  void aCountThatWouldSpillIntoTheNextSlot_isCountedAgainOnePerNumber() {
    // with 1 bit per count a customer with 2 or more events in the two windows could spill into the next count (A has
    // 2 logins in the last window): the pass is made again with one count per number, and gives what the several
    // dates' pass gives
    int bits = FeatureBuilder.packedBits;
    FeatureBuilder.packedBits = 1;
    try {
      FeatureTable single = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 1, false));
      assertThat(value(single, "login_count", "A", single.dates()[0])).isEqualTo(2);
      sameFeatures(single, build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 3, false)), 28);
    } finally {
      FeatureBuilder.packedBits = bits;
    }
  }

  @Test
  void packedCounts_takeTheirSlotsOutOfTheirNumbers() {
    // six types: 12 counts, three 21-bit slots to a number: the 8th count (type 1 in the window before) is slot 1 of w2
    FeatureSchema schema = new FeatureSchema(java.util.stream.IntStream.range(0, 6)
        .mapToObj(i -> new FeatureSchema.EventType("t" + i, "t" + i, i == 0)).toList(), List.of());
    String sql = FeatureBuilder.packed("{pair_words}|{value_sums}|{pair_counts}", schema, 21);
    assertThat(sql).contains(" AS w3").doesNotContain(" AS w4")
        .contains("CAST((w2 >> 21) & 2097151 AS DOUBLE) AS e1_nb")
        .contains("CAST(v0 AS DOUBLE) AS e0_v").contains("CAST(NULL AS DOUBLE) AS e1_v");
    assertThat(FeatureBuilder.packed("{pair_counts}", schema, 63)).contains("CAST(w7 AS DOUBLE) AS e1_nb").doesNotContain(">>");
  }

  private void sameFeatures(FeatureTable single, FeatureTable several, int window) {
    LocalDate date = single.dates()[0];
    assertThat(single.dates()).containsOnly(date);
    // (with 90-day windows the store's customers were not yet active at the earliest date)
    assertThat(several.dates()).contains(date, date.minusDays(window));
    assertThat(single.rows()).isPositive();
    assertThat(several.columns()).extracting(FeatureTable.Column::name)
        .containsExactlyElementsOf(single.columns().stream().map(FeatureTable.Column::name).toList());
    int compared = 0;
    for (int row = 0; row < single.rows(); row++) {
      String customer = single.customerIds()[row];
      int other = -1;
      for (int k = 0; k < several.rows(); k++) {
        if (several.customerIds()[k].equals(customer) && several.dates()[k].equals(date)) {
          other = k;
        }
      }
      assertThat(other).as("%s on %s among several dates", customer, date).isNotNegative();
      assertThat(several.labels()[other]).isEqualTo(single.labels()[row]);
      for (int c = 0; c < single.columns().size(); c++) {
        FeatureTable.Column column = single.columns().get(c);
        FeatureTable.Column same = several.columns().get(c);
        if (column.categorical()) {
          assertThat(same.categories()[other]).as("%s of %s, %d-day windows", column.name(), customer, window)
              .isEqualTo(column.categories()[row]);
        } else {
          // (boxed, so that two missing values are equal)
          assertThat(Double.valueOf(same.numbers()[other])).as("%s of %s, %d-day windows", column.name(), customer, window)
              .isEqualTo(Double.valueOf(column.numbers()[row]));
        }
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(20);
    assertThat(value(single, "login_count", "A", date)).isPositive();
    assertThat(value(single, "days_since_active", "A", date)).isNotNaN();
  }

  @Test
  void scoring_findsTheLastActivityOfACustomerSilentInBothWindows() {
    // D's only login was on 1 March, long before the two windows before 1 July (from 6 May): scoring looks for the last
    // activity of such customers alone, and finds the same day as training's pass over every customer
    TestStores.execute(store, """
        INSERT INTO customers (id, created, plan) VALUES ('D', TIMESTAMPTZ '2025-01-01 09:00:00+03', 'basic')""");
    TestStores.execute(store, """
        INSERT INTO subscriptions VALUES ('D1', 'D', 'basic', 29, 'USD', 'month', DATE '2025-01-01', NULL, NULL, NULL)""");
    TestStores.execute(store, """
        INSERT INTO events VALUES (100, 'D', NULL, TIMESTAMPTZ '2025-03-01 12:00:00+03', 'login', 1, NULL)""");
    // scoring as of 30 June sees the days before 1 July; training's latest date with a known outcome is 3 June
    LocalDate july1 = LocalDate.parse("2025-07-01");
    FeatureTable scoring = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 1, true));
    assertThat(value(scoring, "days_since_active", "D", july1)).isEqualTo(122);
    assertThat(value(scoring, "login_count", "D", july1)).isZero();
    assertThat(value(scoring, "days_since_active", "A", july1)).isEqualTo(21); // the login of 10 June, in the windows
    LocalDate june3 = LocalDate.parse("2025-06-03");
    FeatureTable training = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 2, false));
    assertThat(value(training, "days_since_active", "D", june3)).isEqualTo(94);
  }

  @Test
  void rowsOfAResultInManyChunks_comeInTheirOrder() {
    // 300,000 more customers, inserted out of order: DuckDB hands the features over in chunks in any order, and each
    // row must land at its place (the latest date first, then by customer), or a model trained on them would change
    // from run to run
    TestStores.execute(store, """
        INSERT INTO customers (id, created, plan)
        SELECT 'L' || lpad(CAST(i * 7919 % 300000 AS VARCHAR), 6, '0'), TIMESTAMPTZ '2025-01-01 09:00:00+03', 'basic'
        FROM range(300000) r(i)""");
    TestStores.execute(store, """
        INSERT INTO subscriptions
        SELECT 'S' || id, id, 'basic', 29, 'USD', 'month', DATE '2025-01-01', NULL, NULL, NULL FROM customers WHERE id LIKE 'L%'""");
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 1, true));
    assertThat(table.rows()).isGreaterThan(300_000);
    for (int row = 1; row < table.rows(); row++) {
      assertThat(table.customerIds()[row]).as("row %d", row).isGreaterThan(table.customerIds()[row - 1]);
    }
    // training rows of two dates, sampled: the earlier date's first (obs_no descending), each date's by customer, and
    // each row's values its own
    FeatureTable training = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 2, false, 400_000));
    assertThat(training.rows()).isBetween(380_000, 420_000);
    assertThat(training.observations()[0]).isEqualTo(1);
    assertThat(training.observations()[training.rows() - 1]).isZero();
    LocalDate start = LocalDate.parse("2025-01-01");
    for (int row = 1; row < training.rows(); row++) {
      int date = training.observations()[row];
      int before = training.observations()[row - 1];
      String id = training.customerIds()[row];
      assertThat(date < before || date == before && id.compareTo(training.customerIds()[row - 1]) > 0).as("row %d", row).isTrue();
      if (id.startsWith("L")) {
        assertThat(training.column("tenure_days").numbers()[row]).as("row %d", row)
            .isEqualTo(ChronoUnit.DAYS.between(start, training.dates()[row]));
      }
    }
  }

  @Test
  void aSubscriptionOfACustomerMissingFromCustomers_keepsItsRow() {
    // an import refuses a row naming an unknown customer; one written straight into the table still gets its row, at
    // its place, with what the customers table would have said missing
    TestStores.execute(store, """
        INSERT INTO subscriptions VALUES ('Z1', 'Z', 'pro', 49, 'USD', 'month', DATE '2025-03-01', NULL, NULL, NULL)""");
    FeatureTable table = build(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 1, true));
    assertThat(table.customerIds()).containsExactly("A", "Z");
    LocalDate july1 = LocalDate.parse("2025-07-01");
    assertThat(value(table, "mrr", "Z", july1)).isEqualTo(49);
    assertThat(value(table, "tenure_days", "Z", july1)).isEqualTo(122);
    assertThat(value(table, "customer_days", "Z", july1)).isNaN();
    assertThat(value(table, "mrr", "A", july1)).isEqualTo(99);
  }

  @Test
  void readingDuckDbsChunks_givesTheSameTableAsJdbc() {
    // the rows are read from DuckDB's chunks of columns; JDBC's one value at a time (any database) must read the same
    for (FeatureBuilder.Design design : List.of(new FeatureBuilder.Design(AS_OF, 28, 28, 0, 2, false),
        new FeatureBuilder.Design(AS_OF, 28, 28, 0, 12, true))) {
      FeatureTable whole = build(design);
      FeatureBuilder.readChunks = false;
      FeatureTable jdbc;
      try {
        jdbc = build(design);
      } finally {
        FeatureBuilder.readChunks = true;
      }
      assertThat(jdbc.customerIds()).containsExactly(whole.customerIds());
      assertThat(jdbc.dates()).containsExactly(whole.dates());
      assertThat(jdbc.observations()).containsExactly(whole.observations());
      assertThat(jdbc.labels()).containsExactly(whole.labels());
      assertThat(jdbc.value()).containsExactly(whole.value());
      assertThat(jdbc.columns()).hasSameSizeAs(whole.columns());
      for (int c = 0; c < whole.columns().size(); c++) {
        FeatureTable.Column expected = whole.columns().get(c);
        FeatureTable.Column actual = jdbc.columns().get(c);
        assertThat(actual.name()).isEqualTo(expected.name());
        if (expected.categorical()) {
          assertThat(actual.categories()).as(expected.name()).containsExactly(expected.categories());
        } else {
          assertThat(actual.numbers()).as(expected.name()).containsExactly(expected.numbers());
        }
      }
      assertThat(whole.columns()).as("missing numbers among them").anyMatch(column -> !column.categorical()
          && java.util.Arrays.stream(column.numbers()).anyMatch(Double::isNaN));
      assertThat(whole.columns()).as("categories among them").anyMatch(column -> column.categorical()
          && java.util.Arrays.stream(column.categories()).anyMatch(java.util.Objects::nonNull));
    }
  }

  @Test
  void noRows_isExplained() {
    assertThatThrownBy(() -> build(new FeatureBuilder.Design(LocalDate.parse("2024-06-30"), 28, 28, 0, 2, false)))
        .isInstanceOf(IllegalArgumentException.class);
    RetentionMetrics.Query early = new RetentionMetrics.Query(Period.MONTH, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"),
        LocalDate.parse("2024-06-30"), List.of(), null, "USD");
    assertThatThrownBy(() -> new FeatureBuilder(store, metrics).build(early, new FeatureBuilder.Design(LocalDate.parse("2024-06-30"), 28, 28, 0, 2,
        false), null)).isInstanceOf(InputException.class).hasMessageContaining("no customer was active");
  }

  private static double label(FeatureTable table, String customer, LocalDate date) {
    for (int i = 0; i < table.rows(); i++) {
      if (table.customerIds()[i].equals(customer) && table.dates()[i].equals(date)) {
        return table.labels()[i];
      }
    }
    throw new AssertionError("no row for " + customer + " at " + date);
  }

  @Test
  void timeOrdered_tellsEventsStoredInTimeOrderFromEventsStoredByCustomer() throws Exception {
    try (DuckDbStore byTime = DuckDbStore.open(folder.resolve("t.duckdb"), java.time.ZoneId.of("UTC"));
        DuckDbStore byCustomer = DuckDbStore.open(folder.resolve("c.duckdb"), java.time.ZoneId.of("UTC"))) {
      assertThat(FeatureBuilder.timeOrdered(byTime.connection())).as("no events").isFalse();
      // 600,000 logins of 1,000 customers over two years (one every 105 s, the customers in turn): the first row group
      // of 122,880 events spans a fifth of the time in time order, and nearly all of it in customer order
      String events = "SELECT i, 'C' || (i % 1000), NULL, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i * 105), 'login', 1, NULL"
          + " FROM range(600000) t(i)";
      for (DuckDbStore store : List.of(byTime, byCustomer)) {
        TestStores.execute(store, "INSERT INTO customers (id, created) SELECT 'C' || i, TIMESTAMPTZ '2024-01-01 00:00:00+00' FROM range(1000) t(i)");
      }
      TestStores.execute(byTime, "INSERT INTO events " + events + " ORDER BY i");
      TestStores.execute(byCustomer, "INSERT INTO events " + events + " ORDER BY i % 1000, i");
      assertThat(FeatureBuilder.timeOrdered(byTime.connection())).as("in time order").isTrue();
      assertThat(FeatureBuilder.timeOrdered(byCustomer.connection())).as("in customer order").isFalse();
    }
  }
}
