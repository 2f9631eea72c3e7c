package dev.holdfast.store.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.MrrMovements;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import dev.holdfast.store.ingest.CanonicalTable;
import dev.holdfast.store.ingest.Importer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-built company of src/test/resources/retention/handbuilt (every movement and edge case), with
 * the figures worked out by hand in docs/metrics.md, January to April 2025, as of 30 April 2025.
 */
class RetentionMetricsTest {
  private static final LocalDate JANUARY = LocalDate.of(2025, 1, 1);
  private static final LocalDate APRIL = LocalDate.of(2025, 4, 1);
  private static final LocalDate AS_OF = LocalDate.of(2025, 4, 30);

  @TempDir Path folder;
  private DuckDbStore store;
  private HoldfastConfig config;

  @BeforeEach
  void importTheCompany() throws Exception {
    config = TestStores.config(folder.resolve("m.duckdb"));
    store = DuckDbStore.open(config);
    Path data = Path.of(RetentionMetricsTest.class.getResource("/retention/handbuilt/customers.csv").toURI()).getParent();
    for (CanonicalTable table : List.of(CanonicalTable.CUSTOMERS, CanonicalTable.SUBSCRIPTIONS, CanonicalTable.ORDERS,
        CanonicalTable.SURVEYS, CanonicalTable.SPEND)) {
      String file = table == CanonicalTable.SPEND ? "spend.csv" : table.tableName() + ".csv";
      new Importer(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC())
          .run(List.of(data.resolve(file)), new Importer.Options(null, table, null, null, null, null, false, false, null, null), bytes -> {});
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<PeriodMetrics> months(Map<String, String> policies) {
    return months(policies, List.of(), null);
  }

  private List<PeriodMetrics> months(Map<String, String> policies, List<RetentionMetrics.Segment> filters, String by) {
    HoldfastConfig settings = TestStores.config(folder.resolve("m.duckdb"), policies);
    return new RetentionMetrics(store, settings, Messages.of(Locale.ENGLISH), Clock.systemUTC())
        .compute(new RetentionMetrics.Query(Period.MONTH, JANUARY, APRIL, AS_OF, filters, by, "USD"));
  }

  @Test
  void spells_ofOneSubscriptionAndOfSeveral_asKnownOnTheAsOfDate() throws Exception {
    // customer, spell, start, end, the end before, reason, type: one subscription is one spell (A running, B and D
    // ended); E's two periods 6 days apart are one spell, F's 49 days apart two
    assertThat(spells(AS_OF)).containsExactly(
        "A 1 2024-12-01 null null null null",
        "B 1 2024-11-15 2025-02-10 null price voluntary",
        "D 1 2025-03-05 2025-03-05 null onboarding voluntary",
        "E 1 2024-12-01 null null null null",
        "F 1 2024-10-01 2025-01-20 null payment failed involuntary",
        "F 2 2025-03-10 null 2025-01-20 null null");
    // on 1 February B's end (10 February) is not known yet: B is active, with no reason
    assertThat(spells(LocalDate.of(2025, 2, 1))).contains("B 1 2024-11-15 null null null null");
  }

  private List<String> spells(LocalDate asOf) throws Exception {
    new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC())
        .spells(new RetentionMetrics.Query(Period.MONTH, JANUARY, JANUARY, asOf, List.of(), null, "USD"));
    List<String> spells = new java.util.ArrayList<>();
    try (var statement = store.connection().createStatement(); var rows = statement.executeQuery(
        "SELECT customer_id, spell_no, spell_start, spell_end, previous_end, cancel_reason, churn_type FROM hf_spells"
            + " WHERE customer_id IN ('A', 'B', 'D', 'E', 'F') ORDER BY 1, 2")) {
      while (rows.next()) {
        spells.add(String.join(" ", rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
            rows.getString(6), rows.getString(7)));
      }
    }
    return spells;
  }

  @Test
  void customers_everyMonthAsWorkedOutByHand() {
    List<PeriodMetrics> months = months(Map.of());

    assertThat(months).extracting(PeriodMetrics::label).containsExactly("2025-01", "2025-02", "2025-03", "2025-04");
    // S, E, new, reactivated, reactivated after the window, lost, voluntary, involuntary, gone in the period
    assertThat(months.get(0).customers()).isEqualTo(new CustomerCounts(7, 7, 1, 0, 0, 1, 0, 1, 0));
    assertThat(months.get(1).customers()).isEqualTo(new CustomerCounts(7, 7, 1, 0, 0, 1, 1, 0, 0));
    assertThat(months.get(2).customers()).isEqualTo(new CustomerCounts(7, 8, 1, 1, 0, 0, 0, 0, 1));
    assertThat(months.get(3).customers()).isEqualTo(new CustomerCounts(8, 8, 0, 1, 1, 1, 0, 0, 0));
    assertThat(months.get(0).customers().churnRate()).isCloseTo(100.0 / 7, within(1e-9));
    assertThat(months.get(2).customers().retentionRate()).isCloseTo(600.0 / 7, within(1e-9));
    assertThat(months.get(3).customers().churnRate()).isEqualTo(12.5);
    assertThat(months.get(3).customers().retentionRate()).isEqualTo(87.5);
    assertThat(months).allSatisfy(month -> assertThat(month.partial()).isFalse());
  }

  @Test
  void mrr_movementsEveryMonthAsWorkedOutByHand() {
    List<PeriodMetrics> months = months(Map.of());

    // start, end, new, expansion, contraction, churned, reactivation, billing change, paying at the end
    assertThat(months.get(0).mrr()).isEqualTo(new MrrMovements(600, 610, 50, 0, 0, 40, 0, 0, 6));
    assertThat(months.get(1).mrr()).isEqualTo(new MrrMovements(610, 530, 0, 30, 0, 100, 0, -10, 5));
    assertThat(months.get(2).mrr()).isEqualTo(new MrrMovements(530, 570, 0, 0, 0, 0, 40, 0, 6));
    assertThat(months.get(3).mrr()).isEqualTo(new MrrMovements(570, 540, 0, 0, 50, 0, 20, 0, 7));
    assertThat(months.get(1).mrr().grossRevenueChurn()).isCloseTo(100.0 * 100 / 610, within(1e-9));
    assertThat(months.get(1).mrr().netRevenueRetention()).isCloseTo(100.0 * 540 / 610, within(1e-9));
    assertThat(months).allSatisfy(month -> assertThat(month.mrr().net()).isCloseTo(month.mrr().end() - month.mrr().start(), within(1e-9)));
  }

  @Test
  void purchasesFeedbackAndSpend_asWorkedOutByHand() {
    List<PeriodMetrics> months = months(Map.of());
    PeriodMetrics january = months.get(0);

    // A: 10; I: 50 + 40 and a refund of 20, netted in January
    assertThat(january.purchases().buyers()).isEqualTo(2);
    assertThat(january.purchases().orders()).isEqualTo(3);
    assertThat(january.purchases().revenue()).isEqualTo(80.0);
    assertThat(january.purchases().repeatRate()).isEqualTo(50.0);
    assertThat(january.purchases().purchaseFrequency()).isEqualTo(1.5);
    assertThat(months.get(1).purchases().repeatRate()).isEqualTo(100.0);
    assertThat(january.feedback().nps()).isEqualTo(25.0);
    assertThat(months.get(1).feedback().csat()).isCloseTo(200.0 / 3, within(1e-9));
    assertThat(months.get(2).feedback().ces()).isEqualTo(3.0);
    // ads 300 and 17 of seo's 31 days at 310: 470 for one new customer (C)
    assertThat(january.spend()).isCloseTo(470.0, within(1e-9));
    assertThat(january.cac()).isCloseTo(470.0, within(1e-9));
    assertThat(months.get(1).spend()).isCloseTo(290.0, within(1e-9));
  }

  @Test
  void segments_filterAndSplitByAttribute() {
    PeriodMetrics proJanuary = months(Map.of(), List.of(new RetentionMetrics.Segment("plan", "pro")), null).get(0);
    assertThat(proJanuary.customers()).isEqualTo(new CustomerCounts(2, 3, 1, 0, 0, 0, 0, 0, 0));

    List<PeriodMetrics> byChannel = months(Map.of(), List.of(), "channel");
    assertThat(byChannel.stream().filter(m -> m.label().equals("2025-01")).map(PeriodMetrics::segment))
        .containsExactly("ads", "organic", "seo");
    PeriodMetrics adsJanuary = byChannel.get(0);
    assertThat(adsJanuary.customers().added()).isEqualTo(1);
    assertThat(adsJanuary.cac()).isEqualTo(300.0);
  }

  @Test
  void drillDown_listsTheCustomersBehindEachFigure() {
    RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, JANUARY, APRIL, AS_OF, List.of(), null, "USD");

    assertThat(metrics.customers(query, "2025-02", null, "churned"))
        .extracting(RetentionMetrics.Mover::customerId, RetentionMetrics.Mover::mrrStart, RetentionMetrics.Mover::cancelReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("B", 100.0, "price"));
    assertThat(metrics.customers(query, "2025-02", null, "expansion")).extracting(RetentionMetrics.Mover::customerId).containsExactly("C");
    // a page, the largest MRR first: at the end of February H has 200, A 100
    assertThat(metrics.customers(query, "2025-02", null, "at_end", 2)).extracting(RetentionMetrics.Mover::customerId).containsExactly("H", "A");
    assertThat(metrics.customers(query, "2025-02", null, "billing_change")).extracting(RetentionMetrics.Mover::customerId).containsExactly("G");
    assertThat(metrics.customers(query, "2025-04", null, "lost")).extracting(RetentionMetrics.Mover::customerId, RetentionMetrics.Mover::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("I", "transactional"));
    assertThat(metrics.customers(query, "2025-03", null, "gone_same_period")).extracting(RetentionMetrics.Mover::customerId).containsExactly("D");
    assertThat(metrics.customers(query, "2025-02", null, "at_end")).extracting(RetentionMetrics.Mover::customerId)
        .containsExactlyInAnyOrder("A", "C", "E", "G", "H", "I", "J");
    assertThat(metrics.customers(query, "2025-02", null, "at_start")).filteredOn(mover -> !mover.atEnd())
        .extracting(RetentionMetrics.Mover::customerId, RetentionMetrics.Mover::mrrStart).containsExactly(org.assertj.core.groups.Tuple.tuple("B", 100.0));
    // the lists of who was there at either end say what each customer's MRR did in the period, as the movement lists do
    assertThat(metrics.customers(query, "2025-02", null, "at_start")).filteredOn(mover -> mover.movement() != null)
        .extracting(RetentionMetrics.Mover::customerId, RetentionMetrics.Mover::movement, RetentionMetrics.Mover::cancelReason)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("B", "churned", "price"), org.assertj.core.groups.Tuple.tuple("C", "expansion", null),
            org.assertj.core.groups.Tuple.tuple("G", "billing_change", null));
    assertThat(metrics.customers(query, "2025-02", null, "at_end")).filteredOn(mover -> mover.customerId().equals("C"))
        .extracting(RetentionMetrics.Mover::movement).containsExactly("expansion");
    assertThatThrownBy(() -> metrics.customers(query, "2025-07", null, "lost"))
        .isInstanceOf(InputException.class)
        .hasMessage("period 2025-07 is not in the range computed (2025-01 to 2025-04); widen --from/--to or check the period's spelling");
    // a quarter asked of months: what is missing is the period length
    assertThatThrownBy(() -> metrics.customers(query, "2025-Q1", null, "lost"))
        .hasMessageEndingWith("check the period's spelling; 2025-Q1 is a quarter: add --period quarter");
  }

  @Test
  void policy_gapDays5_makesESixDayGapAChurnAndAReturn() {
    List<PeriodMetrics> months = months(Map.of("policy.gap_days", "5"));
    assertThat(months.get(0).customers().lost()).isEqualTo(2);
    assertThat(months.get(0).mrr().churned()).isEqualTo(100.0);
    assertThat(months.get(1).customers().reactivated()).isEqualTo(1);
    assertThat(months.get(1).mrr().reactivation()).isEqualTo(60.0);
  }

  @Test
  void policy_inactivityDays30_splitsIsOrdersIntoTwoSpells() {
    List<PeriodMetrics> months = months(Map.of("policy.inactivity_days", "30"));
    // I: active 10 Nov to 10 Dec, back on 5 January, inactive from 25 February
    assertThat(months.get(0).customers().atStart()).isEqualTo(6);
    assertThat(months.get(0).customers().reactivated()).isEqualTo(1);
    assertThat(months.get(1).customers().lost()).isEqualTo(2);
    assertThat(months.get(3).customers().lost()).isZero();
  }

  @Test
  void policy_reactivationWindow1000Days_countsLsReturnInsideTheWindow() {
    assertThat(months(Map.of()).get(3).customers().reactivatedAfterWindow()).isEqualTo(1);
    assertThat(months(Map.of("policy.reactivation_window_days", "1000")).get(3).customers().reactivatedAfterWindow()).isZero();
  }

  @Test
  void policy_samePeriodSignupCancelExclude_leavesDOutOfMarch() {
    CustomerCounts counted = months(Map.of()).get(2).customers();
    CustomerCounts excluded = months(Map.of("policy.same_period_signup_cancel", "exclude")).get(2).customers();
    assertThat(counted.added()).isEqualTo(1);
    assertThat(excluded.added()).isZero();
    assertThat(counted.retentionRate()).isCloseTo(600.0 / 7, within(1e-9));
    assertThat(excluded.retentionRate()).isEqualTo(100.0);
  }

  @Test
  void policy_refundsIgnore_keepsJanuaryRevenueGross() {
    assertThat(months(Map.of("policy.refunds", "ignore")).get(0).purchases().revenue()).isEqualTo(100.0);
  }

  @Test
  void asOf_ignoresEverythingAfterIt() {
    HoldfastConfig settings = TestStores.config(folder.resolve("m.duckdb"));
    RetentionMetrics metrics = new RetentionMetrics(store, settings, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    List<PeriodMetrics> months = metrics.compute(new RetentionMetrics.Query(Period.MONTH, JANUARY, APRIL, LocalDate.of(2025, 3, 20),
        List.of(), null, "USD"));
    assertThat(months).hasSize(3);
    PeriodMetrics march = months.get(2);
    assertThat(march.partial()).isTrue();
    assertThat(march.end()).isEqualTo(LocalDate.of(2025, 3, 21));
    assertThat(march.customers()).isEqualTo(new CustomerCounts(7, 8, 1, 1, 0, 0, 0, 0, 1));
    assertThatThrownBy(() -> metrics.compute(new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2025, 5, 1), LocalDate.of(2025, 6, 1),
        AS_OF, List.of(), null, "USD")))
        .hasMessage("--from 2025-05-01 is after the as-of date 2025-04-30; nothing is known yet about those periods");
  }

  @Test
  void unknownAttribute_isNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> months(Map.of(), List.of(), "colour"))
        .isInstanceOf(InputException.class)
        .hasMessage("no customer has an attribute \"colour\"; known attributes: channel, country, owner, plan");
  }

  @Test
  void lastDataDay_isTheLatestActivityNotAfterToday() {
    RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    assertThat(metrics.lastDataDay()).isEqualTo(LocalDate.of(2025, 4, 15));
  }

  @Test
  void cohorts_logoAndRevenueCellsAsWorkedOutByHand() {
    RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2024, 12, 1), LocalDate.of(2025, 2, 1), AS_OF,
        List.of(), null, "USD");
    List<Cohorts.Cohort> cohorts = new Cohorts(metrics, Messages.of(Locale.ENGLISH)).compute(query);

    assertThat(cohorts).extracting(Cohorts.Cohort::label, Cohorts.Cohort::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2024-12", 4L), org.assertj.core.groups.Tuple.tuple("2025-01", 1L),
            org.assertj.core.groups.Tuple.tuple("2025-02", 1L));
    // A, E, G, H: G's yearly plan in February (90), H's downgrade in April (150)
    assertThat(cohorts.get(0).cells()).containsExactly(new Cohorts.Cell(0, 4, 460), new Cohorts.Cell(1, 4, 460), new Cohorts.Cell(2, 4, 450),
        new Cohorts.Cell(3, 4, 450), new Cohorts.Cell(4, 4, 400));
    assertThat(cohorts.get(0).baseMrr()).isEqualTo(460.0);
    assertThat(cohorts.get(1).cells()).containsExactly(new Cohorts.Cell(0, 1, 50), new Cohorts.Cell(1, 1, 80), new Cohorts.Cell(2, 1, 80),
        new Cohorts.Cell(3, 1, 80));
    assertThat(cohorts.get(2).cells()).containsExactly(new Cohorts.Cell(0, 1, 0), new Cohorts.Cell(1, 1, 0), new Cohorts.Cell(2, 1, 0));
    assertThat(new Cohorts(metrics, Messages.of(Locale.ENGLISH)).members(query, "2024-12", null, 4))
        .extracting(Cohorts.Member::customerId).containsExactly("H", "A", "G", "E");
  }

  @Test
  void reasons_lostCustomersByChurnTypeAndCancellationReason() {
    RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    RetentionMetrics.Reasons reasons = metrics.reasons(new RetentionMetrics.Query(Period.MONTH, JANUARY, APRIL, AS_OF, List.of(), null, "USD"));
    // F gave CSAT 1 two days before the failed payment; B answered NPS 9 on 11 January (30 days before
    // cancelling, the first day of the window) and NPS 3 on 5 February
    assertThat(reasons.exitAnswers()).containsExactly(
        new RetentionMetrics.ExitAnswer("2025-01", "all", "csat", "", 1, 1.0),
        new RetentionMetrics.ExitAnswer("2025-02", "all", "nps", "", 1, 9.0),
        new RetentionMetrics.ExitAnswer("2025-02", "all", "nps", "Too expensive for what we use", 1, 3.0));
    assertThat(reasons.cancellations())
        .containsExactly(
            new RetentionMetrics.Reason("2025-01", "all", "involuntary", "payment failed", 1, 40),
            new RetentionMetrics.Reason("2025-02", "all", "voluntary", "price", 1, 100),
            new RetentionMetrics.Reason("2025-04", "all", "inactive", "", 1, 0));
  }

  @Test
  void keptSpells_areRebuiltWhenTheDataChange() {
    RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
    RetentionMetrics.Query query = new RetentionMetrics.Query(Period.MONTH, JANUARY, JANUARY, AS_OF, List.of(), null, "USD");
    assertThat(metrics.compute(query).get(0).customers().added()).isEqualTo(1);
    TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('M', TIMESTAMPTZ '2025-01-20 00:00:00+00')");
    TestStores.execute(store, "INSERT INTO subscriptions VALUES ('M1', 'M', 'basic', 10, 'USD', 'month', DATE '2025-01-20', NULL, NULL, NULL)");
    assertThat(metrics.compute(query).get(0).customers().added()).isEqualTo(2);
  }
}
